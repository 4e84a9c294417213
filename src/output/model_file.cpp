// Saving and loading a trained network: a small binary format with a checksum, written atomically.
// The byte layout, field by field: docs/model-format.md.
#include "output/model_file.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "core/bytes.hpp"
#include "output/atomic_file.hpp"
#include "output/checksum.hpp"

namespace nn {
namespace {

static_assert(std::numeric_limits<float>::is_iec559 && sizeof(float) == 4, "the format stores IEEE 754 binary32");

constexpr unsigned char kMagic[8] = {'M', 'N', 'I', 'S', 'T', 'M', 'L', 'P'};
constexpr std::size_t kHeaderBytes = 24;       // magic 8, version 4, activation 4, loss 4, count 4
constexpr std::uint32_t kMaxLayers = 64, kMaxWidth = 1u << 20;

void put_u32(std::vector<unsigned char>& out, std::uint32_t u) {
    for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<unsigned char>((u >> shift) & 0xFF));
}

std::uint32_t get_u32(const unsigned char* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

void put_float(std::vector<unsigned char>& out, float x) {
    std::uint32_t u;
    std::memcpy(&u, &x, 4);  // the bit pattern, then byte by byte: the same file on any host
    put_u32(out, u);
}

float get_float(const unsigned char* p) {
    const std::uint32_t u = get_u32(p);
    float x;
    std::memcpy(&x, &u, 4);
    return x;
}

void put_matrix(std::vector<unsigned char>& out, const Matrix<float>& M) {
    for (std::size_t k = 0; k < M.size(); ++k) put_float(out, M[k]);
}

void get_matrix(const unsigned char*& p, Matrix<float>& M) {
    for (std::size_t k = 0; k < M.size(); ++k, p += 4) M[k] = get_float(p);
}

}  // namespace

std::vector<unsigned char> encode_model(const Network<float>& net, const Optimizer<float>* optimizer) {
    const bool with_state = optimizer && state_matrices(optimizer->settings.method) > 0;
    std::vector<unsigned char> out(kMagic, kMagic + 8);
    put_u32(out, with_state ? kModelFormatVersionWithOptimizer : kModelFormatVersion);
    put_u32(out, net.hidden == Activation::ReLU ? 0 : 1);
    put_u32(out, net.loss_kind == Loss::CrossEntropy ? 0 : net.loss_kind == Loss::SquaredError ? 1 : 2);
    const std::vector<std::size_t> sizes = net.sizes();
    put_u32(out, static_cast<std::uint32_t>(sizes.size()));
    for (std::size_t s : sizes) put_u32(out, static_cast<std::uint32_t>(s));
    for (const Layer<float>& layer : net.layers) {
        for (std::size_t k = 0; k < layer.W.size(); ++k) put_float(out, layer.W[k]);
        for (std::size_t k = 0; k < layer.b.size(); ++k) put_float(out, layer.b[k]);
    }
    if (with_state) {  // method, step count t (low then high 32 bits), every v, then every s (Adam)
        put_u32(out, static_cast<std::uint32_t>(optimizer->settings.method));
        put_u32(out, static_cast<std::uint32_t>(optimizer->t & 0xFFFFFFFFu));
        put_u32(out, static_cast<std::uint32_t>(optimizer->t >> 32));
        for (const Matrix<float>& v : optimizer->v) put_matrix(out, v);
        for (const Matrix<float>& s : optimizer->s) put_matrix(out, s);
    }
    put_u32(out, crc32(out.data(), out.size()));
    return out;
}

Network<float> decode_model(const unsigned char* bytes, std::size_t size, const std::string& name) {
    return decode_checkpoint(bytes, size, name).net;
}

Checkpoint decode_checkpoint(const unsigned char* bytes, std::size_t size, const std::string& name) {
    if (size < kHeaderBytes)
        throw std::runtime_error(at(name, size) + "expected a header of " + std::to_string(kHeaderBytes) +
                                 " bytes, found a " + std::to_string(size) + "-byte file (truncated?)");
    if (std::memcmp(bytes, kMagic, 8) != 0) {
        std::string found;
        for (int i = 0; i < 8; ++i) found += (bytes[i] >= 32 && bytes[i] < 127) ? static_cast<char>(bytes[i]) : '?';
        throw std::runtime_error(at(name, 0) + "expected magic 'MNISTMLP' (an mnist model file), found '" + found + "'");
    }
    const std::uint32_t version = get_u32(bytes + 8), act = get_u32(bytes + 12), loss = get_u32(bytes + 16),
                        count = get_u32(bytes + 20);
    if (version != kModelFormatVersion && version != kModelFormatVersionWithOptimizer)
        throw std::runtime_error(at(name, 8) + "expected format version " + std::to_string(kModelFormatVersion) +
                                 " or " + std::to_string(kModelFormatVersionWithOptimizer) + ", found " +
                                 std::to_string(version));
    if (act > 1)
        throw std::runtime_error(at(name, 12) + "expected activation 0 (relu) or 1 (sigmoid), found " + std::to_string(act));
    if (loss > 2)
        throw std::runtime_error(at(name, 16) + "expected loss 0 (cross-entropy), 1 (mse) or 2 (perceptron), found " +
                                 std::to_string(loss));
    if (count < 2 || count > kMaxLayers)
        throw std::runtime_error(at(name, 20) + "expected 2 to " + std::to_string(kMaxLayers) +
                                 " layer sizes, found " + std::to_string(count));
    const std::size_t sizes_end = kHeaderBytes + 4 * std::size_t{count};
    if (size < sizes_end)
        throw std::runtime_error(at(name, size) + "expected " + std::to_string(count) + " layer sizes ending at offset " +
                                 std::to_string(sizes_end) + ", found a " + std::to_string(size) + "-byte file (truncated)");
    std::vector<std::size_t> sizes;
    std::size_t params = 0;
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint32_t s = get_u32(bytes + kHeaderBytes + 4 * i);
        if (s == 0 || s > kMaxWidth)
            throw std::runtime_error(at(name, kHeaderBytes + 4 * i) + "expected a layer size from 1 to " +
                                     std::to_string(kMaxWidth) + ", found " + std::to_string(s));
        if (i > 0) params += (sizes.back() + 1) * s;  // W (n_in x n_out) and b (n_out)
        sizes.push_back(s);
    }
    // Version 2: the optimiser's method and step count after the parameters, then its state.
    const std::size_t state_at = sizes_end + 4 * params;
    Method method = Method::SGD;
    if (version == kModelFormatVersionWithOptimizer) {
        if (size < state_at + 12)
            throw std::runtime_error(at(name, size) + "expected the optimizer's method and step count at offset " +
                                     std::to_string(state_at) + ", found a " + std::to_string(size) +
                                     "-byte file (truncated)");
        const std::uint32_t code = get_u32(bytes + state_at);
        if (code < 1 || code > 3)
            throw std::runtime_error(at(name, state_at) + "expected optimizer 1 (momentum), 2 (nesterov) or 3 (adam), found " +
                                     std::to_string(code));
        method = static_cast<Method>(code);
    }
    const std::size_t state_bytes = method == Method::SGD ? 0 : 12 + 4 * params * state_matrices(method);
    const std::size_t expected = state_at + state_bytes + 4;  // + the CRC
    if (size != expected)
        throw std::runtime_error(at(name, std::min(size, expected)) + "expected a " + std::to_string(expected) +
                                 "-byte file for layers " + std::to_string(sizes.front()) + "..." +
                                 std::to_string(sizes.back()) + " (" + std::to_string(params) + " parameters), found " +
                                 std::to_string(size) + " bytes" + (size < expected ? " (truncated)" : " (extra bytes)"));
    const std::uint32_t stored = get_u32(bytes + expected - 4), computed = crc32(bytes, expected - 4);
    if (stored != computed)
        throw std::runtime_error(at(name, expected - 4) + "expected CRC-32 " + hex32(computed) +
                                 " of the preceding bytes, found " + hex32(stored) + " (the file is corrupt)");

