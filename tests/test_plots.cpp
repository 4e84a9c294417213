// SVG and image writers: well-formed XML (balanced tags, quoted attributes, numbers that parse),
// escaped text, sensible ticks, and PNG/PGM bytes that decode back to the pixels. docs/experiments.md.
#include <cstdint>
#include <string>
#include <vector>

#include "check.hpp"
#include "output/checksum.hpp"
#include "output/image_grid.hpp"
#include "output/plots.hpp"
#include "output/svg.hpp"
#include "xml_check.hpp"

namespace {

std::size_t count(const std::vector<std::string>& v, const std::string& s) {
    std::size_t n = 0;
    for (const std::string& x : v) n += x == s;
    return n;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return count(v, s) > 0; }

#define CHECK_WELL_FORMED(doc)                                                          \
    do {                                                                                \
        const xmlcheck::Result check_r_ = xmlcheck::check(doc);                         \
        if (check_r_.ok) ++check::passes();                                             \
        else check::fail(__FILE__, __LINE__, "SVG not well formed: " + check_r_.error); \
    } while (0)

void test_svg_basics() {
    CHECK_EQ(nn::xml_escape("a<b>&\"c'"), std::string("a&lt;b&gt;&amp;&quot;c&apos;"));
    CHECK_EQ(nn::svg_number(12.5), std::string("12.5"));
    CHECK_EQ(nn::svg_number(3.0), std::string("3"));
    CHECK_EQ(nn::svg_number(-0.001), std::string("0"));
    CHECK_EQ(nn::svg_number(0.0 / 0.0), std::string("0"));
    nn::Svg svg(100, 50);
    svg.rect(1, 2, 3, 4, "fill=\"red\"");
    svg.line(0, 0, 10, 10, "stroke=\"black\"");
    svg.polyline({{0, 0}, {1.5, 2}, {3, 1}}, "stroke=\"blue\"");
    svg.text(5, 5, "T-shirt/top & <trousers>", "middle", 12, -90);
    const std::string doc = svg.str();
    CHECK_WELL_FORMED(doc);
    const xmlcheck::Result r = xmlcheck::check(doc);
    CHECK(r.elements.size() >= 5 && r.elements[0] == "svg");
    CHECK(has(r.texts, "T-shirt/top & <trousers>"));  // escaped on the way in, decoded back here
    // The checker itself catches broken documents.
    CHECK(!xmlcheck::check("<svg><g></svg>").ok);
    CHECK(!xmlcheck::check("<svg><rect x=\"nan\"/></svg>").ok);
    CHECK(!xmlcheck::check("<svg><text>a & b</text></svg>").ok);
    CHECK(!xmlcheck::check("<svg x=1></svg>").ok);
}

void test_ticks() {
    const std::vector<double> t = nn::nice_ticks(0, 1, 5);
    CHECK_EQ(t.size(), std::size_t{6});  // 0, 0.2, ..., 1
    CHECK_REL(t[1], 0.2, 1e-12);
    const std::vector<double> big = nn::nice_ticks(0, 300000, 5);
    CHECK_EQ(big.front(), 0.0);
    CHECK_REL(big[1], 100000, 1e-12);  // 0, 100k, 200k, 300k
    const std::vector<double> acc = nn::nice_ticks(91.3, 97.9, 5);
    CHECK(acc.front() >= 91.3 && acc.back() <= 97.9 && acc.size() >= 3);
    CHECK(!nn::nice_ticks(5, 5).empty());  // a flat range still gets a tick
}

void test_line_chart() {
    std::vector<nn::Series> s = {{"sigmoid-online", {{1, 91.2}, {2, 93.5}, {3, 94.1}}},
                                 {"relu-batch64", {{1, 95.0}, {2, 96.8}, {3, 97.4}}}};
    const std::string doc = nn::line_chart_svg(s, "Compare: test accuracy", "epoch", "test accuracy (%)");
    CHECK_WELL_FORMED(doc);
    const xmlcheck::Result r = xmlcheck::check(doc);
    CHECK_EQ(count(r.elements, "polyline"), std::size_t{2});  // one line per run
    CHECK(has(r.texts, "sigmoid-online") && has(r.texts, "relu-batch64"));  // legend
    CHECK(has(r.texts, "epoch") && has(r.texts, "test accuracy (%)") && has(r.texts, "Compare: test accuracy"));
    CHECK(has(r.texts, "1") && has(r.texts, "3"));  // x ticks
    CHECK_WELL_FORMED(nn::line_chart_svg({}, "empty", "x", "y"));
    CHECK_WELL_FORMED(nn::line_chart_svg({{"one point", {{0, 1}}}}, "t", "x", "y"));

    // The legend's column: 640 px wide with short names; a 30-character name widens the chart so that
    // its text (legend at x = 470 + 46, about 7 px a character) ends inside it.
    const auto width_of = [](const std::string& svg) {
        const std::size_t at = svg.find("width=\"");
        return at == std::string::npos ? 0.0 : std::stod(svg.substr(at + 7));
    };
    CHECK_EQ(width_of(doc), 640.0);
    const std::string name(30, 'x');
    const double wide = width_of(nn::line_chart_svg({{name, {{1, 1}, {2, 2}}}}, "t", "x", "y"));
    CHECK(wide >= 470 + 46 + 7 * 30);
}

void test_heat_map() {
    std::vector<std::vector<std::size_t>> counts(3, std::vector<std::size_t>(3, 0));
    counts[0][0] = 50, counts[0][1] = 3, counts[1][1] = 40, counts[2][0] = 7, counts[2][2] = 30;
    const std::string doc = nn::heat_map_svg(counts, {"T-shirt/top", "Trouser", "Pullover"}, "Confusion");
    CHECK_WELL_FORMED(doc);
    const xmlcheck::Result r = xmlcheck::check(doc);
    CHECK(count(r.elements, "rect") >= 10);  // background + 9 cells
    CHECK(has(r.texts, "50") && has(r.texts, "7") && has(r.texts, "T-shirt/top"));
}

// Decodes the PNG written by encode_png: chunk CRCs, IHDR, stored deflate blocks, Adler-32.
bool png_decodes_to(const std::string& png, const nn::GreyImage& image) {
    const auto u32 = [&](std::size_t at) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(png[at])) << 24 |
               static_cast<std::uint32_t>(static_cast<unsigned char>(png[at + 1])) << 16 |
               static_cast<std::uint32_t>(static_cast<unsigned char>(png[at + 2])) << 8 |
               static_cast<std::uint32_t>(static_cast<unsigned char>(png[at + 3]));
    };
    if (png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return false;
    std::size_t at = 8;
    std::string idat;
    bool ihdr_ok = false, iend = false;
    while (at + 12 <= png.size()) {
        const std::uint32_t length = u32(at);
        const std::string type = png.substr(at + 4, 4), data = png.substr(at + 8, length);
        const std::string body = png.substr(at + 4, 4 + length);
        if (nn::crc32(reinterpret_cast<const unsigned char*>(body.data()), body.size()) != u32(at + 8 + length)) return false;
        if (type == "IHDR") ihdr_ok = length == 13 && u32(at + 8) == image.width && u32(at + 12) == image.height && data[8] == 8 && data[9] == 0;
        if (type == "IDAT") idat += data;
        if (type == "IEND") iend = true;
        at += 12 + length;
    }
    if (!ihdr_ok || !iend || at != png.size() || idat.size() < 6) return false;
    if (static_cast<unsigned char>(idat[0]) != 0x78 || ((static_cast<unsigned char>(idat[0]) << 8) | static_cast<unsigned char>(idat[1])) % 31 != 0) return false;
    std::string raw;
    std::size_t p = 2;
    for (;;) {
        const unsigned char header = static_cast<unsigned char>(idat[p]);
        const std::size_t len = static_cast<unsigned char>(idat[p + 1]) | static_cast<unsigned char>(idat[p + 2]) << 8;
        const std::size_t nlen = static_cast<unsigned char>(idat[p + 3]) | static_cast<unsigned char>(idat[p + 4]) << 8;
        if ((header & 6) != 0 || (len ^ nlen) != 0xFFFF) return false;
        raw += idat.substr(p + 5, len);
        p += 5 + len;
        if (header & 1) break;
    }
    const std::uint32_t adler = static_cast<std::uint32_t>(static_cast<unsigned char>(idat[p])) << 24 |
                                static_cast<std::uint32_t>(static_cast<unsigned char>(idat[p + 1])) << 16 |
                                static_cast<std::uint32_t>(static_cast<unsigned char>(idat[p + 2])) << 8 |
                                static_cast<unsigned char>(idat[p + 3]);
    if (adler != nn::adler32(reinterpret_cast<const unsigned char*>(raw.data()), raw.size()) || p + 4 != idat.size()) return false;
    std::string expected;
    for (std::size_t y = 0; y < image.height; ++y) {
        expected += '\0';
        for (std::size_t x = 0; x < image.width; ++x) expected += static_cast<char>(image.pixels[y * image.width + x]);
    }
    return raw == expected;
}

