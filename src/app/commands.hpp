// The commands of ./mnist, one function each, given their parsed options (app/options.hpp).
// Each prints its report and returns the exit code; errors are thrown to run_cli (app/cli.cpp).
#pragma once

#include "app/options.hpp"

namespace nn {

int train_command(const Options& o);     // ./mnist [options]             app/train_command.cpp
int compare_command(const Options& o);   // ./mnist compare               app/grid_commands.cpp
int sweep_command(const Options& o);     // ./mnist sweep                 app/grid_commands.cpp
int evaluate_command(const Options& o);  // ./mnist evaluate --load FILE  app/evaluate_command.cpp
int predict_command(const Options& o);   // ./mnist predict --load FILE IMAGE.pgm  app/predict_command.cpp
int reproduce_command(const Options& o); // ./mnist reproduce SOURCE      app/reproduce_command.cpp
int export_web_command(const Options& o);  // ./mnist export-web --load FILE     app/export_web_command.cpp

// A run stopped by Ctrl-C or SIGTERM exits with interrupt_exit_code() (app/interrupt.hpp): 130 or 143.

}  // namespace nn
