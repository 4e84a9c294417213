// The draw-a-digit web page of `./mnist export-web`: one self-contained HTML file, the network inside.
// Its forward pass in JavaScript follows docs/02-neuron-and-layer.md#eq-2-5 and docs/03-activations.md.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "nn/network.hpp"

namespace nn {

// Pages hold every parameter as base64 text (4/3 of the model file); above this many parameters
// (64 MB of float32, a page of about 90 MB) a browser takes long to open it, if at all.
constexpr std::size_t kMaxWebParameters = std::size_t{1} << 24;

// The HTML of the page for `net`, which must have 784 inputs and 10 outputs (require_model_shape)
// and at most kMaxWebParameters parameters (std::invalid_argument otherwise). `model_name` is shown
// on the page and names the file in the saved PGM's comment; `data_set` and `classes` (ten names,
// index = label) come from identify_data_set. The page makes no request of any kind: no link, no
// script or style file, no font; a Content-Security-Policy says so to the browser too.
std::string web_page(const Network<float>& net, const std::string& model_name, const std::string& data_set,
                     const std::vector<std::string>& classes);

// Standard base64 (RFC 4648, '+' '/' and '=' padding) of `size` bytes.
std::string base64(const unsigned char* bytes, std::size_t size);

// The parameters as the page embeds them: layer by layer W (row-major, n_in x n_out) then b, each
// a float32 stored little-endian, the same bytes as in a model file (docs/model-format.md).
std::vector<unsigned char> parameter_bytes(const Network<float>& net);

}  // namespace nn
