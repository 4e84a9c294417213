// The ./mnist program: picks the command, parses its options with its table, runs it, and turns
// errors into one line on stderr and an exit code. Only src/app/ prints or chooses exit codes.
#include "app/cli.hpp"

#include <cstdio>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>

#include "app/commands.hpp"
#include "app/options.hpp"

namespace nn {
namespace {

using Command = int (*)(const Options&);

// The sub-command named argv[1], or nullptr when argv[1] is not one (then it is ./mnist's training).
Command sub_command(const std::string& name) {
    if (name == "compare") return compare_command;
    if (name == "sweep") return sweep_command;
    if (name == "evaluate") return evaluate_command;
    if (name == "predict") return predict_command;
    if (name == "reproduce") return reproduce_command;
    if (name == "export-web") return export_web_command;
    return nullptr;
}

}  // namespace

int run_cli(int argc, const char* const* argv) {
    try {
        const Command command = argc >= 2 ? sub_command(argv[1]) : nullptr;
        const CommandSpec& spec = command ? command_spec(argv[1]) : train_command_spec();
        const Options o = parse_command(spec, argc, argv, command ? 2 : 1);
        if (o.help) {
            std::fputs(usage(spec).c_str(), stdout);
            return 0;
        }
        return command ? command(o) : train_command(o);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "mnist: error: %s\nTry 'mnist --help' for the options.\n", e.what());
        return 2;
    } catch (const std::bad_alloc&) {
        // The last resort: networks and batches are checked against the machine's memory before they
        // are allocated (app/setup.hpp, check_memory), so this means something else was too large.
        std::fprintf(stderr, "mnist: error: out of memory: an allocation failed (std::bad_alloc); try smaller "
                             "layers, a smaller --batch or --train-limit\n");
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mnist: error: %s\n", e.what());
        return 1;
    }
}

}  // namespace nn