void test_images() {
    nn::GreyImage small{3, 2, {0, 128, 255, 1, 2, 3}};
    CHECK(png_decodes_to(nn::encode_png(small), small));
    nn::GreyImage big{300, 300, std::vector<std::uint8_t>(90000)};  // > 65535 bytes: several stored blocks
    for (std::size_t k = 0; k < big.pixels.size(); ++k) big.pixels[k] = static_cast<std::uint8_t>(k * 31);
    CHECK(png_decodes_to(nn::encode_png(big), big));
    CHECK(nn::png_data_uri(small).rfind("data:image/png;base64,iVBORw0KGgo", 0) == 0);  // base64 of the signature

    std::vector<nn::GreyImage> tiles(5, nn::GreyImage{2, 2, {10, 20, 30, 40}});
    const nn::GreyImage grid = nn::tile_grid(tiles, 3, 1);
    CHECK_EQ(grid.width, std::size_t{3 * 2 + 4});
    CHECK_EQ(grid.height, std::size_t{2 * 2 + 3});
    CHECK_EQ(static_cast<int>(grid.pixels[1 * grid.width + 1]), 10);  // first tile at (1, 1)
    CHECK_EQ(static_cast<int>(grid.pixels[2 * grid.width + 2]), 40);
    CHECK_THROWS_WITH(nn::tile_grid({nn::GreyImage{2, 2, {0, 0, 0, 0}}, nn::GreyImage{1, 1, {0}}}, 2), "expected tiles of 2 x 2");

    // Weight tiles: per-unit scale, 0 -> mid grey, the largest |w| -> black or white.
    nn::Network<float> net({4, 2, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    net.layers[0].W(0, 0) = -1, net.layers[0].W(3, 0) = 0.5f, net.layers[0].W(1, 1) = 2;
    const std::vector<nn::GreyImage> w = nn::first_layer_weight_images(net, 2, 2);
    CHECK_EQ(w.size(), std::size_t{2});
    CHECK_EQ(static_cast<int>(w[0].pixels[0]), 0);
    CHECK_EQ(static_cast<int>(w[0].pixels[1]), 128);
    CHECK_EQ(static_cast<int>(w[1].pixels[1]), 255);
    CHECK_WELL_FORMED(nn::weights_svg(w, "weights"));

    nn::Dataset d;
    d.image_rows = d.image_cols = 2;
    d.X = nn::Matrix<float>(2, 4, 0.5f);
    d.labels = {1, 2};
    const std::vector<nn::Mistake> m = {{0, 1, 7, 0.9f}, {1, 2, 3, 0.6f}};
    const std::string doc = nn::mistakes_svg(d, m, {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, 10, "mistakes");
    CHECK_WELL_FORMED(doc);
    const xmlcheck::Result r = xmlcheck::check(doc);
    CHECK_EQ(count(r.elements, "image"), std::size_t{2});
    CHECK(has(r.texts, "1 \u2192 7") && has(r.texts, "2 \u2192 3"));
}

}  // namespace

int main() {
    test_svg_basics();
    test_ticks();
    test_line_chart();
    test_heat_map();
    test_images();
    return check::report("test_plots");
}
