// Ctrl-C during training: the first stops the run after the current step (the program then reports
// and saves what it has), a second exits at once. Plain std::signal, so it works on every system.
#pragma once

namespace nn {

// Installs the handler for SIGINT while in scope (training only; loading data stops at once as
// usual), and puts the previous handler back afterwards.
class InterruptScope {
public:
    InterruptScope();
    ~InterruptScope();
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;

private:
    void (*previous_)(int);
};

// True once Ctrl-C has been pressed inside an InterruptScope.
bool interrupted();

}  // namespace nn
