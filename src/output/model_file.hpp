// Saving and loading a trained network: a small binary format with a checksum, written atomically.
// The byte layout, field by field: docs/model-format.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "nn/network.hpp"
#include "run/optimizer_state.hpp"

namespace nn {

// Version 1: the network. Version 2: the network and the state of its optimiser (momentum, Nesterov
// or Adam), written only when there is such state, so plain-SGD files stay version 1 byte for byte.
// Both versions are read.
constexpr std::uint32_t kModelFormatVersion = 1;
constexpr std::uint32_t kModelFormatVersionWithOptimizer = 2;

// A network and what is needed to continue training it.
struct Checkpoint {
    Network<float> net;
    // settings.method, t and the state v, s as saved; a version 1 file gives plain SGD (no state).
    // The hyperparameters (momentum, betas, epsilon, weight decay) are not stored: they come from
    // the command line when training continues.
    Optimizer<float> optimizer;
};

// The file's bytes for `net`: header, layer sizes, parameters as little-endian float32, CRC-32; and
// with an optimiser that keeps state (not plain SGD), version 2 with that state before the CRC.
std::vector<unsigned char> encode_model(const Network<float>& net, const Optimizer<float>* optimizer = nullptr);

// Parses a model file held in memory; `name` is only used in messages. Throws std::runtime_error
// "<name>: offset <byte>: expected <what>, found <value>" when the file is truncated, too long,
// corrupt (bad magic, version, codes, sizes or checksum). Never reads outside [bytes, bytes + size).
Network<float> decode_model(const unsigned char* bytes, std::size_t size, const std::string& name);
// As decode_model, with the optimiser state of a version 2 file.
Checkpoint decode_checkpoint(const unsigned char* bytes, std::size_t size, const std::string& name);

// encode_model written to a temporary file and renamed over path (write_file_atomically).
void save_model(const std::string& path, const Network<float>& net, const Optimizer<float>* optimizer = nullptr);
// Reads and decodes the file; the messages name the path.
Network<float> load_model(const std::string& path);
Checkpoint load_checkpoint(const std::string& path);

// Throws std::runtime_error "<path>: offset <byte>: expected <n_in> inputs (<why>), found <k>" when the
// network's input or output size differs from what the caller's data needs. The offsets are those
// of the first and last layer sizes in the file.
void require_model_shape(const Network<float>& net, const std::string& path, std::size_t inputs,
                         const std::string& why, std::size_t outputs);

}  // namespace nn
