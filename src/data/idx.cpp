// IDX reading: header checks in file order, byte-by-byte big-endian decoding.
// Derivation of the layout and of each check: docs/11-idx-format.md.
#include "data/idx.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <stdexcept>

#include "core/bytes.hpp"

namespace nn {

// Floats are stored as their IEEE 754 bit pattern; we copy that pattern into an integer of the same
// width and write it most significant byte first, which works whatever the machine's byte order.
static_assert(std::numeric_limits<float>::is_iec559 && sizeof(float) == 4, "IEEE 754 float needed");
static_assert(std::numeric_limits<double>::is_iec559 && sizeof(double) == 8, "IEEE 754 double needed");

namespace {

bool is_known_type(unsigned code) {
    return code == 0x08 || code == 0x09 || code == 0x0B || code == 0x0C || code == 0x0D || code == 0x0E;
}

// Two's complement of width n bytes, read arithmetically: a set top bit means "minus 2^(8n)".
double to_signed(std::uint64_t u, std::size_t n) {
    const double x = static_cast<double>(u);
    return (u >> (8 * n - 1)) & 1 ? x - std::ldexp(1.0, static_cast<int>(8 * n)) : x;
}

std::string join_dims(const std::vector<std::uint32_t>& dims) {
    std::string s;
    for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? " x " : "") + std::to_string(dims[i]);
    return s;
}

// Bytes needed by the data: width * dims[0] * dims[1] * ...; false if that overflows size_t.
bool data_bytes(const std::vector<std::uint32_t>& dims, std::size_t width, std::size_t& bytes) {
    bytes = width;
    bool overflow = false;
    for (std::uint32_t d : dims) {
        if (d == 0) {
            bytes = 0;  // an empty dimension makes the whole array empty, whatever the others say
            return true;
        }
        if (overflow || bytes > std::numeric_limits<std::size_t>::max() / d) overflow = true;
        else bytes *= d;
    }
    return !overflow;
}

// MNIST's files have "idx1" or "idx3" in their names; only then is 'make data' the right fix.
bool looks_like_mnist(const std::string& name) {
    return name.find("idx1") != std::string::npos || name.find("idx3") != std::string::npos;
}

const char* const kMagic = "magic 0x0000<type><rank>";

// All the checks of docs/11-idx-format.md, in file order. On success sets type and dims and returns
// the header size: the data are exactly bytes [header, size). Reads nothing outside [b, b + size),
// and allocates only the dims (at most 255 of them, all present in the input).
// docs/11-idx-format.md#eq-11-2, docs/11-idx-format.md#what-the-parser-checks
std::size_t check_idx(const unsigned char* b, std::size_t size, const std::string& name,
                      IdxType& type, std::vector<std::uint32_t>& dims) {
    const std::string make_data = looks_like_mnist(name) ? "; run 'make data' to fetch MNIST" : "";
    if (size == 0)
        throw std::runtime_error(at(name, 0) + "expected an IDX header (" + kMagic +
                                 "), found an empty file" + make_data);

    // Two common accidents before the real checks: a still-compressed file, and an error page
    // saved by a failed download. Neither can start with the IDX magic's zero byte.
    if (size >= 2 && b[0] == 0x1F && b[1] == 0x8B) {
        const bool gz = name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0;
        throw std::runtime_error(at(name, 0) + "expected " + kMagic + ", found " +
                                 hex(b, size < 4 ? size : 4) + "; the file is gzip data, " +
                                 (gz ? "decompress it with 'gunzip " + name + "'"
                                     : "decompress it with 'mv " + name + " " + name + ".gz && gunzip " +
                                           name + ".gz'") +
                                 " or run 'make data'");
    }
    std::size_t first = 0;  // first byte that is not ASCII white space
    while (first < size && (b[first] == ' ' || b[first] == '\t' || b[first] == '\r' || b[first] == '\n'))
        ++first;
    if (first < size && b[first] == '<') {
        std::string text;  // up to 24 printable characters, to show what the file really is
        for (std::size_t i = first; i < size && text.size() < 24; ++i)
            text += (b[i] >= 0x20 && b[i] < 0x7F) ? static_cast<char>(b[i]) : '.';
        throw std::runtime_error(at(name, 0) + "expected " + kMagic + ", found text \"" + text +
                                 "\"; it looks like an HTML page, probably a failed download: delete it" +
                                 (make_data.empty() ? " and fetch the file again" : " and run 'make data'"));
    }

    if (size < 4)
        throw std::runtime_error(at(name, 0) + "expected a 4-byte " + kMagic + ", found a " +
                                 std::to_string(size) + "-byte file");
    if (b[0] != 0 || b[1] != 0)
        throw std::runtime_error(at(name, 0) + "expected magic bytes 0x0000, found " + hex(b, 2) +
                                 " (magic " + hex(b, 4) + "); this is not an IDX file");
    if (!is_known_type(b[2]))
        throw std::runtime_error(at(name, 2) + "expected a type code 0x08 (unsigned byte), "
                                 "0x09 (signed byte), 0x0b (int16), 0x0c (int32), 0x0d (float32) "
                                 "or 0x0e (float64), found " + hex(b + 2, 1));
    type = static_cast<IdxType>(b[2]);
    const std::size_t rank = b[3];
    if (rank == 0)
        throw std::runtime_error(at(name, 3) +
                                 "expected a rank (number of dimensions) from 1 to 255, found 0");

    const std::size_t header = 4 + 4 * rank;
    if (size < header)
        throw std::runtime_error(at(name, 4) + "expected " + std::to_string(rank) + " dimensions (" +
                                 std::to_string(4 * rank) + " bytes) for rank " + std::to_string(rank) +
                                 ", found " + std::to_string(size - 4) + " bytes (the file is truncated)");
    dims.resize(rank);
    for (std::size_t i = 0; i < rank; ++i)  // dimension i is the uint32 at offset 4 + 4i
        dims[i] = static_cast<std::uint32_t>(read_big_endian(b + 4 + 4 * i, 4));

    // Size checks come before any allocation proportional to the dims, so a 20-byte file that
    // claims 2^96 elements costs nothing.
    const std::size_t width = idx_type_size(type);
    const std::size_t have = size - header;
    std::size_t need = 0;
    if (!data_bytes(dims, width, need))
        throw std::runtime_error(at(name, header) + "expected dims that fit the " + std::to_string(size) +
                                 "-byte file, found dims " + join_dims(dims) + " (" + idx_type_name(type) +
                                 "), whose byte count even overflows size_t");
    const std::string what =
        " bytes of data for dims " + join_dims(dims) + " (" + idx_type_name(type) + ")";
    if (have < need)
        throw std::runtime_error(at(name, header) + "expected " + std::to_string(need) + what + ", found " +
                                 std::to_string(have) + " (the file is truncated)" + make_data);
    if (have > need)
        throw std::runtime_error(at(name, header + need) + "expected the end of the file after " +
                                 std::to_string(need) + what + ", found " + std::to_string(have - need) +
                                 " more bytes");
    return header;
}

}  // namespace

