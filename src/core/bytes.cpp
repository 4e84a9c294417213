// Big-endian integers, hex text and whole-file reads, written once for every file format here.
// The IDX layout that needs them most: docs/11-idx-format.md.
#include "core/bytes.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "core/platform.hpp"

namespace nn {

// docs/11-idx-format.md#eq-11-1
std::uint64_t read_big_endian(const unsigned char* p, std::size_t n) {
    std::uint64_t u = 0;
    for (std::size_t i = 0; i < n; ++i) u = (u << 8) | p[i];
    return u;
}

std::string hex(const unsigned char* p, std::size_t n) {
    static const char digits[] = "0123456789abcdef";
    std::string s = "0x";
    for (std::size_t i = 0; i < n; ++i) {
        s += digits[p[i] >> 4];
        s += digits[p[i] & 0xF];
    }
    return s;
}

std::string hex32(std::uint32_t u) {
    const unsigned char b[4] = {static_cast<unsigned char>(u >> 24), static_cast<unsigned char>(u >> 16),
                                static_cast<unsigned char>(u >> 8), static_cast<unsigned char>(u)};
    return hex(b, 4);
}

std::string at(const std::string& name, std::size_t offset) {
    return name + ": offset " + std::to_string(offset) + ": ";
}

std::vector<unsigned char> read_whole_file(const std::string& path, const std::string& hint) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw std::runtime_error(path + ": expected a file, found a directory");
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        const int err = errno;
        throw std::runtime_error(path + ": cannot open (" + std::strerror(err) + ")" + hint);
    }
    std::vector<unsigned char> bytes;
    const auto expected = std::filesystem::file_size(path, ec);
    if (!ec) bytes.reserve(static_cast<std::size_t>(expected));
    advise_huge_pages(bytes.data(), bytes.capacity());  // before the pages are touched (core/platform.hpp)
    std::vector<unsigned char> chunk(1 << 20);
    std::size_t n = 0;
    while ((n = std::fread(chunk.data(), 1, chunk.size(), f)) > 0) bytes.insert(bytes.end(), chunk.data(), chunk.data() + n);
    const bool failed = std::ferror(f) != 0;
    const int err = errno;
    std::fclose(f);
    if (failed) throw std::runtime_error(path + ": cannot read (" + std::strerror(err) + ")");
    return bytes;
}

}  // namespace nn
