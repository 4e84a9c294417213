// The layers of src/ depend on each other in one direction only: a file may include headers of its
// own folder and of the folders before it in kLayers, never after. So nn/, the teaching core, never
// sees a thread, a cache line or a file format (README.md, "Where things are").
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "check.hpp"
#include "text.hpp"

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kLayers = {"core", "data", "nn", "fast", "run", "output", "app"};

int rank_of(const std::string& layer) {
    for (std::size_t i = 0; i < kLayers.size(); ++i)
        if (kLayers[i] == layer) return static_cast<int>(i);
    return -1;
}

// The folders named by the project's #include "folder/file.hpp" lines of a source text, with line numbers.
std::vector<std::pair<std::string, std::size_t>> included_layers(const std::string& text) {
    std::vector<std::pair<std::string, std::size_t>> found;
    std::size_t line = 0;
    for (const std::string& l : testdata::lines_of(text)) {
        ++line;
        const std::string prefix = "#include \"";
        if (l.rfind(prefix, 0) != 0) continue;
        const std::size_t slash = l.find('/', prefix.size());
        found.push_back({slash == std::string::npos ? "" : l.substr(prefix.size(), slash - prefix.size()), line});
    }
    return found;
}

// The problems of one file of layer `layer`: includes of a later layer, or of no layer at all.
std::vector<std::string> problems(const std::string& name, const std::string& layer, const std::string& text) {
    std::vector<std::string> out;
    for (const auto& inc : included_layers(text)) {
        const int r = rank_of(inc.first);
        if (r < 0) out.push_back(name + ":" + std::to_string(inc.second) + ": includes a header outside the layers");
        else if (r > rank_of(layer))
            out.push_back(name + ":" + std::to_string(inc.second) + ": " + layer + "/ includes " + inc.first +
                          "/, a later layer");
    }
    return out;
}

}  // namespace

int main() {
    // The check itself: a made-up nn/ file that includes fast/ and a bare header is caught, a clean one is not.
    CHECK_EQ(problems("x.cpp", "nn", "#include \"core/matrix.hpp\"\n#include \"data/dataset.hpp\"\n").size(), std::size_t{0});
    CHECK_EQ(problems("x.cpp", "nn", "#include <vector>\n#include \"fast/engine.hpp\"\n").size(), std::size_t{1});
    CHECK_EQ(problems("x.cpp", "core", "#include \"matrix.hpp\"\n").size(), std::size_t{1});

    std::size_t files = 0;
    std::vector<std::size_t> lines(kLayers.size(), 0);
    for (const auto& entry : fs::recursive_directory_iterator("src")) {
        const fs::path rel = entry.path().lexically_relative("src");
        const std::string ext = entry.path().extension().string();
        if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
        const std::string name = "src/" + rel.generic_string();
        const std::string layer = rel.has_parent_path() ? rel.begin()->string() : "";
        if (layer.empty()) {  // only main.cpp may sit directly in src/
            CHECK_EQ(rel.generic_string(), std::string("main.cpp"));
            continue;
        }
        if (rank_of(layer) < 0) {
            check::fail(__FILE__, __LINE__, name + ": a folder that is not a layer");
            continue;
        }
        ++files;
        const std::string text = testdata::read_text(entry.path().string());
        lines[static_cast<std::size_t>(rank_of(layer))] += testdata::lines_of(text).size();
        for (const std::string& p : problems(name, layer, text)) check::fail(__FILE__, __LINE__, p);
    }
    CHECK(files > 40);
    // The teaching core stays readable in one sitting.
    CHECK(lines[static_cast<std::size_t>(rank_of("nn"))] <= 1200);
    for (std::size_t i = 0; i < kLayers.size(); ++i) std::printf("src/%s/: %zu lines\n", kLayers[i].c_str(), lines[i]);
    return check::report("layers");
}
