// Pictures made of many small greyscale images: misclassified digits and first-layer weights,
// as PGM and as SVG (an embedded hand-written PNG plus text labels). Explained in docs/experiments.md.
#include "output/image_grid.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/bytes.hpp"
#include "output/checksum.hpp"
#include "output/svg.hpp"

namespace nn {
namespace {

// A PNG chunk: length, type, data, CRC-32 of type and data (PNG spec, section 5.3).
void put_chunk(std::string& out, const char* type, const std::string& data) {
    append_big_endian(out, static_cast<std::uint32_t>(data.size()), 4);
    const std::string body = std::string(type, 4) + data;
    out += body;
    append_big_endian(out, crc32(reinterpret_cast<const unsigned char*>(body.data()), body.size()), 4);
}

std::string base64(const std::string& bytes) {
    static const char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 3; ++k)
            v = v << 8 | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
        for (std::size_t k = 0; k < 4; ++k) out += k <= n ? table[(v >> (18 - 6 * k)) & 63] : '=';
    }
    return out;
}

}  // namespace

std::string encode_png(const GreyImage& image) {
    // Raw scanlines: each row is a filter byte (0 = none) and the row's pixels.
    std::string raw;
    for (std::size_t y = 0; y < image.height; ++y) {
        raw += '\0';
        raw.append(image.pixels.begin() + static_cast<std::ptrdiff_t>(y * image.width),
                   image.pixels.begin() + static_cast<std::ptrdiff_t>((y + 1) * image.width));
    }
    // zlib stream (RFC 1950) of "stored" deflate blocks (RFC 1951 §3.2.4): at most 65535 bytes each.
    std::string z = "\x78\x01";
    for (std::size_t at = 0; at < raw.size() || at == 0; at += 65535) {
        const std::size_t n = std::min<std::size_t>(65535, raw.size() - at);
        z += static_cast<char>(at + n >= raw.size() ? 1 : 0);  // BFINAL on the last block, BTYPE 00
        z += static_cast<char>(n & 0xFF), z += static_cast<char>(n >> 8);
        z += static_cast<char>(~n & 0xFF), z += static_cast<char>((~n >> 8) & 0xFF);
        z.append(raw, at, n);
        if (raw.empty()) break;
    }
    append_big_endian(z, adler32(reinterpret_cast<const unsigned char*>(raw.data()), raw.size()), 4);
    std::string ihdr;
    append_big_endian(ihdr, static_cast<std::uint32_t>(image.width), 4);
    append_big_endian(ihdr, static_cast<std::uint32_t>(image.height), 4);
    ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8 bits, greyscale, deflate, filter 0, no interlace
    std::string png = "\x89PNG\r\n\x1a\n";
    put_chunk(png, "IHDR", ihdr);
    put_chunk(png, "IDAT", z);
    put_chunk(png, "IEND", "");
    return png;
}

std::string png_data_uri(const GreyImage& image) { return "data:image/png;base64," + base64(encode_png(image)); }

GreyImage tile_grid(const std::vector<GreyImage>& tiles, std::size_t columns, std::size_t gap) {
    GreyImage grid;
    if (tiles.empty() || columns == 0) return grid;
    const std::size_t w = tiles[0].width, h = tiles[0].height;
    const std::size_t rows = (tiles.size() + columns - 1) / columns, cols = std::min(columns, tiles.size());
    grid.width = cols * w + (cols + 1) * gap;
    grid.height = rows * h + (rows + 1) * gap;
    grid.pixels.assign(grid.width * grid.height, 96);
    for (std::size_t t = 0; t < tiles.size(); ++t) {
        if (tiles[t].width != w || tiles[t].height != h)
            throw std::invalid_argument("tile_grid: expected tiles of " + std::to_string(w) + " x " + std::to_string(h) +
                                        ", found " + std::to_string(tiles[t].width) + " x " + std::to_string(tiles[t].height));
        const std::size_t x0 = gap + (t % columns) * (w + gap), y0 = gap + (t / columns) * (h + gap);
        for (std::size_t y = 0; y < h; ++y)
            std::copy_n(tiles[t].pixels.begin() + static_cast<std::ptrdiff_t>(y * w), w,
                        grid.pixels.begin() + static_cast<std::ptrdiff_t>((y0 + y) * grid.width + x0));
    }
    return grid;
}

