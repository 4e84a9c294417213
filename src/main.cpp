// ./mnist: train a fully connected network on MNIST. Everything happens in cli.cpp.
#include "cli.hpp"

int main(int argc, char** argv) { return nn::run_cli(argc, argv); }
