// The SIGINT handler of training runs: a flag read after every step, and an immediate exit on the
// second Ctrl-C. Only async-signal-safe things happen in the handler.
#include "app/interrupt.hpp"

#include <atomic>
#include <csignal>
#include <cstdlib>

namespace nn {
namespace {

// An atomic rather than volatile sig_atomic_t because the signal may land on any thread, e.g. one of
// the matmul pool's.
std::atomic<int> g_interrupted{0};
static_assert(std::atomic<int>::is_always_lock_free, "a signal handler may only use lock-free atomics");

extern "C" void on_interrupt(int) {
    if (g_interrupted) std::_Exit(130);  // 128 + SIGINT, as the shell reports it
    g_interrupted = 1;
}

}  // namespace

InterruptScope::InterruptScope() : previous_(std::signal(SIGINT, on_interrupt)) { g_interrupted = 0; }

InterruptScope::~InterruptScope() { std::signal(SIGINT, previous_ == SIG_ERR ? SIG_DFL : previous_); }

bool interrupted() { return g_interrupted != 0; }

}  // namespace nn
