// Tests of the IDX reader and writer: round trips of every type, exact bytes, and one test per error.
// The format and its checks: docs/11-idx-format.md.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "check.hpp"
#include "idx_writer.hpp"
#include "largest_allocation.hpp"
#include "temp_dir.hpp"
#include "data/idx.hpp"

namespace fs = std::filesystem;
using nn::IdxType;
using Bytes = std::vector<unsigned char>;

namespace {

using testdata::TempDir;

void write_bytes(const std::string& path, const Bytes& bytes) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) throw std::runtime_error(path + ": cannot create test fixture");
    if (!bytes.empty()) std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
}

Bytes text(const std::string& s) { return Bytes(s.begin(), s.end()); }

nn::IdxArray parse(const Bytes& b, const std::string& name = "mem") {
    return nn::parse_idx(b.data(), b.size(), name);
}

// encode -> parse and encode -> write -> read give back the type, dims and values, for every type
// and ranks 1 to 4 (each shape holds 6 elements).
void test_round_trips(const TempDir& tmp) {
    struct Case {
        IdxType type;
        std::vector<double> values;
    };
    const std::vector<Case> cases = {
        {IdxType::UByte, {0, 1, 127, 128, 254, 255}},
        {IdxType::Byte, {-128, -1, 0, 1, 100, 127}},
        {IdxType::Int16, {-32768, -256, -1, 0, 256, 32767}},
        {IdxType::Int32, {-2147483648.0, -65536, -1, 0, 16777217, 2147483647.0}},
        {IdxType::Float32, {-1.5, 0.1, -0.0, 3.25e10, -1e-30, 1e38}},
        {IdxType::Float64, {-1.5, 0.1, -0.0, 3.141592653589793, -2.5e300, 4.9e-324}},
    };
    const std::vector<std::vector<std::uint32_t>> shapes = {{6}, {2, 3}, {3, 1, 2}, {1, 2, 1, 3}};
    for (const Case& c : cases) {
        for (const auto& dims : shapes) {
            const Bytes bytes = testdata::encode_idx(c.type, dims, c.values);
            CHECK_EQ(bytes.size(), 4 + 4 * dims.size() + 6 * nn::idx_type_size(c.type));
            const std::string path = tmp.file("round-trip.idx");
            testdata::write_idx(path, c.type, dims, c.values);
            CHECK_EQ(testdata::leftover_temporaries(tmp.path), std::size_t{0});  // renamed into place
            for (const nn::IdxArray& a : {parse(bytes), nn::read_idx(path)}) {
                CHECK(a.type == c.type);
                CHECK(a.dims == dims);
                CHECK_EQ(a.count(), std::size_t{6});
                CHECK_EQ(a.data.size(), 6 * nn::idx_type_size(c.type));
                for (std::size_t k = 0; k < 6; ++k) {
                    // float32 keeps the nearest float; every other type keeps the value exactly.
                    const double expected = c.type == IdxType::Float32
                                                ? static_cast<double>(static_cast<float>(c.values[k]))
                                                : c.values[k];
                    CHECK_EQ(a.value(k), expected);
                    CHECK_EQ(std::signbit(a.value(k)), std::signbit(expected));  // -0.0 stays -0.0
                }
            }
        }
    }
    // NaN and infinities survive the float types.
    const auto f = parse(testdata::encode_idx(IdxType::Float32, {2}, {NAN, -INFINITY}));
    CHECK(std::isnan(f.value(0)));
    CHECK_EQ(f.value(1), -INFINITY);
    CHECK_THROWS_WITH(f.value(2), "expected an index below 2", "found 2");
}

