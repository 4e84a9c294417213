// Model files: CRC-32/Adler-32 check values, save/load round trips (bit-identical parameters, identical
// predictions) and refusal of truncated, corrupt and mismatched files. Format: docs/model-format.md.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "check.hpp"
#include "largest_allocation.hpp"
#include "temp_dir.hpp"
#include "output/checksum.hpp"
#include "output/model_file.hpp"
#include "core/rng.hpp"

namespace {

const unsigned char* bytes_of(const char* s) { return reinterpret_cast<const unsigned char*>(s); }

nn::Network<float> trained_like_net(nn::Activation a, std::uint64_t seed) {
    nn::Network<float> net({12, 5, 4, 3}, a, nn::Loss::CrossEntropy);
    nn::Rng rng(seed);
    net.init(a == nn::Activation::ReLU ? nn::Init::He : nn::Init::Xavier, rng);
    for (auto& layer : net.layers)
        for (std::size_t k = 0; k < layer.b.size(); ++k) layer.b[k] = static_cast<float>(rng.normal());
    return net;
}

bool same_bits(const nn::Matrix<float>& a, const nn::Matrix<float>& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() && std::memcmp(a.data(), b.data(), a.size() * 4) == 0;
}

void test_checksums() {
    CHECK_EQ(nn::crc32(bytes_of("123456789"), 9), 0xCBF43926u);  // the standard check value
    CHECK_EQ(nn::crc32(bytes_of(""), 0), 0u);
    CHECK_EQ(nn::crc32(bytes_of("6789"), 4, nn::crc32(bytes_of("12345"), 5)), 0xCBF43926u);  // in pieces
    CHECK_EQ(nn::adler32(bytes_of("Wikipedia"), 9), 0x11E60398u);
    CHECK_EQ(nn::adler32(bytes_of(""), 0), 1u);
}

void test_round_trip() {
    for (nn::Activation a : {nn::Activation::ReLU, nn::Activation::Sigmoid}) {
        nn::Network<float> net = trained_like_net(a, 7);
        const std::vector<unsigned char> bytes = nn::encode_model(net);
        // Header 24 + 4 sizes * 4 + (12*5+5 + 5*4+4 + 4*3+3) floats * 4 + CRC 4.
        CHECK_EQ(bytes.size(), std::size_t{24 + 16 + (65 + 24 + 15) * 4 + 4});
        nn::Network<float> back = nn::decode_model(bytes.data(), bytes.size(), "mem");
        CHECK(back.sizes() == net.sizes());
        CHECK(back.hidden == a);
        CHECK(back.loss_kind == nn::Loss::CrossEntropy);
        for (std::size_t l = 0; l < net.layers.size(); ++l) {
            CHECK(same_bits(back.layers[l].W, net.layers[l].W));
            CHECK(same_bits(back.layers[l].b, net.layers[l].b));
        }
        nn::Matrix<float> X(3, 12);
        nn::Rng rng(3);
        for (std::size_t k = 0; k < X.size(); ++k) X[k] = static_cast<float>(rng.uniform());
        const nn::Matrix<float> p = net.forward(X);
        CHECK(same_bits(back.forward(X), p));
        CHECK(nn::encode_model(back) == bytes);  // and saving again gives the same bytes
    }
    // Little-endian float32, byte by byte: 1.0f is 00 00 80 3f wherever it was written.
    nn::Network<float> one({1, 1}, nn::Activation::ReLU, nn::Loss::SquaredError);
    one.layers[0].W[0] = 1.0f;
    one.layers[0].b[0] = -2.0f;
    const std::vector<unsigned char> b = nn::encode_model(one);
    CHECK_EQ(b.size(), std::size_t{24 + 8 + 8 + 4});
    const std::vector<unsigned char> w(b.begin() + 32, b.begin() + 40);
    CHECK(w == (std::vector<unsigned char>{0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0}));
    CHECK_EQ(b[16], 1);  // loss code 1 = mse
}

void test_files() {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("test_model_file_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string path = (dir / "net.model").string();
    nn::Network<float> net = trained_like_net(nn::Activation::ReLU, 11);
    nn::save_model(path, net);
    CHECK_EQ(testdata::leftover_temporaries(dir), std::size_t{0});
    nn::Network<float> back = nn::load_model(path);
    CHECK(same_bits(back.layers[0].W, net.layers[0].W));
    CHECK_THROWS_WITH(nn::load_model((dir / "none.model").string()), "none.model", "cannot open");
    CHECK_THROWS_WITH(nn::require_model_shape(back, path, 784, "28 x 28 pixels", 3), path.c_str(), "offset 24",
                      "expected 784 inputs", "found a network with 12");
    CHECK_THROWS_WITH(nn::require_model_shape(back, path, 12, "x", 10), path.c_str(), "offset 36", "expected 10 outputs",
                      "found a network with 3");
    nn::require_model_shape(back, path, 12, "x", 3);  // fine: no throw
    fs::remove_all(dir);
}

void test_refused() {
    const nn::Network<float> net = trained_like_net(nn::Activation::Sigmoid, 5);
    const std::vector<unsigned char> good = nn::encode_model(net);
    // Every truncation is refused, and says so.
    for (std::size_t n = 0; n < good.size(); ++n)
        CHECK_THROWS_WITH(nn::decode_model(good.data(), n, "cut.model"), "cut.model: offset ", "expected");
    CHECK_THROWS_WITH(nn::decode_model(good.data(), good.size() - 1, "cut.model"), "truncated");
    CHECK_THROWS_WITH(nn::decode_model(good.data(), 10, "cut.model"), "offset 10", "header of 24 bytes");
    std::vector<unsigned char> longer = good;
    longer.push_back(0);
    CHECK_THROWS_WITH(nn::decode_model(longer.data(), longer.size(), "long.model"), "extra bytes");

    const auto with = [&](std::size_t offset, unsigned char value) {
        std::vector<unsigned char> b = good;
        b[offset] = value;
        return b;
    };
    const auto refuse = [](const std::vector<unsigned char>& b, const char* a, const char* c, const char* d) {
        CHECK_THROWS_WITH(nn::decode_model(b.data(), b.size(), "bad.model"), "bad.model", a, c, d);
    };
    refuse(with(0, 'X'), "offset 0", "expected magic 'MNISTMLP'", "found 'XNISTMLP'");
    refuse(with(8, 3), "offset 8", "expected format version 1 or 2", "found 3");
    refuse(with(8, 2), "expected the optimizer's method", "truncated", "offset ");  // a v1 body read as v2
    refuse(with(12, 7), "offset 12", "expected activation 0 (relu) or 1 (sigmoid)", "found 7");
    refuse(with(16, 9), "offset 16", "expected loss", "found 9");
    refuse(with(20, 1), "offset 20", "expected 2 to 64 layer sizes", "found 1");
    refuse(with(24, 0), "offset 24", "expected a layer size from 1", "found 0");
    refuse(with(28, 6), "expected a ", "-byte file", "found");   // a different size: the length no longer fits
    refuse(with(100, static_cast<unsigned char>(good[100] ^ 0x10)), "CRC-32", "corrupt", "offset ");
    refuse(with(good.size() - 1, static_cast<unsigned char>(good.back() ^ 1)), "CRC-32", "corrupt",
           ("offset " + std::to_string(good.size() - 4)).c_str());
    // Huge claimed sizes are refused from the header, before any allocation.
    std::vector<unsigned char> huge = good;
    for (int i = 0; i < 4; ++i) huge[24 + i] = i == 2 ? 0x10 : 0;  // 2^20: the largest width allowed
    largest_allocation = 0;
    refuse(huge, "expected a ", "-byte file", "truncated");
    CHECK(largest_allocation < 4096);
    // A 280-byte header claiming 64 layers of 2^20 units (2.8e14 bytes of parameters): refused by
    // its size, having allocated nothing of that size; one unit more than 2^20 is refused by itself.
    std::vector<unsigned char> claim(good.begin(), good.begin() + 20);
    for (int v : {64, 0, 0, 0}) claim.push_back(static_cast<unsigned char>(v));
    for (int layer = 0; layer < 64; ++layer)
        for (int v : {0, 0, 0x10, 0}) claim.push_back(static_cast<unsigned char>(v));
    for (int i = 0; i < 4; ++i) claim.push_back(0);
    largest_allocation = 0;
    refuse(claim, "offset 284", "expected a 277077194440988-byte file", "(truncated)");
    CHECK(largest_allocation < 4096);
    claim[24] = 1;
    refuse(claim, "offset 24", "expected a layer size from 1 to 1048576", "found 1048577");
}

// Version 2: the optimiser's state after the parameters. Plain SGD still writes version 1 byte for
// byte, and version 1 files load with plain SGD (no state).
void test_optimizer_state() {
    const nn::Network<float> net = trained_like_net(nn::Activation::ReLU, 3);
    const std::vector<unsigned char> v1 = nn::encode_model(net);
    nn::Optimizer<float> sgd(nn::OptimizerSettings{}, net);
    CHECK(nn::encode_model(net, &sgd) == v1);
    const nn::Checkpoint old = nn::decode_checkpoint(v1.data(), v1.size(), "v1.model");
    CHECK(old.optimizer.settings.method == nn::Method::SGD);
    CHECK(old.optimizer.v.empty());

    for (nn::Method m : {nn::Method::Momentum, nn::Method::Nesterov, nn::Method::Adam}) {
        nn::OptimizerSettings settings;
        settings.method = m;
        nn::Optimizer<float> opt(settings, net);
        nn::Rng rng(4);
        for (auto* state : {&opt.v, &opt.s})
            for (nn::Matrix<float>& M : *state)
                for (std::size_t k = 0; k < M.size(); ++k) M[k] = static_cast<float>(rng.normal());
        opt.t = (std::uint64_t{3} << 32) + 5;  // both halves of the step count
        const std::vector<unsigned char> v2 = nn::encode_model(net, &opt);
        const std::size_t params = 65 + 24 + 15, matrices = m == nn::Method::Adam ? 2 : 1;
        CHECK_EQ(v2.size(), v1.size() + 12 + 4 * params * matrices);
        CHECK_EQ(v2[8], 2);
        const nn::Checkpoint back = nn::decode_checkpoint(v2.data(), v2.size(), "v2.model");
        CHECK(back.optimizer.settings.method == m);
        CHECK_EQ(back.optimizer.t, opt.t);
        CHECK_EQ(back.optimizer.v.size(), opt.v.size());
        CHECK_EQ(back.optimizer.s.size(), opt.s.size());
        for (std::size_t k = 0; k < opt.v.size(); ++k) CHECK(same_bits(back.optimizer.v[k], opt.v[k]));
        for (std::size_t k = 0; k < opt.s.size(); ++k) CHECK(same_bits(back.optimizer.s[k], opt.s[k]));
        for (std::size_t l = 0; l < net.layers.size(); ++l) CHECK(same_bits(back.net.layers[l].W, net.layers[l].W));
        for (std::size_t n = 0; n < v2.size(); ++n)
            CHECK_THROWS_WITH(nn::decode_checkpoint(v2.data(), n, "cut.model"), "cut.model: offset ", "expected");
        std::vector<unsigned char> bad = v2;
        bad[v1.size() - 4] = 9;  // the method code, where v1 has its CRC
        const std::string offset = "offset " + std::to_string(v1.size() - 4);  // outlives the check's parts
        CHECK_THROWS_WITH(nn::decode_checkpoint(bad.data(), bad.size(), "bad.model"), offset.c_str(),
                          "expected optimizer 1", "found 9");
    }
}

}  // namespace

int main() {
    test_optimizer_state();
    test_checksums();
    test_round_trip();
    test_files();
    test_refused();
    return check::report("test_model_file");
}
