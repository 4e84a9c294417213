// A one-line progress bar for long epochs: done/total, samples per second and the time left.
// Shown only on a terminal; docs/07-sgd.md explains what an epoch is.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace nn {

// "[#########...........]  27000/60000  4512 samples/s  ETA 0:07", `width` characters of bar.
// Starts with '\r' so that printing it again overwrites the line; no newline.
std::string progress_line(std::size_t done, std::size_t total, double seconds, std::size_t width = 30);

// Blanks that erase a progress line (with '\r' before and after).
std::string progress_clear(std::size_t width = 30);

// A progress bar on stdout, drawn only when stdout is a terminal, at most 5 times a second.
class ProgressBar {
public:
    ProgressBar();
    void start();                                     // at the start of an epoch
    void update(std::size_t done, std::size_t total); // after a step
    void clear();                                     // before printing a line of the report
private:
    bool enabled_, shown_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace nn