// Bytes worked out by hand from docs/11-idx-format.md: magic 00 00 <type> <rank>, dims as big-endian
// uint32, then big-endian elements.
void test_exact_bytes() {
    CHECK(testdata::encode_idx(IdxType::UByte, {2, 2}, {0, 1, 2, 255}) ==
          (Bytes{0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0x00, 0x01, 0x02, 0xFF}));
    CHECK(testdata::encode_idx(IdxType::Byte, {2}, {-128, -1}) == (Bytes{0, 0, 0x09, 1, 0, 0, 0, 2, 0x80, 0xFF}));
    CHECK(testdata::encode_idx(IdxType::Int16, {2}, {1, -2}) ==
          (Bytes{0, 0, 0x0B, 1, 0, 0, 0, 2, 0x00, 0x01, 0xFF, 0xFE}));
    CHECK(testdata::encode_idx(IdxType::Int32, {1}, {305419896}) ==  // 0x12345678
          (Bytes{0, 0, 0x0C, 1, 0, 0, 0, 1, 0x12, 0x34, 0x56, 0x78}));
    CHECK(testdata::encode_idx(IdxType::Float32, {1}, {1.0}) ==  // 1.0f = 0x3f800000
          (Bytes{0, 0, 0x0D, 1, 0, 0, 0, 1, 0x3F, 0x80, 0x00, 0x00}));
    CHECK(testdata::encode_idx(IdxType::Float64, {1}, {-2.0}) ==  // -2.0 = 0xc000000000000000
          (Bytes{0, 0, 0x0E, 1, 0, 0, 0, 1, 0xC0, 0, 0, 0, 0, 0, 0, 0}));
    // A dimension above 2^24 and 70000 = 0x00011170, to see all four bytes of a dimension at work.
    CHECK(testdata::encode_idx(IdxType::UByte, {1, 70000, 0}, {}) ==
          (Bytes{0, 0, 0x08, 3, 0, 0, 0, 1, 0x00, 0x01, 0x11, 0x70, 0, 0, 0, 0}));

    // And the other way: hand-written bytes decode to the expected numbers.
    const auto a = parse({0, 0, 0x0C, 1, 0, 0, 0, 2, 0x80, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFE});
    CHECK_EQ(a.value(0), -2147483648.0);
    CHECK_EQ(a.value(1), 2147483646.0);
    const auto mnist_header = parse({0, 0, 0x08, 3, 0, 0, 0xEA, 0x60, 0, 0, 0, 28, 0, 0, 0, 0});
    CHECK(mnist_header.dims == (std::vector<std::uint32_t>{60000, 28, 0}));
    CHECK_EQ(mnist_header.shape(), std::string("60000 x 28 x 0"));
}

// encode_idx refuses what it cannot represent instead of wrapping or rounding silently.
void test_encode_errors() {
    CHECK_THROWS_WITH(testdata::encode_idx(IdxType::UByte, {1}, {256}), "element 0", "0..255", "found 256");
    CHECK_THROWS_WITH(testdata::encode_idx(IdxType::UByte, {2}, {0, -1}), "element 1", "found -1");
    CHECK_THROWS_WITH(testdata::encode_idx(IdxType::Byte, {1}, {-129}), "-128..127", "found -129");
    CHECK_THROWS_WITH(testdata::encode_idx(IdxType::Int16, {1}, {1.5}), "expected an integer", "found 1.5");
    CHECK_THROWS_WITH(testdata::encode_idx(IdxType::Int32, {1}, {NAN}), "int32", "found nan");
    CHECK_THROWS_WITH(testdata::encode_idx(IdxType::Float32, {1}, {1e39}), "float32 range", "found 1e+39");
    CHECK_THROWS_WITH(testdata::encode_idx(IdxType::UByte, {}, {}), "expected a rank from 1 to 255", "found 0");
    CHECK_THROWS_WITH(testdata::encode_idx(IdxType::UByte, std::vector<std::uint32_t>(256, 1), {1}),
                      "expected a rank from 1 to 255", "found 256");
    CHECK_THROWS_WITH(testdata::encode_idx(IdxType::UByte, {2, 3}, {1, 2}), "dims 2 x 3", "found 2 values");
    CHECK_THROWS_WITH(testdata::encode_idx(static_cast<IdxType>(0x0A), {1}, {1}), "expected a known IdxType",
                      "found 10");
}

