// Pictures made of many small greyscale images: misclassified digits and first-layer weights,
// as PGM and as SVG (an embedded hand-written PNG plus text labels). Explained in docs/experiments.md.
#pragma once

#include <string>
#include <vector>

#include "output/confusion.hpp"
#include "data/mnist.hpp"
#include "nn/network.hpp"
#include "output/pgm.hpp"

namespace nn {

// The bytes of a PNG holding the image (8-bit greyscale, zlib "stored" blocks: no compression
// library needed, every byte still checked by CRC-32 and Adler-32).
std::string encode_png(const GreyImage& image);
// "data:image/png;base64,..." of encode_png(image), for <image> in an SVG.
std::string png_data_uri(const GreyImage& image);

// Tiles equally sized tiles into a grid `columns` wide, `gap` pixels apart, on a grey background.
GreyImage tile_grid(const std::vector<GreyImage>& tiles, std::size_t columns, std::size_t gap = 2);

// Row `i` of data as a tile (pixel x in [0, 1] -> 255 x).
GreyImage example_image(const Dataset& data, std::size_t i);

// The incoming weights of each hidden unit of the first layer (column j of W1, n_in = rows * cols
// pixels) as a tile, scaled per unit so that -max|w| is black, 0 mid-grey and +max|w| white.
std::vector<GreyImage> first_layer_weight_images(const Network<float>& net, std::size_t rows, std::size_t cols);

// An SVG showing up to `limit` mistakes: each digit with "true -> predicted" under it.
std::string mistakes_svg(const Dataset& data, const std::vector<Mistake>& mistakes,
                         const std::vector<std::string>& names, std::size_t limit, const std::string& title);
// An SVG of the weight tiles with the unit number under each one.
std::string weights_svg(const std::vector<GreyImage>& tiles, const std::string& title);

}  // namespace nn
