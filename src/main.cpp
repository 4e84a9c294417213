// ./mnist: train a fully connected network on MNIST. Everything happens in app/cli.cpp.
#include "app/cli.hpp"

int main(int argc, char** argv) { return nn::run_cli(argc, argv); }
