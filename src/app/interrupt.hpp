// Ctrl-C (SIGINT) or SIGTERM (kill, a batch system's time limit) during training: the first stops the
// run after the current step (the program then reports and saves what it has), a second exits at
// once. Plain std::signal, so it works on every system.
#pragma once

namespace nn {

// Installs the handler for SIGINT and SIGTERM while in scope (training only; loading data stops at
// once as usual), and puts the previous handlers back afterwards.
class InterruptScope {
public:
    InterruptScope();
    ~InterruptScope();
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;

private:
    void (*previous_int_)(int);
    void (*previous_term_)(int);
};

// True once Ctrl-C or SIGTERM has arrived inside an InterruptScope.
bool interrupted();
// "Ctrl-C" or "SIGTERM": what stopped the run, for the summary line.
const char* interrupt_name();
// The exit code of a run stopped by it: 128 + the signal number, as the shell reports it
// (130 for Ctrl-C, 143 for SIGTERM).
int interrupt_exit_code();

}  // namespace nn
