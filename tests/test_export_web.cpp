// ./mnist export-web end to end (its path is argv[1]): the page written, the parameters inside it,
// nothing in it that could make a request, and bad model files refused with predict's very messages.
// The page in a real browser: tests/web/test_page.js (make web-test). Needs no MNIST data.
#include <sys/wait.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "check.hpp"
#include "output/model_file.hpp"
#include "nn/network.hpp"
#include "core/rng.hpp"
#include "temp_dir.hpp"
#include "text.hpp"

namespace fs = std::filesystem;

namespace {

using testdata::contains;
using testdata::lines_of;
using testdata::read_text;

std::string g_mnist;  // path of the program under test

// Quotes s for the POSIX shell: 'it'\''s' is it's.
std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

struct Run {
    int status = -1;     // exit status, or -1 if the program did not exit normally
    std::string output;  // stdout and stderr, in output order
};

Run run(const std::vector<std::string>& args) {
    std::string command = shell_quote(g_mnist);
    for (const std::string& a : args) command += " " + shell_quote(a);
    command += " 2>&1";
    Run r;
    std::fflush(nullptr);
    std::FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        std::fprintf(stderr, "popen failed for: %s (%s)\n", command.c_str(), std::strerror(errno));
        return r;
    }
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.output.append(buffer, n);
    const int wait_status = pclose(pipe);
    if (wait_status != -1 && WIFEXITED(wait_status)) r.status = WEXITSTATUS(wait_status);
    return r;
}


std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

nn::Network<float> random_network(const std::vector<std::size_t>& sizes, nn::Activation hidden, nn::Loss loss) {
    nn::Network<float> net(sizes, hidden, loss);
    nn::Rng rng(7);
    net.init(nn::Init::Xavier, rng);
    for (auto& layer : net.layers)
        for (std::size_t k = 0; k < layer.b.size(); ++k) layer.b[k] = 0.01f * static_cast<float>(k % 7);  // not all zero
    return net;
}

// Decodes standard base64; stops at the first character outside the alphabet (the closing quote).
std::vector<unsigned char> decode_base64(const std::string& text, std::size_t from) {
    const std::string digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::vector<unsigned char> out;
    std::uint32_t group = 0;
    int bits = 0;
    for (std::size_t i = from; i < text.size(); ++i) {
        const std::size_t d = digits.find(text[i]);
        if (d == std::string::npos) break;
        group = group << 6 | static_cast<std::uint32_t>(d);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<unsigned char>(group >> bits & 0xFF));
        }
    }
    return out;
}

// The parameters as float32 little-endian, layer by layer W then b, written out independently of
// src/web_page.cpp: byte by byte from each float's bit pattern.
std::vector<unsigned char> expected_parameters(const nn::Network<float>& net) {
    std::vector<unsigned char> bytes;
    for (const auto& layer : net.layers)
        for (const nn::Matrix<float>* m : {&layer.W, &layer.b})
            for (std::size_t k = 0; k < m->size(); ++k) {
                std::uint32_t u;
                std::memcpy(&u, &(*m)[k], 4);
                for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<unsigned char>(u >> (8 * i)));
            }
    return bytes;
}

