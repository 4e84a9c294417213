// Will a network fit in memory? The bytes a training run allocates, counted from the layer sizes
// before anything is allocated, against what the machine has: a clear refusal, never std::bad_alloc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "nn/metrics.hpp"  // kEvaluationChunk: rows a forward pass holds at once in an evaluation

namespace nn {

// When the machine's memory cannot be read (no /proc/meminfo), a network is refused above this
// many bytes: 16 GiB.
constexpr std::uint64_t kMemoryCapWithoutMeminfo = std::uint64_t{16} << 30;

// The float32 bytes of training `layers` with batches of `rows` examples (the larger of the batch
// and the evaluation chunk): W and b, dW and db (2 x the parameters), and for each layer's
// z, h, delta and the backward pass's input gradient (4 x rows x width), plus the batch itself
// and its copy for the evaluation (2 x rows x inputs). Past plain SGD (docs/15-momentum.md to
// docs/20-early-stopping.md): `parameter_copies` more matrices the size of the parameters (the
// optimiser's state, early stopping's best weights), and with dropout the mask and the masked
// activations of every hidden layer (2 x rows x width). Saturates at UINT64_MAX instead of overflowing.
std::uint64_t training_bytes(const std::vector<std::size_t>& layers, std::size_t rows,
                             std::size_t parameter_copies = 0, bool dropout = false);

// The parameters of the network: the sum over layers of n_in x n_out + n_out (saturating).
std::uint64_t parameter_count(const std::vector<std::size_t>& layers);

// What the machine has: MemAvailable from a /proc/meminfo-format file (MemTotal when it has no
// MemAvailable line), in bytes, and the line it came from ("MemAvailable in /proc/meminfo").
// Bytes 0 when the file cannot be read or holds neither line.
struct MemoryInfo {
    std::uint64_t bytes = 0;
    std::string source;
};
MemoryInfo available_memory(const std::string& meminfo_path = "/proc/meminfo");

// "1.5 GB" (decimal units, one decimal), for messages.
std::string bytes_text(std::uint64_t bytes);

// Throws std::runtime_error when training_bytes(layers, rows, parameter_copies, dropout) exceeds `have` (or, when have.bytes
// is 0, kMemoryCapWithoutMeminfo): "<what>: expected a network that fits in memory, found one that
// needs N bytes (...) for P parameters with batches of R rows; this machine has M bytes (...) ...".
void require_memory(const std::vector<std::size_t>& layers, std::size_t rows, const std::string& what,
                    const MemoryInfo& have, std::size_t parameter_copies = 0, bool dropout = false);

}  // namespace nn
