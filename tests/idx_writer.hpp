// Writing IDX files, for the tests only (the program never writes one): tiny MNIST-format data sets
// and hand-made malformed files. The layout: docs/11-idx-format.md.
#pragma once

#include <charconv>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/bytes.hpp"
#include "data/idx.hpp"
#include "output/atomic_file.hpp"

namespace testdata {

// The shortest text that reads back as exactly v: "1.5", "0.1", "1e+39".
inline std::string number(double v) {
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    return std::string(buf, end);
}

inline std::size_t element_count(const std::vector<std::uint32_t>& dims) {
    std::size_t n = 1;
    for (std::uint32_t d : dims) n *= d;
    return n;
}

inline std::string dims_text(const std::vector<std::uint32_t>& dims) {
    std::string s;
    for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? " x " : "") + std::to_string(dims[i]);
    return s;
}

// The bytes of an IDX file holding `values` (row-major) with the given dims.
// Throws std::invalid_argument when the rank is not 1..255, values.size() is not the product of
// dims, or a value is not representable in the type (e.g. 300 or 1.5 as a signed byte).
inline std::vector<unsigned char> encode_idx(nn::IdxType type, const std::vector<std::uint32_t>& dims,
                                      const std::vector<double>& values) {
    if (std::string(nn::idx_type_name(type)) == "unknown type")
        throw std::invalid_argument("encode_idx: expected a known IdxType, found " +
                                    std::to_string(static_cast<unsigned>(type)));
    if (dims.empty() || dims.size() > 255)
        throw std::invalid_argument("encode_idx: expected a rank from 1 to 255, found " +
                                    std::to_string(dims.size()));
    const std::size_t width = nn::idx_type_size(type);
    const std::size_t count = element_count(dims), bytes = count * width;
    if (count != values.size())
        throw std::invalid_argument("encode_idx: expected one value per element of dims " + dims_text(dims) +
                                    ", found " + std::to_string(values.size()) + " values");

    std::vector<unsigned char> out = {0, 0, static_cast<unsigned char>(type),
                                      static_cast<unsigned char>(dims.size())};
    out.reserve(4 + 4 * dims.size() + bytes);
    for (std::uint32_t d : dims) nn::append_big_endian(out, d, 4);

    double lo = 0, hi = 0;  // range of the integer types
    switch (type) {
        case nn::IdxType::UByte: lo = 0; hi = 255; break;
        case nn::IdxType::Byte: lo = -128; hi = 127; break;
        case nn::IdxType::Int16: lo = -32768; hi = 32767; break;
        case nn::IdxType::Int32: lo = -2147483648.0; hi = 2147483647.0; break;
        default: break;
    }
    for (std::size_t k = 0; k < values.size(); ++k) {
        const double v = values[k];
        if (type == nn::IdxType::Float64) {
            std::uint64_t bits;
            std::memcpy(&bits, &v, sizeof bits);
            nn::append_big_endian(out, bits, 8);
        } else if (type == nn::IdxType::Float32) {
            if (std::isfinite(v) && std::fabs(v) > FLT_MAX)  // converting it would be undefined
                throw std::invalid_argument("encode_idx: element " + std::to_string(k) +
                                            ": expected a value within float32 range, found " + number(v));
            const float f = static_cast<float>(v);
            std::uint32_t bits;
            std::memcpy(&bits, &f, sizeof bits);
            nn::append_big_endian(out, bits, 4);
        } else {
            if (!(v >= lo && v <= hi && v == std::trunc(v)))  // also rejects NaN
                throw std::invalid_argument("encode_idx: element " + std::to_string(k) +
                                            ": expected an integer in " + number(lo) + ".." + number(hi) +
                                            " (" + nn::idx_type_name(type) + "), found " + number(v));
            // Two's complement: the low `width` bytes of the value modulo 2^64.
            nn::append_big_endian(out, static_cast<std::uint64_t>(static_cast<std::int64_t>(v)), width);
        }
    }
    return out;
}

// Writes encode_idx(...) to path atomically (write_file_atomically).
inline void write_idx(const std::string& path, nn::IdxType type, const std::vector<std::uint32_t>& dims,
               const std::vector<double>& values) {
    const std::vector<unsigned char> bytes = encode_idx(type, dims, values);
    nn::write_file_atomically(path, std::string(bytes.begin(), bytes.end()));
}

}  // namespace testdata
