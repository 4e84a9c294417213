// The ./mnist program: options in, a trained network and a per-epoch report out.
// Only this file and main.cpp print or choose exit codes; the library throws.
#pragma once

namespace nn {

// Exit codes: 0 success, 1 error (bad data, I/O, divergence, too little memory), 2 usage error,
// 130 interrupted by Ctrl-C (SIGINT) or 143 by SIGTERM during training, after printing the summary
// so far and writing the CSV (and the model, with --save).
int run_cli(int argc, const char* const* argv);

}  // namespace nn
