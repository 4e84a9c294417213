// libFuzzer harness for the option parser (src/app/options.cpp) of every command: the input is an
// argument vector, its arguments separated by NUL bytes ("compare\0--batches\01,64"), dispatched as
// ./mnist does (a first argument naming a sub-command picks its table). Parsing only: nothing is
// trained, loaded or written. Any input is either parsed into options that keep the parser's promises
// (sizes >= 1, a finite positive learning rate, ...) or refused with a UsageError (exit 2); a crash,
// a hang, a sanitizer report or any other exception (which would not be exit 0, 1 or 2 with a clear
// message) is a finding. Built by `make fuzz`, run by tests/fuzz/run.sh, replayed in every `make test`.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/options.hpp"

namespace {

// What a parsed Options promises, whatever the command line was.
bool keeps_promises(const nn::Options& o) {
    if (o.layers.size() < 2 || o.batch_size < 1 || o.epochs < 1 || !(o.eta > 0) || !std::isfinite(o.eta)) return false;
    for (std::size_t n : o.layers)
        if (n < 1) return false;
    for (double lr : o.lrs)
        if (!(lr > 0) || !std::isfinite(lr)) return false;
    for (std::size_t b : o.batches)
        if (b < 1) return false;
    for (std::size_t h : o.hidden_sizes)
        if (h < 1) return false;
    return o.threads >= 0 && o.threads <= 256 && !o.data_dir.empty();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> args = {"mnist"};
    std::string current;
    for (std::size_t i = 0; i < size && args.size() < 64; ++i) {
        if (data[i] == 0) {
            args.push_back(current);
            current.clear();
        } else {
            current += static_cast<char>(data[i]);
        }
    }
    if (!current.empty() && args.size() < 64) args.push_back(current);
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    const int argc = static_cast<int>(argv.size());

    // The dispatch of run_cli (src/app/cli.cpp): argv[1] names a sub-command, or it is ./mnist's options.
    const nn::CommandSpec* spec = &nn::train_command_spec();
    int first = 1;
    if (argc >= 2) {
        try {
            spec = &nn::command_spec(argv[1]);
            first = 2;
        } catch (const std::out_of_range&) {
            // not a sub-command: ./mnist's own options
        }
    }
    try {
        const nn::Options o = nn::parse_command(*spec, argc, argv.data(), first);
        if (!keeps_promises(o)) std::abort();
        if (o.help && nn::usage(*spec).empty()) std::abort();
    } catch (const nn::UsageError&) {
        // refused with a message and exit 2: the expected outcome for most inputs
    }
    return 0;
}