    Network<float> net(sizes, act == 0 ? Activation::ReLU : Activation::Sigmoid,
                       loss == 0 ? Loss::CrossEntropy : loss == 1 ? Loss::SquaredError : Loss::Perceptron);
    const unsigned char* p = bytes + sizes_end;
    for (Layer<float>& layer : net.layers) {
        get_matrix(p, layer.W);
        get_matrix(p, layer.b);
    }
    OptimizerSettings settings;
    settings.method = method;
    Checkpoint checkpoint{net, Optimizer<float>(settings, net)};
    if (method != Method::SGD) {
        Optimizer<float>& o = checkpoint.optimizer;
        o.t = std::uint64_t{get_u32(p + 4)} | std::uint64_t{get_u32(p + 8)} << 32;
        p += 12;
        for (Matrix<float>& v : o.v) get_matrix(p, v);
        for (Matrix<float>& s : o.s) get_matrix(p, s);
    }
    return checkpoint;
}

void save_model(const std::string& path, const Network<float>& net, const Optimizer<float>* optimizer) {
    const std::vector<unsigned char> bytes = encode_model(net, optimizer);
    write_file_atomically(path, std::string(bytes.begin(), bytes.end()));
}

Checkpoint load_checkpoint(const std::string& path) {
    const std::vector<unsigned char> bytes = read_whole_file(path);
    return decode_checkpoint(bytes.data(), bytes.size(), path);
}

Network<float> load_model(const std::string& path) {
    const std::vector<unsigned char> bytes = read_whole_file(path);
    return decode_model(bytes.data(), bytes.size(), path);
}

void require_model_shape(const Network<float>& net, const std::string& path, std::size_t inputs,
                         const std::string& why, std::size_t outputs) {
    const std::vector<std::size_t> s = net.sizes();
    if (s.front() != inputs)
        throw std::runtime_error(at(path, kHeaderBytes) + "expected " + std::to_string(inputs) + " inputs (" + why +
                                 "), found a network with " + std::to_string(s.front()));
    if (s.back() != outputs)
        throw std::runtime_error(at(path, kHeaderBytes + 4 * (s.size() - 1)) + "expected " + std::to_string(outputs) +
                                 " outputs (the classes), found a network with " + std::to_string(s.back()));
}

}  // namespace nn