std::size_t idx_type_size(IdxType type) {
    switch (type) {
        case IdxType::UByte:
        case IdxType::Byte: return 1;
        case IdxType::Int16: return 2;
        case IdxType::Int32:
        case IdxType::Float32: return 4;
        case IdxType::Float64: return 8;
    }
    throw std::invalid_argument("idx_type_size: expected a known IdxType, found " +
                                std::to_string(static_cast<unsigned>(type)));
}

const char* idx_type_name(IdxType type) {
    switch (type) {
        case IdxType::UByte: return "unsigned byte";
        case IdxType::Byte: return "signed byte";
        case IdxType::Int16: return "int16";
        case IdxType::Int32: return "int32";
        case IdxType::Float32: return "float32";
        case IdxType::Float64: return "float64";
    }
    return "unknown type";
}

std::size_t IdxArray::count() const { return data.size() / idx_type_size(type); }

std::string IdxArray::shape() const { return join_dims(dims); }

double IdxArray::value(std::size_t k) const {
    if (k >= count())
        throw std::invalid_argument("IdxArray::value: expected an index below " + std::to_string(count()) +
                                    ", found " + std::to_string(k));
    const std::size_t n = idx_type_size(type);
    const std::uint64_t u = read_big_endian(data.data() + k * n, n);
    switch (type) {
        case IdxType::UByte: return static_cast<double>(u);
        case IdxType::Byte:
        case IdxType::Int16:
        case IdxType::Int32: return to_signed(u, n);
        case IdxType::Float32: {
            const std::uint32_t bits = static_cast<std::uint32_t>(u);
            float f;
            std::memcpy(&f, &bits, sizeof f);  // the bit pattern, not a conversion
            return f;
        }
        case IdxType::Float64: {
            double d;
            std::memcpy(&d, &u, sizeof d);
            return d;
        }
    }
    return 0.0;  // unreachable: type was checked when parsed
}

IdxArray parse_idx(const unsigned char* bytes, std::size_t size, const std::string& name) {
    IdxArray a;
    const std::size_t header = check_idx(bytes, size, name, a.type, a.dims);
    a.data.assign(bytes + header, bytes + size);
    return a;
}

IdxArray read_idx(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw std::runtime_error(path + ": expected an IDX file, found a directory");
    std::vector<unsigned char> bytes =
        read_whole_file(path, looks_like_mnist(path) ? "; run 'make data' to fetch MNIST" : "");
    IdxArray a;
    const std::size_t header = check_idx(bytes.data(), bytes.size(), path, a.type, a.dims);
    bytes.erase(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(header));
    a.data = std::move(bytes);  // the file's buffer becomes the array's data: no second copy
    return a;
}

}  // namespace nn
