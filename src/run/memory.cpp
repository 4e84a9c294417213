// The memory a run needs, counted from its layer sizes, and the memory the machine has, read from
// /proc/meminfo: a network too large is refused before it is allocated.
#include "run/memory.hpp"

#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace nn {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

std::uint64_t mul(std::uint64_t a, std::uint64_t b) { return a != 0 && b > kMax / a ? kMax : a * b; }
std::uint64_t add(std::uint64_t a, std::uint64_t b) { return b > kMax - a ? kMax : a + b; }

}  // namespace

std::uint64_t parameter_count(const std::vector<std::size_t>& layers) {
    std::uint64_t p = 0;
    for (std::size_t l = 0; l + 1 < layers.size(); ++l) p = add(p, mul(add(layers[l], 1), layers[l + 1]));  // W and b
    return p;
}

std::uint64_t training_bytes(const std::vector<std::size_t>& layers, std::size_t rows, std::size_t parameter_copies,
                             bool dropout) {
    if (layers.empty()) return 0;
    std::uint64_t floats = mul(add(2, parameter_copies), parameter_count(layers));  // W, b, dW, db and the copies
    for (std::size_t l = 1; l < layers.size(); ++l) floats = add(floats, mul(mul(4, rows), layers[l]));  // z, h, delta, dX
    if (dropout)  // the mask and h * mask of every hidden layer
        for (std::size_t l = 1; l + 1 < layers.size(); ++l) floats = add(floats, mul(mul(2, rows), layers[l]));
    floats = add(floats, mul(mul(2, rows), layers.front()));  // the batch X, and an evaluation chunk
    return mul(floats, sizeof(float));
}

MemoryInfo available_memory(const std::string& meminfo_path) {
    std::ifstream in(meminfo_path);
    MemoryInfo available, total;
    for (std::string line; std::getline(in, line);) {  // "MemAvailable:    7812345 kB"
        std::istringstream fields(line);
        std::string key, unit;
        unsigned long long kb = 0;
        if (!(fields >> key >> kb >> unit) || unit != "kB") continue;
        if (key == "MemAvailable:") available = {mul(kb, 1024), "MemAvailable in " + meminfo_path};
        if (key == "MemTotal:") total = {mul(kb, 1024), "MemTotal in " + meminfo_path};
    }
    return available.bytes ? available : total;
}

std::string bytes_text(std::uint64_t bytes) {
    char text[64];
    const double b = static_cast<double>(bytes);
    if (b >= 1e12) std::snprintf(text, sizeof text, "%.1f TB", b / 1e12);
    else if (b >= 1e9) std::snprintf(text, sizeof text, "%.1f GB", b / 1e9);
    else std::snprintf(text, sizeof text, "%.1f MB", b / 1e6);
    return text;
}

void require_memory(const std::vector<std::size_t>& layers, std::size_t rows, const std::string& what,
                    const MemoryInfo& have, std::size_t parameter_copies, bool dropout) {
    const std::uint64_t need = training_bytes(layers, rows, parameter_copies, dropout);
    const std::uint64_t limit = have.bytes ? have.bytes : kMemoryCapWithoutMeminfo;
    if (need <= limit) return;
    const std::string source = have.bytes ? have.source : "no /proc/meminfo, so the cap of 16 GiB";
    throw std::runtime_error(what + ": expected a network that fits in memory, found one that needs " +
                             std::to_string(need) + " bytes (" + bytes_text(need) + ": " +
                             std::to_string(parameter_count(layers)) + " parameters and their gradients" +
                             (parameter_copies ? " and " + std::to_string(parameter_copies) + " copies" : std::string()) +
                             ", and " +
                             std::to_string(rows) + " rows of activations); this machine has " +
                             std::to_string(limit) + " bytes (" + bytes_text(limit) + ", " + source +
                             "); use smaller layers or a smaller batch");
}

}  // namespace nn
