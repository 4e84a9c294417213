// Bytes of binary files: big-endian integers, hex for messages, the "<file>: offset <n>: " prefix of
// every format error, and reading a whole file. Used by the IDX, model-file, PGM and PNG code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nn {

// n bytes as one unsigned integer, the first byte most significant (docs/11-idx-format.md#eq-11-1).
std::uint64_t read_big_endian(const unsigned char* p, std::size_t n);

// Appends the low n bytes of u to out, most significant first. Bytes: std::vector<unsigned char> or std::string.
template <typename Bytes>
void append_big_endian(Bytes& out, std::uint64_t u, std::size_t n) {
    for (std::size_t i = n; i-- > 0;) out.push_back(static_cast<typename Bytes::value_type>((u >> (8 * i)) & 0xFF));
}

// "0x1f8b0808": the n bytes at p in hex, in file order.
std::string hex(const unsigned char* p, std::size_t n);
// "0x0000abcd": u as eight hex digits.
std::string hex32(std::uint32_t u);

// "data/t10k-labels-idx1-ubyte: offset 8: ", the start of a message about the byte at `offset`.
std::string at(const std::string& name, std::size_t offset);

// The whole file at `path`. Throws std::runtime_error "<path>: cannot open (<reason>)<hint>" when it
// cannot be opened (hint: e.g. "; run 'make data'"), "<path>: expected a file, found a directory",
// or "<path>: cannot read (<reason>)".
std::vector<unsigned char> read_whole_file(const std::string& path, const std::string& hint = "");

}  // namespace nn
