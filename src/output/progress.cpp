// A one-line progress bar for long epochs: done/total, samples per second and the time left.
// Shown only on a terminal; docs/07-sgd.md explains what an epoch is.
#include "output/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/platform.hpp"

namespace nn {

std::string progress_line(std::size_t done, std::size_t total, double seconds, std::size_t width) {
    const double fraction = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
    const std::size_t filled = static_cast<std::size_t>(fraction * static_cast<double>(width));
    std::string bar = "\r[" + std::string(filled, '#') + std::string(width - std::min(filled, width), '.') + "]";
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
    char tail[96];
    if (rate > 0) {
        const long left = std::lround(static_cast<double>(total - std::min(done, total)) / rate);
        std::snprintf(tail, sizeof tail, "  %zu/%zu  %.0f samples/s  ETA %ld:%02ld ", done, total, rate, left / 60, left % 60);
    } else {
        std::snprintf(tail, sizeof tail, "  %zu/%zu ", done, total);
    }
    return bar + tail;
}

std::string progress_clear(std::size_t width) { return "\r" + std::string(width + 70, ' ') + "\r"; }

ProgressBar::ProgressBar() : enabled_(stdout_is_terminal()) {}

void ProgressBar::start() { start_ = last_ = std::chrono::steady_clock::now(); }

void ProgressBar::update(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    std::fputs(progress_line(done, total, std::chrono::duration<double>(now - start_).count()).c_str(), stdout);
    std::fflush(stdout);
    shown_ = true;
}

void ProgressBar::clear() {
    if (!shown_) return;
    std::fputs(progress_clear().c_str(), stdout);
    shown_ = false;
}

}  // namespace nn
