// ./mnist predict: the ten class probabilities of one 28 x 28 PGM image under a saved network.
// The forward pass it runs: docs/02-neuron-and-layer.md#eq-2-5.
#include <cstdio>
#include <stdexcept>
#include <string>

#include "app/commands.hpp"
#include "app/setup.hpp"
#include "data/classes.hpp"
#include "output/model_file.hpp"
#include "output/pgm.hpp"

namespace nn {

int predict_command(const Options& o) {
    if (o.load_path.empty()) throw UsageError("predict: expected --load FILE, found none");
    check_outputs(o);  // nothing to write today; the one check every command makes
    if (o.positional.size() != 1)
        throw UsageError("predict: expected one image file (PGM), found " + std::to_string(o.positional.size()));
    GreyImage image = read_pgm(o.positional[0]);
    if (image.width != 28 || image.height != 28)
        throw std::runtime_error(o.positional[0] + ": expected a 28 x 28 image (as MNIST), found " +
                                 std::to_string(image.width) + " x " + std::to_string(image.height) +
                                 "; resize it first, e.g. with ImageMagick: convert IN -resize 28x28! OUT.pgm");
    Network<float> net = load_model(o.load_path);
    require_model_shape(net, o.load_path, 784, "28 x 28 pixels", 10);
    Options one_thread = o;  // one image: nothing to share among threads
    one_thread.threads = 1;
    use_threads(one_thread);
    Matrix<float> X(1, 784);
    for (std::size_t k = 0; k < 784; ++k) {
        const unsigned v = o.invert ? 255u - image.pixels[k] : image.pixels[k];
        X[k] = static_cast<float>(v) / 255.0f;  // as the data loader: pixel / 255 in [0, 1]
    }
    const Matrix<float>& p = net.forward(X);
    const DataSetInfo info = identify_data_set(o.data_dir);
    std::printf("network: %s (%s, %s hidden)\nimage:   %s (28 x 28%s)\n\nclass         probability\n",
                o.load_path.c_str(), net.describe().c_str(), name(net.hidden), o.positional[0].c_str(),
                o.invert ? ", inverted" : "");
    const int best = argmax_rows(p)[0];
    for (std::size_t k = 0; k < 10; ++k)
        std::printf("%-12s  %.6f%s\n", info.classes[k].c_str(), static_cast<double>(p(0, k)), static_cast<int>(k) == best ? "  <- prediction" : "");
    std::printf("\nprediction: %s (probability %.4f)\n", info.classes[best].c_str(), static_cast<double>(p(0, best)));
    return 0;
}

}  // namespace nn