// Everything by which a page could reach beyond its own file.
void check_self_contained(const std::string& page) {
    const std::string text = lower(page);
    for (const char* bad : {"http://", "https://", "ftp://", "ws://", "wss://", "//cdn", "<link", "<img", "<iframe",
                            "<object", "<embed", "src=", "@import", "fetch(", "xmlhttprequest", "websocket",
                            "eventsource", "sendbeacon", "import(", "<base"}) {
        if (contains(text, bad)) check::fail(__FILE__, __LINE__, std::string("the page holds '") + bad + "'");
        else ++check::passes();
    }
    // CSS url(...), but not the page's own URL.createObjectURL( and revokeObjectURL( (blob: URLs, no request).
    for (std::size_t at = text.find("url("); at != std::string::npos; at = text.find("url(", at + 1))
        CHECK(at >= 12 && std::isalpha(static_cast<unsigned char>(text[at - 1])) && contains(text.substr(at - 12, 16), "objecturl("));
    CHECK(contains(page, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "));
    // One script, inline, closed once: the embedded names cannot close it early.
    std::size_t scripts = 0;
    for (std::size_t at = text.find("</script"); at != std::string::npos; at = text.find("</script", at + 1)) ++scripts;
    CHECK_EQ(scripts, std::size_t{1});
}

void test_page_written() {
    const testdata::TempDir tmp("nn-test-export-web");
    const nn::Network<float> net = random_network({784, 5, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy);
    const std::string model = tmp.file("net.model");
    nn::save_model(model, net);

    // Default --out: beside the model, .model -> .html.
    const Run r = run({"export-web", "--load", model});
    CHECK_EQ(r.status, 0);
    CHECK(contains(r.output, "wrote " + tmp.file("net.html")));
    CHECK(contains(r.output, "784-5-10, relu hidden, softmax output"));
    const std::string page = read_text(tmp.file("net.html"));
    CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(!fs::exists(tmp.file("net.html.tmp")));
    check_self_contained(page);
    CHECK(contains(page, R"("file": "net.model", "sizes": [784, 5, 10], "hidden": "relu", "output": "softmax", "dataSet": "MNIST")"));
    CHECK(contains(page, R"("classes": ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])"));
    for (const char* hook : {"window.classify = classify;", "window.preprocess = preprocess;", "getCoalescedEvents",
                             "pointerdown", "Save as PGM", "Clear", "\"P5\\n"})
        CHECK(contains(page, hook));
    // The embedded parameters are exactly the network's.
    const std::string key = "const PARAMETERS = \"";
    const std::size_t at = page.find(key);
    CHECK(at != std::string::npos);
    if (at != std::string::npos) CHECK(decode_base64(page, at + key.size()) == expected_parameters(net));

    // A deeper sigmoid network with a sigmoid output, Fashion-MNIST names (--data), an explicit --out.
    const nn::Network<float> deep = random_network({784, 6, 4, 10}, nn::Activation::Sigmoid, nn::Loss::SquaredError);
    nn::save_model(tmp.file("a<b.model"), deep);
    fs::create_directory(tmp.file("clothes"));
    write_text(tmp.file("clothes/DATASET"), "fashion-mnist\n");
    const Run d = run({"export-web", "--load", tmp.file("a<b.model"), "--data", tmp.file("clothes"), "--out",
                       tmp.file("deep page.html")});
    CHECK_EQ(d.status, 0);
    CHECK(contains(d.output, "classes: Fashion-MNIST"));
    const std::string deep_page = read_text(tmp.file("deep page.html"));
    check_self_contained(deep_page);
    CHECK(contains(deep_page, R"("file": "a\u003cb.model", "sizes": [784, 6, 4, 10], "hidden": "sigmoid", "output": "sigmoid", "dataSet": "Fashion-MNIST")"));
    CHECK(contains(deep_page, R"("T-shirt/top", "Trouser")") && contains(deep_page, R"("Ankle boot"])"));
    const std::size_t deep_at = deep_page.find(key);
    if (deep_at != std::string::npos) CHECK(decode_base64(deep_page, deep_at + key.size()) == expected_parameters(deep));

    // Source 05's one layer of ReLU output units (perceptron criterion): the page computes relu(z).
    nn::save_model(tmp.file("perceptron.model"), random_network({784, 10}, nn::Activation::ReLU, nn::Loss::Perceptron));
    const Run p = run({"export-web", "--load", tmp.file("perceptron.model")});
    CHECK_EQ(p.status, 0);
    CHECK(contains(p.output, "784-10, relu hidden, relu output"));
    CHECK(contains(read_text(tmp.file("perceptron.html")), R"("sizes": [784, 10], "hidden": "relu", "output": "relu")"));
}

// Bad model files: the same exit code and the very same message as ./mnist predict, and no page.
void test_refused_like_predict() {
    const testdata::TempDir tmp("nn-test-export-web");
    const std::string model = tmp.file("net.model");
    nn::save_model(model, random_network({784, 5, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy));
    write_text(tmp.file("digit.pgm"), "P5\n28 28\n255\n" + std::string(784, '\0'));
    std::string bytes = read_text(model);
    std::string corrupt = bytes;
    corrupt[100] = static_cast<char>(corrupt[100] ^ 1);
    write_text(tmp.file("corrupt.model"), corrupt);
    write_text(tmp.file("cut.model"), bytes.substr(0, 50));
    write_text(tmp.file("tiny.model"), read_text("tests/fuzz/corpus_model_file/valid-2-1"));  // 2 inputs, 1 output
    nn::save_model(tmp.file("three.model"), random_network({784, 5, 3}, nn::Activation::ReLU, nn::Loss::CrossEntropy));
    write_text(tmp.file("empty.model"), "");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"corrupt.model", "CRC-32"}, {"cut.model", "truncated"}, {"tiny.model", "offset 24: expected 784 inputs"},
        {"three.model", "10 outputs"}, {"empty.model", "offset 0"}, {"missing.model", "cannot open"}};
    for (const auto& c : cases) {
        const std::string path = tmp.file(c.first), page = tmp.file("page.html");
        const Run predicted = run({"predict", "--load", path, tmp.file("digit.pgm")});
        const Run exported = run({"export-web", "--load", path, "--out", page});
        const std::vector<std::string> lines = lines_of(exported.output);
        CHECK_EQ(exported.status, 1);
        CHECK_EQ(predicted.status, 1);
        CHECK_EQ(exported.output, predicted.output);  // the very same message
        CHECK(lines.size() == 1 && lines[0].rfind("mnist: error: " + path + ":", 0) == 0 && contains(lines[0], c.second));
        if (lines.size() != 1 || !contains(lines[0], c.second)) std::fprintf(stderr, "  %s: %s", c.first.c_str(), exported.output.c_str());
        CHECK(!fs::exists(page));
    }
    // More parameters than a page can hold (2^24).
    nn::save_model(tmp.file("huge.model"), nn::Network<float>({784, 21400, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy));
    const Run huge = run({"export-web", "--load", tmp.file("huge.model")});
    CHECK_EQ(huge.status, 1);
    CHECK(contains(huge.output, "huge.model: expected at most 16777216 parameters for a web page"));
    CHECK(contains(huge.output, "found 17013010 (784-21400-10)"));
    CHECK(!fs::exists(tmp.file("huge.html")));
    fs::remove(tmp.file("huge.model"));
    // A page that cannot be written: exit 1 before the model is read, the file and the reason named.
    const Run unwritable = run({"export-web", "--load", model, "--out", tmp.file("no/such/dir/page.html")});
    CHECK_EQ(unwritable.status, 1);
    CHECK(contains(unwritable.output, "mnist: error: " + tmp.file("no/such/dir/page.html") +
                                          " (--out): cannot write: the directory " + tmp.file("no/such/dir") +
                                          " does not exist"));
}

// Usage errors: exit 2, "mnist: error: <one line>" then the --help hint.
void test_usage_errors() {
    const testdata::TempDir tmp("nn-test-export-web");
    const std::string model = tmp.file("net.model");
    nn::save_model(model, random_network({784, 5, 10}, nn::Activation::ReLU, nn::Loss::CrossEntropy));
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"export-web"}, "export-web: expected --load FILE, found none"},
        {{"export-web", "--load", model, "--out", ""}, "--out: expected a file name, found ''"},
        {{"export-web", "--load", model, "--out"}, "--out: expected a value"},
        {{"export-web", "--load", model, "--out", model}, "--out: expected a page other than the model file"},
        {{"export-web", "--load", model, "--epochs", "3"}, "export-web: --epochs is not used here"},
        {{"export-web", "--load", model, "extra.pgm"}, "extra.pgm"},
        {{"export-web", "--load", model, "--colour", "red"}, "--colour"}};
    for (const auto& c : cases) {
        const Run r = run(c.first);
        const std::vector<std::string> lines = lines_of(r.output);
        const bool ok = r.status == 2 && lines.size() == 2 && lines[0].rfind("mnist: error: ", 0) == 0 &&
                        contains(lines[0], c.second) && contains(lines[1], "--help");
        if (ok) ++check::passes();
        else check::fail(__FILE__, __LINE__, "expected exit 2 and '" + c.second + "', got exit " + std::to_string(r.status) + ":\n" + r.output);
    }
    CHECK_EQ(read_text(model).size(), std::size_t{24 + 12 + 4 * (785 * 5 + 6 * 10) + 4});  // not overwritten
    const Run help = run({"export-web", "--help"});
    CHECK_EQ(help.status, 0);
    CHECK(contains(help.output, "usage: mnist export-web --load FILE [--out PAGE.html] [--data DIR]"));
    CHECK(contains(help.output, "net.model -> net.html"));
    CHECK(contains(run({"--help"}).output, "./mnist export-web --load FILE"));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s PATH-OF-MNIST-PROGRAM\n", argv[0]);
        return 1;
    }
    g_mnist = argv[1];
    std::error_code ec;
    if (!fs::is_regular_file(g_mnist, ec)) {
        std::fprintf(stderr, "test_export_web: %s: expected the mnist program, found no such file\n", g_mnist.c_str());
        return 1;
    }
    test_page_written();
    test_refused_like_predict();
    test_usage_errors();
    return check::report("test_export_web");
}