GreyImage example_image(const Dataset& data, std::size_t i) {
    GreyImage image{data.image_cols, data.image_rows, std::vector<std::uint8_t>(data.features())};
    for (std::size_t k = 0; k < data.features(); ++k)
        image.pixels[k] = static_cast<std::uint8_t>(std::lround(255.0f * data.x(i, k)));
    return image;
}

std::vector<GreyImage> first_layer_weight_images(const Network<float>& net, std::size_t rows, std::size_t cols) {
    const Matrix<float>& W = net.layers.front().W;  // (n_in x n_h): column j feeds hidden unit j
    if (W.rows() != rows * cols)
        throw std::invalid_argument("first_layer_weight_images: expected " + std::to_string(rows * cols) +
                                    " inputs, found " + std::to_string(W.rows()));
    std::vector<GreyImage> tiles;
    for (std::size_t j = 0; j < W.cols(); ++j) {
        float scale = 0;
        for (std::size_t k = 0; k < W.rows(); ++k) scale = std::max(scale, std::fabs(W(k, j)));
        GreyImage tile{cols, rows, std::vector<std::uint8_t>(rows * cols)};
        for (std::size_t k = 0; k < W.rows(); ++k)
            tile.pixels[k] = static_cast<std::uint8_t>(std::lround(127.5f + 127.5f * (scale > 0 ? W(k, j) / scale : 0.0f)));
        tiles.push_back(std::move(tile));
    }
    return tiles;
}

std::string mistakes_svg(const Dataset& data, const std::vector<Mistake>& mistakes,
                         const std::vector<std::string>& names, std::size_t limit, const std::string& title) {
    const std::size_t n = std::min(limit, mistakes.size()), columns = 10;
    const double scale = 2, cell_w = 84, cell_h = 56 + 30, top = 40;
    const std::size_t rows = (n + columns - 1) / columns;
    Svg svg(cell_w * columns + 10, top + cell_h * static_cast<double>(rows) + 10);
    svg.text((cell_w * columns + 10) / 2, 24, title, "middle", 14, 0, "font-weight=\"bold\"");
    const auto name_of = [&](int k) { return static_cast<std::size_t>(k) < names.size() ? names[k] : std::to_string(k); };
    for (std::size_t t = 0; t < n; ++t) {
        const Mistake& m = mistakes[t];
        const double x = 5 + cell_w * static_cast<double>(t % columns), y = top + cell_h * static_cast<double>(t / columns);
        const GreyImage im = example_image(data, m.index);
        svg.image(x + (cell_w - scale * im.width) / 2, y, scale * im.width, scale * im.height, png_data_uri(im));
        svg.text(x + cell_w / 2, y + scale * im.height + 13, name_of(m.label) + " \u2192 " + name_of(m.predicted), "middle", 11);
        svg.text(x + cell_w / 2, y + scale * im.height + 25, "#" + std::to_string(m.index), "middle", 9, 0, "fill=\"#666666\"");
    }
    return svg.str();
}

std::string weights_svg(const std::vector<GreyImage>& tiles, const std::string& title) {
    const std::size_t columns = tiles.size() <= 30 ? 10 : 20;
    const GreyImage grid = tile_grid(tiles, columns);
    const double scale = 2, top = 40;
    // Wide enough for the title (about 8 pixels per bold 14-pixel character) and the note below.
    const double width = std::max({scale * static_cast<double>(grid.width) + 20, 8.0 * static_cast<double>(title.size()) + 20, 520.0});
    Svg svg(width, top + scale * static_cast<double>(grid.height) + 30);
    svg.text(width / 2, 24, title, "middle", 14, 0, "font-weight=\"bold\"");
    svg.image(10, top, scale * grid.width, scale * grid.height, png_data_uri(grid));
    svg.text(10, top + scale * grid.height + 20,
             "unit 0 at top left, row by row; black = most negative, grey = 0, white = most positive weight (per unit)",
             "start", 10);
    return svg.str();
}

}  // namespace nn
