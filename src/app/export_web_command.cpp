// ./mnist export-web: writes the draw-a-digit page (output/web_page.hpp) of a saved network.
// The forward pass the page runs: docs/02-neuron-and-layer.md#eq-2-5. README, "Draw a digit".
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "app/commands.hpp"
#include "app/setup.hpp"
#include "data/classes.hpp"
#include "output/atomic_file.hpp"
#include "output/model_file.hpp"
#include "output/web_page.hpp"

namespace nn {

int export_web_command(const Options& o) {
    if (o.load_path.empty()) throw UsageError("export-web: expected --load FILE, found none");
    // Without --out, beside the model: net.model -> net.html.
    const std::string out = o.given.count("--out") ? o.page_path
                                                   : std::filesystem::path(o.load_path).replace_extension(".html").string();
    std::error_code ec;
    if (std::filesystem::equivalent(out, o.load_path, ec))
        throw UsageError("--out: expected a page other than the model file, found " + out);
    Options with_page = o;
    with_page.page_path = out;
    check_outputs(with_page);  // before the model is read: the page can be written
    // The same checks, in the same order and with the same messages, as predict.
    const Network<float> net = load_model(o.load_path);
    require_model_shape(net, o.load_path, 784, "28 x 28 pixels", 10);
    std::size_t parameters = 0;
    for (const Layer<float>& layer : net.layers) parameters += layer.W.size() + layer.b.size();
    if (parameters > kMaxWebParameters)
        throw std::runtime_error(o.load_path + ": expected at most " + std::to_string(kMaxWebParameters) +
                                 " parameters for a web page (a page of about 90 MB), found " +
                                 std::to_string(parameters) + " (" + net.describe() + ")");
    const DataSetInfo info = identify_data_set(o.data_dir);
    const std::string page =
        web_page(net, std::filesystem::path(o.load_path).filename().string(), info.name, info.classes);
    write_file_atomically(out, page);
    std::printf("network: %s (%s, %s hidden, %s output)\nclasses: %s (from %s; --data DIR to change)\n",
                o.load_path.c_str(), net.describe().c_str(), name(net.hidden),
                output_name(net.loss_kind), info.name.c_str(), o.data_dir.c_str());
    std::printf("wrote %s (%.1f MB, self-contained: open it in a browser, no server or network needed)\n", out.c_str(),
                static_cast<double>(page.size()) / 1e6);
    return 0;
}

}  // namespace nn
