// The SIGINT and SIGTERM handler of training runs: a flag read after every step, and an immediate
// exit on the second signal. Only async-signal-safe things happen in the handler.
#include "app/interrupt.hpp"

#include <atomic>
#include <csignal>
#include <cstdlib>

namespace nn {
namespace {

// The signal that arrived first (0: none). An atomic rather than volatile sig_atomic_t because the
// signal may land on any thread, e.g. one of the matmul pool's.
std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "a signal handler may only use lock-free atomics");

extern "C" void on_interrupt(int signal) {
    if (g_signal) std::_Exit(128 + signal);  // the second one: 130 for SIGINT, 143 for SIGTERM
    g_signal = signal;
}

void restore(int signal, void (*previous)(int)) { std::signal(signal, previous == SIG_ERR ? SIG_DFL : previous); }

}  // namespace

InterruptScope::InterruptScope()
    : previous_int_(std::signal(SIGINT, on_interrupt)), previous_term_(std::signal(SIGTERM, on_interrupt)) {
    g_signal = 0;
}

InterruptScope::~InterruptScope() {
    restore(SIGINT, previous_int_);
    restore(SIGTERM, previous_term_);
}

bool interrupted() { return g_signal != 0; }

const char* interrupt_name() { return g_signal == SIGTERM ? "SIGTERM" : "Ctrl-C"; }

int interrupt_exit_code() { return 128 + (g_signal ? g_signal.load() : SIGINT); }

}  // namespace nn
