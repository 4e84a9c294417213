// Saving and loading a trained network: a small binary format with a checksum, written atomically.
// The byte layout, field by field: docs/model-format.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "nn/network.hpp"

namespace nn {

constexpr std::uint32_t kModelFormatVersion = 1;

// The file's bytes for `net`: header, layer sizes, parameters as little-endian float32, CRC-32.
std::vector<unsigned char> encode_model(const Network<float>& net);

// Parses a model file held in memory; `name` is only used in messages. Throws std::runtime_error
// "<name>: offset <byte>: expected <what>, found <value>" when the file is truncated, too long,
// corrupt (bad magic, version, codes, sizes or checksum). Never reads outside [bytes, bytes + size).
Network<float> decode_model(const unsigned char* bytes, std::size_t size, const std::string& name);

// encode_model written to a temporary file and renamed over path (write_file_atomically).
void save_model(const std::string& path, const Network<float>& net);
// Reads and decodes the file; the messages name the path.
Network<float> load_model(const std::string& path);

// Throws std::runtime_error "<path>: offset <byte>: expected <n_in> inputs (<why>), found <k>" when the
// network's input or output size differs from what the caller's data needs. The offsets are those
// of the first and last layer sizes in the file.
void require_model_shape(const Network<float>& net, const std::string& path, std::size_t inputs,
                         const std::string& why, std::size_t outputs);

}  // namespace nn
