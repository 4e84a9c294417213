// PGM images: P2 and P5 with comments and any maxval read correctly; bad files refused with the
// offset, what was expected and what was found. Format: docs/model-format.md ("Images for predict").
#include <string>
#include <vector>

#include "check.hpp"
#include "largest_allocation.hpp"
#include "output/pgm.hpp"

namespace {

nn::GreyImage parse(const std::string& s, const std::string& name = "img.pgm") {
    return nn::parse_pgm(reinterpret_cast<const unsigned char*>(s.data()), s.size(), name);
}

void test_good() {
    const nn::GreyImage a = parse("P2\n# a comment\n3 2\n# another\n255\n0 1 2\n253 254 255\n");
    CHECK_EQ(a.width, std::size_t{3});
    CHECK_EQ(a.height, std::size_t{2});
    CHECK(a.pixels == (std::vector<std::uint8_t>{0, 1, 2, 253, 254, 255}));
    // maxval 15: rescaled to 0..255 (15 -> 255, 5 -> 85).
    const nn::GreyImage b = parse("P2 2 1 15 5 15");
    CHECK(b.pixels == (std::vector<std::uint8_t>{85, 255}));
    // P5 with one-byte samples, a comment in the header, and bytes that look like whitespace.
    const nn::GreyImage c = parse(std::string("P5 #c\n2 2\n255\n") + std::string("\x00\x0a\x20\xff", 4));
    CHECK(c.pixels == (std::vector<std::uint8_t>{0, 10, 32, 255}));
    // P5 with maxval > 255: two bytes per sample, big-endian.
    const nn::GreyImage d = parse(std::string("P5\n2 1\n65535\n") + std::string("\xff\xff\x80\x00", 4));
    CHECK(d.pixels == (std::vector<std::uint8_t>{255, 128}));
    // encode_pgm round trip.
    nn::GreyImage e{28, 28, std::vector<std::uint8_t>(784)};
    for (std::size_t k = 0; k < 784; ++k) e.pixels[k] = static_cast<std::uint8_t>(k * 7);
    const nn::GreyImage f = parse(nn::encode_pgm(e));
    CHECK(f.pixels == e.pixels);
    CHECK_EQ(f.width, std::size_t{28});
}

void test_bad() {
    CHECK_THROWS_WITH(parse(""), "img.pgm: offset 0", "expected magic P2 or P5", "an empty file");
    CHECK_THROWS_WITH(parse("P6\n1 1\n255\nabc"), "offset 0", "expected magic P2 or P5", "found 'P6'");
    CHECK_THROWS_WITH(parse("P2\n"), "offset 3", "expected a width", "the end of the file");
    CHECK_THROWS_WITH(parse("P2\nx 2"), "offset 3", "expected a width", "found 'x'");
    CHECK_THROWS_WITH(parse("P2 0 2 255"), "offset 3", "expected a width from 1 to 65535", "found 0");
    CHECK_THROWS_WITH(parse("P2 2 2 0"), "offset 7", "expected a maxval from 1 to 65535", "found 0");
    CHECK_THROWS_WITH(parse("P2 2 2 70000"), "expected a maxval from 1 to 65535", "found 70000");
    CHECK_THROWS_WITH(parse("P2 2 1 15 5 16"), "offset 12", "pixel 1 of 2 from 0 to 15", "found 16");
    CHECK_THROWS_WITH(parse("P2 2 1 15 5"), "offset 11", "pixel 1 of 2", "the end of the file (truncated)");
    CHECK_THROWS_WITH(parse("P2 1 1 15 5 6"), "offset 12", "the end of the file after 1 pixels", "found '6'");
    CHECK_THROWS_WITH(parse(std::string("P5 2 2 255\n") + "abc"), "offset 14", "expected 4 bytes of pixels",
                      "found 3 (truncated)");
    CHECK_THROWS_WITH(parse(std::string("P5 1 1 255\n") + "ab"), "expected 1 bytes of pixels", "found 2 (extra bytes)");
    CHECK_THROWS_WITH(parse(std::string("P5 2 1 15\n") + "\x05\x10"), "offset 11", "a sample <= maxval 15", "found 16");
    CHECK_THROWS_WITH(parse("P5 1 1 255"), "offset 10", "one whitespace byte before the pixels", "the end of the file");
    CHECK_THROWS_WITH(nn::read_pgm("/nonexistent/x.pgm"), "/nonexistent/x.pgm", "cannot open");
}

// A header claiming 65535 x 65535 (4.3e9 pixels) in a tiny file: refused, with the sizes, before
// anything of the claimed size is allocated (P5: the raster size is checked first; P2: the pixels
// are reserved only as far as the bytes left could hold them).
void test_huge_claim() {
    largest_allocation = 0;
    CHECK_THROWS_WITH(parse(std::string("P5\n65535 65535\n255\n") + std::string(4, '\0')), "offset 23",
                      "expected 4294836225 bytes of pixels (65535 x 65535, 1 byte each)", "found 4 (truncated)");
    CHECK(largest_allocation < 4096);
    largest_allocation = 0;
    CHECK_THROWS_WITH(parse("P5 65535 65535 65535\n\x01\x02"), "expected 8589672450 bytes of pixels", "2 bytes each");
    CHECK(largest_allocation < 4096);
    largest_allocation = 0;
    CHECK_THROWS_WITH(parse("P2\n65535 65535\n255\n0 1 2\n"), "offset 25", "pixel 3 of 4294836225",
                      "the end of the file (truncated)");
    CHECK(largest_allocation < 4096);
}

}  // namespace

int main() {
    test_good();
    test_bad();
    test_huge_claim();
    return check::report("test_pgm");
}
