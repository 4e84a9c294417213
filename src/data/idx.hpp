// IDX, the file format of MNIST: a big-endian header (magic, dimensions) followed by big-endian data.
// Layout, type codes and every validation rule: docs/11-idx-format.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nn {

// The third byte of the magic number says what one element is.
enum class IdxType : std::uint8_t {
    UByte = 0x08,    // unsigned byte (MNIST pixels and labels)
    Byte = 0x09,     // signed byte
    Int16 = 0x0B,    // 2 bytes, big-endian two's complement
    Int32 = 0x0C,    // 4 bytes, big-endian two's complement
    Float32 = 0x0D,  // 4 bytes, big-endian IEEE 754
    Float64 = 0x0E,  // 8 bytes, big-endian IEEE 754
};

// Bytes per element of the type: 1, 1, 2, 4, 4 or 8.
std::size_t idx_type_size(IdxType type);
// "unsigned byte", "signed byte", "int16", "int32", "float32" or "float64", for messages.
const char* idx_type_name(IdxType type);

// A parsed IDX file. The elements keep their bytes exactly as in the file (big-endian), so
// a 47 MB unsigned-byte file stays 47 MB in memory; value(k) decodes one element.
struct IdxArray {
    IdxType type = IdxType::UByte;
    std::vector<std::uint32_t> dims;  // dims[0] varies slowest (row-major), e.g. {60000, 28, 28}
    std::vector<unsigned char> data;  // count() * idx_type_size(type) bytes

    // Number of elements: the product of dims.
    std::size_t count() const;
    // Element k (flat, row-major) decoded to a double, exact for every type; throws
    // std::invalid_argument when k >= count().
    double value(std::size_t k) const;
    // "60000 x 28 x 28", for messages.
    std::string shape() const;
};

// Parses a whole IDX file held in memory. `name` is only used in error messages.
// Throws std::runtime_error "<name>: offset <byte>: expected <what>, found <value>[; <fix>]" for
// any malformed input; never reads outside [bytes, bytes + size) and never allocates more than
// about `size` bytes, whatever the header claims (safe to fuzz).
IdxArray parse_idx(const unsigned char* bytes, std::size_t size, const std::string& name);

// Reads the file at `path` and parses it; the messages name the path.
IdxArray read_idx(const std::string& path);

}  // namespace nn
