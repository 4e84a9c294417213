// ./mnist evaluate: test loss, accuracy and confusion matrix of a saved network, and its pictures.
// How to read the confusion matrix: docs/experiments.md (section "Pictures").
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/setup.hpp"
#include "nn/metrics.hpp"
#include "output/confusion.hpp"
#include "output/model_file.hpp"
#include "output/pictures.hpp"

namespace nn {

int evaluate_command(const Options& o) {
    if (o.load_path.empty()) throw UsageError("evaluate: expected --load FILE, found none");
    check_outputs(o);  // --plots
    const int threads = use_threads(o);
    Network<float> net = load_model(o.load_path);
    Options checked = o;
    checked.layers.clear();  // the model file's sizes are checked below, with its name and offsets
    checked.batch_size = 1;
    Mnist data = load_data(checked);
    // The model's inputs must be the images' pixels; its outputs need only hold every test label.
    require_model_shape(net, o.load_path, data.test.features(), "the pixels of one image of " + data.test_images,
                        net.sizes().back());
    require_labels_below(data.test, net.sizes().back(), data.test_labels,
                         "the " + std::to_string(net.sizes().back()) + " outputs of " + o.load_path);
    check_memory(net.sizes(), 1, "the network of " + o.load_path);
    const DataSetInfo info = identify_data_set(o.data_dir);
    std::printf("network: %s (%s, %s hidden)\n", o.load_path.c_str(), net.describe().c_str(), name(net.hidden));
    print_data_line(o, data, info, threads);
    const Evaluation test = evaluate(net, data.test);
    std::printf("test:    loss %.4f, accuracy %.2f %% (%zu of %zu)\n\n", test.loss, 100 * test.accuracy, test.correct,
                test.count);
    std::string confusion = confusion_text(confusion_matrix(net, data.test), info.classes);
    if (!o.plots_dir.empty()) {
        const std::vector<std::string> written = write_run_pictures(net, data.test, info, o.plots_dir, "", &confusion);
        std::fputs(confusion.c_str(), stdout);
        print_written(written, o.plots_dir);
    } else {
        std::fputs(confusion.c_str(), stdout);
    }
    return 0;
}

}  // namespace nn