// Each malformed file gets one message naming the file, the offset, what was expected and what was found.
void test_malformed_files(const TempDir& tmp) {
    const std::string missing = tmp.file("train-images-idx3-ubyte");
    CHECK_THROWS_WITH(nn::read_idx(missing), missing.c_str(), "cannot open", "No such file",
                      "run 'make data'");
    try {  // the 'make data' hint is only for names that look like MNIST's
        nn::read_idx(tmp.file("weights.idx"));
        CHECK(false);
    } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()).find("make data") == std::string::npos);
    }
    CHECK_THROWS_WITH(nn::read_idx(tmp.path.string()), "expected an IDX file", "found a directory");

    struct Case {
        const char* name;
        Bytes bytes;
        std::vector<const char*> parts;  // substrings of the message, after the file name
    };
    const Bytes gzip_start = {0x1F, 0x8B, 0x08, 0x08, 0x4E, 0x9D, 0x1A, 0x55, 0x00, 0x03};
    const std::vector<Case> cases = {
        {"empty-idx1-ubyte", {}, {"offset 0:", "expected an IDX header", "found an empty file", "make data"}},
        {"short", {0, 0, 8}, {"offset 0:", "expected a 4-byte magic", "found a 3-byte file"}},
        {"magic", {0x12, 0x34, 0x08, 1, 0, 0, 0, 0},
         {"offset 0:", "expected magic bytes 0x0000", "found 0x1234", "not an IDX file"}},
        {"type", {0, 0, 0x07, 1, 0, 0, 0, 0}, {"offset 2:", "expected a type code 0x08", "found 0x07"}},
        {"rank", {0, 0, 0x08, 0}, {"offset 3:", "expected a rank", "1 to 255", "found 0"}},
        {"dims", {0, 0, 0x08, 3, 0, 0, 0, 1, 0},
         {"offset 4:", "expected 3 dimensions (12 bytes) for rank 3", "found 5 bytes", "truncated"}},
        {"truncated", {0, 0, 0x08, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
         {"offset 16:", "expected 12 bytes of data for dims 3 x 2 x 2 (unsigned byte)", "found 10",
          "truncated"}},
        {"trailing", {0, 0, 0x0B, 1, 0, 0, 0, 1, 0xAB, 0xCD, 0xEE, 0xFF},
         {"offset 10:", "expected the end of the file after 2 bytes of data for dims 1 (int16)",
          "found 2 more bytes"}},
        {"train-images-idx3-ubyte", gzip_start,
         {"offset 0:", "found 0x1f8b0808", "gzip data",
          "gunzip", "make data"}},
        {"t10k-labels-idx1-ubyte.gz", gzip_start, {"gzip data", "'gunzip "}},
        {"page-idx3-ubyte", text("<!DOCTYPE html>\n<html><body>404 Not Found</body></html>\n"),
         {"offset 0:", "found text \"<!DOCTYPE html>.<html>", "looks like an HTML page", "failed download",
          "make data"}},
        {"upper", text("\r\n  <HTML><BODY>Moved</BODY></HTML>"), {"found text \"<HTML><BODY>", "HTML page"}},
    };
    for (const Case& c : cases) {
        const std::string path = tmp.file(c.name);
        write_bytes(path, c.bytes);
        const std::string prefix = path + ": ";
        for (const char* expected : c.parts) CHECK_THROWS_WITH(nn::read_idx(path), prefix.c_str(), expected);
        for (const char* expected : c.parts) CHECK_THROWS_WITH(parse(c.bytes, c.name), expected);
    }

    // The example of docs/11-idx-format.md: the MNIST training-images header followed by 1000 bytes.
    Bytes mnist = {0, 0, 0x08, 3, 0, 0, 0xEA, 0x60, 0, 0, 0, 28, 0, 0, 0, 28};
    mnist.resize(16 + 1000);
    CHECK_THROWS_WITH(parse(mnist, "data/train-images-idx3-ubyte"),
                      "data/train-images-idx3-ubyte: offset 16:",
                      "expected 47040000 bytes of data for dims 60000 x 28 x 28", "found 1000",
                      "run 'make data'");
}

// A header may claim any size. Check that it is compared with the file size before anything of that
// size is allocated, and that products overflowing size_t are caught rather than wrapped.
void test_huge_dims() {
    const Bytes overflow = {0, 0, 0x08, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                            0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4};  // 20 bytes claiming (2^32 - 1)^3
    largest_allocation = 0;
    CHECK_THROWS_WITH(parse(overflow, "huge"), "huge: offset 16:",
                      "expected dims that fit the 20-byte file",
                      "found dims 4294967295 x 4294967295 x 4294967295 (unsigned byte)", "overflows size_t");
    CHECK(largest_allocation < 4096);

    const Bytes big = {0, 0, 0x0E, 2, 0, 1, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4};  // 2^16 x 2^16 float64 = 32 GiB
    largest_allocation = 0;
    CHECK_THROWS_WITH(parse(big, "big"), "big: offset 12:", "expected 34359738368 bytes of data",
                      "dims 65536 x 65536 (float64)", "found 4");
    CHECK(largest_allocation < 4096);

    // A zero dimension makes the array empty, however large the others are: valid, and no data.
    const Bytes empty = {0, 0, 0x0C, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF};
    const nn::IdxArray a = parse(empty);
    CHECK_EQ(a.count(), std::size_t{0});
    CHECK_EQ(a.dims.size(), std::size_t{3});

    // Rank 255 is the largest a byte can say; all-ones dims overflow, and it is caught.
    Bytes rank255 = {0, 0, 0x08, 255};
    rank255.resize(4 + 4 * 255, 0xFF);
    CHECK_THROWS_WITH(parse(rank255), "offset 1024:", "overflows size_t");
}

// A cheap stand-in for the fuzzer: random corruptions of a valid file either parse into a consistent
// array or throw std::runtime_error; nothing else (no crash, no other exception, no huge allocation).
void test_random_corruptions() {
    std::mt19937_64 rng(11);
    const Bytes valid =
        testdata::encode_idx(IdxType::Int16, {3, 2, 2}, {1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, -12});
    int parsed = 0, rejected = 0, other = 0;
    for (int trial = 0; trial < 20000; ++trial) {
        Bytes b = valid;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            switch (rng() % 4) {
                case 0: b[rng() % b.size()] = static_cast<unsigned char>(rng()); break;
                case 1: b.resize(rng() % (b.size() + 1)); break;
                case 2: b.push_back(static_cast<unsigned char>(rng())); break;
                default: {  // flip a header byte
                    const std::size_t i = rng() % 16;
                    if (i < b.size()) b[i] ^= 0xFF;
                }
            }
            if (b.empty()) b.push_back(0);
        }
        largest_allocation = 0;
        try {
            const nn::IdxArray a = parse(b);
            std::size_t product = 1;
            for (std::uint32_t d : a.dims) product *= d;
            if (a.count() != product || a.data.size() != product * nn::idx_type_size(a.type)) ++other;
            ++parsed;
        } catch (const std::runtime_error&) {
            ++rejected;
        } catch (...) {
            ++other;
        }
        if (largest_allocation > 4096) ++other;
    }
    CHECK_EQ(other, 0);
    CHECK(parsed > 0);
    CHECK(rejected > 0);
}

// The same through read_idx: a 20-byte file whose header claims 2e9 images of 28 x 28 (1.5 TB) is
// refused with the sizes, and nothing larger than the reader's 1 MiB read buffer is allocated.
void test_huge_claim_file(const TempDir& tmp) {
    const std::string path = tmp.file("train-images-idx3-ubyte");
    write_bytes(path, {0, 0, 0x08, 3, 0x77, 0x35, 0x94, 0x00, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3, 4});
    largest_allocation = 0;
    CHECK_THROWS_WITH(nn::read_idx(path), "train-images-idx3-ubyte: offset 16:",
                      "expected 1568000000000 bytes of data for dims 2000000000 x 28 x 28", "found 4",
                      "run 'make data'");
    CHECK(largest_allocation <= (std::size_t{1} << 20));
}

void test_write_errors(const TempDir& tmp) {
    const std::string path = tmp.file("no-such-dir/x.idx");
    CHECK_THROWS_WITH(testdata::write_idx(path, IdxType::UByte, {1}, {1}), "x.idx", "cannot write", "No such file or directory");
    CHECK_EQ(testdata::leftover_temporaries(tmp.path), std::size_t{0});
}

}  // namespace

int main() {
    const TempDir tmp("nn-test-idx");
    test_round_trips(tmp);
    test_exact_bytes();
    test_encode_errors();
    test_malformed_files(tmp);
    test_huge_dims();
    test_random_corruptions();
    test_huge_claim_file(tmp);
    test_write_errors(tmp);
    return check::report("idx");
}
