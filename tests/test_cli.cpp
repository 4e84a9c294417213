// End-to-end tests of ./mnist (its path is argv[1]): exit codes, error messages and output.
// Exit codes: 0 success, 1 error (data, I/O), 2 usage error (src/app/cli.hpp). Runs on tiny MNIST-format
// files written here, so it needs no real data. Uses popen/pclose (POSIX) and the standard library only.
#include <sys/wait.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "check.hpp"
#include "core/bytes.hpp"  // append_big_endian: a template, nothing to link
#include "temp_dir.hpp"
#include "text.hpp"

namespace fs = std::filesystem;

namespace {

using testdata::contains;
using testdata::lines_of;
using testdata::read_text;

std::string g_mnist;  // path of the program under test

// Quotes s for the POSIX shell: 'it'\''s' is it's. Safe for spaces, quotes, $ and the rest.
std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

struct Run {
    int status = -1;     // exit status, or -1 if the program did not exit normally
    std::string output;  // what it printed (stdout, and stderr unless redirected elsewhere)
};

// Runs ./mnist with the given arguments. `redirect` is shell text appended to the command:
// "2>&1" captures both streams in output order, "2>/dev/null" only stdout.
Run run(const std::vector<std::string>& args, const std::string& redirect = "2>&1") {
    std::string command = shell_quote(g_mnist);
    for (const std::string& a : args) command += " " + shell_quote(a);
    command += " " + redirect;
    Run r;
    std::fflush(nullptr);  // popen's child must not repeat our buffered output
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


// A fresh directory for one test's files (tests/temp_dir.hpp). The name holds a space and a quote
// so that the quoting of paths is tested too.
struct TempDir : testdata::TempDir {
    TempDir() : testdata::TempDir("mnist test_cli 'q'") {}
};

void write_bytes(const std::string& path, const std::vector<unsigned char>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        std::fprintf(stderr, "cannot write %s\n", path.c_str());
        std::exit(1);
    }
}

// A deterministic generator for the fixtures (a 64-bit LCG; its quality does not matter here).
struct Lcg {
    std::uint64_t state;
    unsigned next(unsigned bound) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<unsigned>((state >> 33) % bound);
    }
};

struct Fixture {
    std::vector<unsigned char> images, labels;  // whole IDX files
};

// n synthetic 28 x 28 "digits" in IDX format: class k is a bright 8 x 8 square in cell k of a
// 2 x 5 grid, moved by up to one pixel, over faint noise. Easy to learn, impossible to mistake
// for anything but valid MNIST-format data.
Fixture make_fixture(std::uint32_t n, std::uint64_t seed) {
    Fixture f;
    f.images = {0x00, 0x00, 0x08, 0x03};  // magic 0x00000803: unsigned byte, rank 3
    nn::append_big_endian(f.images, n, 4);
    nn::append_big_endian(f.images, 28, 4);
    nn::append_big_endian(f.images, 28, 4);
    f.labels = {0x00, 0x00, 0x08, 0x01};  // magic 0x00000801: unsigned byte, rank 1
    nn::append_big_endian(f.labels, n, 4);
    Lcg rng{seed};
    for (std::uint32_t i = 0; i < n; ++i) {
        const unsigned k = rng.next(10);
        const unsigned top = 3 + 13 * (k / 5) + rng.next(3), left = 1 + 5 * (k % 5) + rng.next(3) - 1;
        for (unsigned r = 0; r < 28; ++r)
            for (unsigned c = 0; c < 28; ++c) {
                const bool on = r >= top && r < top + 8 && c >= left && c < left + 4;
                f.images.push_back(static_cast<unsigned char>(on ? 200 + rng.next(56) : rng.next(30)));
            }
        f.labels.push_back(static_cast<unsigned char>(k));
    }
    return f;
}

constexpr std::uint32_t kTrain = 200, kTest = 50;

// Writes the four files into dir, in the official hyphenated spelling or the dotted one.
void write_mnist(const TempDir& dir, bool dotted = false) {
    const Fixture train = make_fixture(kTrain, 1), test = make_fixture(kTest, 2);
    const char sep = dotted ? '.' : '-';
    write_bytes(dir / (std::string("train-images") + sep + "idx3-ubyte"), train.images);
    write_bytes(dir / (std::string("train-labels") + sep + "idx1-ubyte"), train.labels);
    write_bytes(dir / (std::string("t10k-images") + sep + "idx3-ubyte"), test.images);
    write_bytes(dir / (std::string("t10k-labels") + sep + "idx1-ubyte"), test.labels);
}

// A usage error: exit 2, and exactly two lines on stderr: "mnist: error: ..." holding every part,
// then the --help hint. Nothing on stdout.
void expect_usage_error(const char* file, int line, const std::vector<std::string>& args,
                        const std::vector<std::string>& parts) {
    std::string shown = "mnist";
    for (const std::string& a : args) shown += " " + shell_quote(a);
    const Run r = run(args);
    const std::vector<std::string> lines = lines_of(r.output);
    bool ok = r.status == 2 && lines.size() == 2 && lines[0].rfind("mnist: error: ", 0) == 0 &&
              contains(lines[1], "Try 'mnist --help'");
    for (const std::string& part : parts) ok = ok && !lines.empty() && contains(lines[0], part);
    const Run stdout_only = run(args, "2>/dev/null");
    ok = ok && stdout_only.output.empty();
    if (ok) ++check::passes();
    else check::fail(file, line, shown + ": expected exit 2 and a two-line usage error naming the option, got exit " +
                                     std::to_string(r.status) + " and:\n" + r.output);
}

// A data or I/O error: exit 1, one line "mnist: error: ..." holding every part, no --help hint.
void expect_error(const char* file, int line, const std::vector<std::string>& args,
                  const std::vector<std::string>& parts) {
    std::string shown = "mnist";
    for (const std::string& a : args) shown += " " + shell_quote(a);
    const Run r = run(args);
    std::string error_line;
    for (const std::string& l : lines_of(r.output))
        if (l.rfind("mnist: error: ", 0) == 0) error_line = l;
    bool ok = r.status == 1 && !error_line.empty() && !contains(r.output, "--help");
    for (const std::string& part : parts) ok = ok && contains(error_line, part);
    if (ok) ++check::passes();
    else check::fail(file, line, shown + ": expected exit 1 and an error naming the file, got exit " +
                                     std::to_string(r.status) + " and:\n" + r.output);
}

// Usage: CHECK_USAGE_ERROR({args...}, {parts...}). Variadic because braces do not group macro arguments.
#define CHECK_USAGE_ERROR(...) expect_usage_error(__FILE__, __LINE__, __VA_ARGS__)
#define CHECK_ERROR(...) expect_error(__FILE__, __LINE__, __VA_ARGS__)

void test_help() {
    const Run r = run({"--help"});
    CHECK_EQ(r.status, 0);
    for (const char* option : {"--data", "--hidden", "--layers", "--activation", "--loss", "--init", "--batch",
                               "--lr", "--epochs", "--seed", "--threads", "--train-limit", "--test-limit",
                               "--csv", "--save", "--load", "--plots", "compare", "sweep", "evaluate", "predict",
                               "--help"})
        if (contains(r.output, option)) ++check::passes();
        else check::fail(__FILE__, __LINE__, std::string("--help does not mention ") + option);
    CHECK(contains(r.output, "usage: mnist"));
    CHECK(!contains(r.output, "error"));
    const Run short_form = run({"-h"});
    CHECK_EQ(short_form.status, 0);
    CHECK_EQ(short_form.output, r.output);
    // The help goes to stdout (so `mnist --help | less` works).
    CHECK_EQ(run({"--help"}, "2>/dev/null").output, r.output);
}

// Bad options fail before any data is read, so these need no data directory.
void test_usage_errors() {
    // Past plain SGD (docs/15-momentum.md to docs/20-early-stopping.md).
    CHECK_USAGE_ERROR({"--optimizer", "rmsprop"}, {"--optimizer", "'rmsprop'"});
    CHECK_USAGE_ERROR({"--momentum", "1"}, {"--momentum", "'1'"});
    CHECK_USAGE_ERROR({"--optimizer", "momentum", "--momentum", "-0.1"}, {"--momentum", "'-0.1'"});
    CHECK_USAGE_ERROR({"--momentum", "0.5"}, {"--momentum", "--optimizer momentum"});
    CHECK_USAGE_ERROR({"--beta2", "0.99"}, {"--beta2", "--optimizer adam"});
    CHECK_USAGE_ERROR({"--optimizer", "adam", "--epsilon", "0"}, {"--epsilon", "'0'"});
    CHECK_USAGE_ERROR({"--weight-decay", "-1"}, {"--weight-decay", "'-1'"});
    CHECK_USAGE_ERROR({"--dropout", "1"}, {"--dropout", "'1'"});
    CHECK_USAGE_ERROR({"--dropout", "abc"}, {"--dropout", "'abc'"});
    CHECK_USAGE_ERROR({"--schedule", "linear"}, {"--schedule", "'linear'"});
    CHECK_USAGE_ERROR({"--schedule", "step:0:0.5"}, {"--schedule", "'0'"});
    CHECK_USAGE_ERROR({"--schedule", "step:5:2"}, {"--schedule", "'2'"});
    CHECK_USAGE_ERROR({"--early-stop", "3"}, {"--early-stop", "--validation"});
    CHECK_USAGE_ERROR({"compare", "--dropout", "1.5"}, {"--dropout", "'1.5'"});
    CHECK_USAGE_ERROR({"sweep", "--optimizer", "x"}, {"--optimizer", "'x'"});
    CHECK_USAGE_ERROR({"--optimizer", "ADAM"}, {"--optimizer", "'ADAM'"});
    CHECK_USAGE_ERROR({"--optimizer", "momentum", "--momentum", "inf"}, {"--momentum", "'inf'"});
    CHECK_USAGE_ERROR({"--optimizer", "adam", "--beta1", "1"}, {"--beta1", "'1'"});
    CHECK_USAGE_ERROR({"--optimizer", "adam", "--beta1", "nan"}, {"--beta1", "'nan'"});
    CHECK_USAGE_ERROR({"--optimizer", "adam", "--beta2", "-0.5"}, {"--beta2", "'-0.5'"});
    CHECK_USAGE_ERROR({"--beta1", "0.8"}, {"--beta1", "--optimizer adam"});
    CHECK_USAGE_ERROR({"--optimizer", "adam", "--epsilon", "abc"}, {"--epsilon", "'abc'"});
    CHECK_USAGE_ERROR({"--epsilon", "1e-7"}, {"--epsilon", "--optimizer adam"});
    CHECK_USAGE_ERROR({"--weight-decay", "nan"}, {"--weight-decay", "'nan'"});
    CHECK_USAGE_ERROR({"--weight-decay", "1e400"}, {"--weight-decay", "'1e400'"});
    CHECK_USAGE_ERROR({"--weight-decay", "0x10"}, {"--weight-decay", "'0x10'"});
    CHECK_USAGE_ERROR({"--dropout", "-0.1"}, {"--dropout", "'-0.1'"});
    CHECK_USAGE_ERROR({"--dropout", ""}, {"--dropout", "''"});
    CHECK_USAGE_ERROR({"--schedule", "step:5"}, {"--schedule", "'step:5'"});
    CHECK_USAGE_ERROR({"--schedule", "step:a:0.5"}, {"--schedule", "'a'"});
    CHECK_USAGE_ERROR({"--schedule", "step:5:0"}, {"--schedule", "'0'"});
    CHECK_USAGE_ERROR({"--schedule", "cosine:3"}, {"--schedule", "'cosine:3'"});
    CHECK_USAGE_ERROR({"--validation", "100", "--early-stop", "-1"}, {"--early-stop", "'-1'"});
    CHECK_USAGE_ERROR({"--validation", "100", "--early-stop", "2.5"}, {"--early-stop", "'2.5'"});
    CHECK_USAGE_ERROR({"compare", "--weight-decay", "-1"}, {"--weight-decay", "'-1'"});
    CHECK_USAGE_ERROR({"compare", "--schedule", "step"}, {"--schedule", "'step'"});
    CHECK_USAGE_ERROR({"sweep", "--early-stop", "x"}, {"--early-stop", "'x'"});
    CHECK_USAGE_ERROR({"sweep", "--optimizer", "sgd", "--momentum", "0.5"}, {"--momentum", "--optimizer momentum"});
    // The knobs of the sources (docs/14-reproducing-the-sources.md) and the reproduce command.
    CHECK_USAGE_ERROR({"--init", "gauss"}, {"--init", "'gauss'"});
    CHECK_USAGE_ERROR({"--init", "he,normal,normal"}, {"--init", "1 rule or 2", "3 rules"});
    CHECK_USAGE_ERROR({"--init-scale", "0"}, {"--init-scale", "'0'"});
    CHECK_USAGE_ERROR({"--init-scale", "1,2,3"}, {"--init-scale", "3 values"});
    CHECK_USAGE_ERROR({"--init-bias", "one"}, {"--init-bias", "'one'"});
    CHECK_USAGE_ERROR({"--pixels", "255"}, {"--pixels", "'255'"});
    CHECK_USAGE_ERROR({"--loss", "hinge"}, {"--loss", "'hinge'"});
    CHECK_USAGE_ERROR({"--perceptron-rule", "exact"}, {"--perceptron-rule", "'exact'"});
    CHECK_USAGE_ERROR({"--perceptron-rule", "source"}, {"--perceptron-rule", "--loss perceptron"});
    CHECK_USAGE_ERROR({"--drop-remainder=yes"}, {"--drop-remainder", "'yes'"});
    CHECK_USAGE_ERROR({"reproduce"}, {"reproduce", "01, 02, 03, 04, 05 or all"});
    CHECK_USAGE_ERROR({"reproduce", "06"}, {"reproduce", "'06'"});
    CHECK_USAGE_ERROR({"reproduce", "01", "02"}, {"reproduce", "found 2"});
    CHECK_USAGE_ERROR({"reproduce", "05", "--seeds", "0"}, {"--seeds", "'0'"});
    CHECK_USAGE_ERROR({"reproduce", "05", "--epochs", "3"}, {"--epochs", "not used here"});
    CHECK_USAGE_ERROR({"--bogus"}, {"--bogus"});
    CHECK_USAGE_ERROR({"--bogus=3"}, {"--bogus"});
    CHECK_USAGE_ERROR({"--epochs"}, {"--epochs", "value"});
    CHECK_USAGE_ERROR({"--batch", "0"}, {"--batch", "'0'"});
    CHECK_USAGE_ERROR({"--batch", "-5"}, {"--batch", "'-5'"});
    CHECK_USAGE_ERROR({"--batch", "12abc"}, {"--batch", "'12abc'"});
    CHECK_USAGE_ERROR({"--batch", ""}, {"--batch", "''"});
    CHECK_USAGE_ERROR({"--batch", "99999999999999999999999"}, {"--batch", "'99999999999999999999999'"});
    CHECK_USAGE_ERROR({"--epochs=0"}, {"--epochs", "'0'"});
    CHECK_USAGE_ERROR({"--lr", "abc"}, {"--lr", "'abc'"});
    CHECK_USAGE_ERROR({"--lr", "-1"}, {"--lr", "'-1'"});
    CHECK_USAGE_ERROR({"--lr", "nan"}, {"--lr", "'nan'"});
    CHECK_USAGE_ERROR({"--threads", "0"}, {"--threads", "'0'"});
    CHECK_USAGE_ERROR({"--hidden", "0"}, {"--hidden", "'0'"});
    CHECK_USAGE_ERROR({"--layers", "784"}, {"--layers", "'784'"});
    CHECK_USAGE_ERROR({"--layers", "784,300,10,"}, {"--layers", "'784,300,10,'"});
    CHECK_USAGE_ERROR({"--activation", "tanh"}, {"--activation", "'tanh'"});
    CHECK_USAGE_ERROR({"--loss", "hinge"}, {"--loss", "'hinge'"});
    CHECK_USAGE_ERROR({"--init", "zero"}, {"--init", "'zero'"});
    CHECK_USAGE_ERROR({"--hidden", "16", "--layers", "784,16,10"}, {"--hidden", "--layers"});
    CHECK_USAGE_ERROR({"stray"}, {"'stray'"});
    // More nonsense numbers (issue 6): each a one-line usage error naming the option and the value.
    CHECK_USAGE_ERROR({"--epochs", "-1"}, {"--epochs", "'-1'"});
    CHECK_USAGE_ERROR({"--threads", "-1"}, {"--threads", "'-1'"});
    CHECK_USAGE_ERROR({"--threads", "1000"}, {"--threads", "<= 256", "'1000'"});
    CHECK_USAGE_ERROR({"--lr", "0"}, {"--lr", "'0'"});
    CHECK_USAGE_ERROR({"--lr", "inf"}, {"--lr", "'inf'"});
    CHECK_USAGE_ERROR({"--lr", "1e400"}, {"--lr", "'1e400'"});
    CHECK_USAGE_ERROR({"--seed", "-1"}, {"--seed", "'-1'"});
    CHECK_USAGE_ERROR({"--train-limit", "0"}, {"--train-limit", "'0'"});
    CHECK_USAGE_ERROR({"--test-limit", "x"}, {"--test-limit", "'x'"});
    CHECK_USAGE_ERROR({"--hidden", "99999999"}, {"--hidden", "<= 1048576", "'99999999'"});
    CHECK_USAGE_ERROR({"--layers", "784,0,10"}, {"--layers", "'0'"});
    CHECK_USAGE_ERROR({"--csv", "--epochs", "1"}, {"--csv", "'--epochs'"});
}

void test_missing_data() {
    const TempDir tmp;
    const std::string missing = tmp / "no such dir";
    CHECK_ERROR({"--data", missing, "--epochs", "1"}, {missing, "idx", "-ubyte", "make data"});
    // An existing but empty directory: the same, without "does not exist".
    CHECK_ERROR({"--data", tmp.path.string(), "--epochs", "1"}, {tmp.path.string(), "-ubyte", "make data"});
}

// Each case: a valid fixture with one file replaced; the message must name that file.
void test_malformed_data() {
    struct Case {
        const char* file;
        std::vector<unsigned char> bytes;
        const char* says;  // a word the message must contain
        int line;
    };
    std::vector<unsigned char> html;
    for (const char* c = "<!DOCTYPE html>\n<html><body>404 Not Found</body></html>\n"; *c; ++c)
        html.push_back(static_cast<unsigned char>(*c));
    Fixture test = make_fixture(kTest, 2);
    std::vector<unsigned char> truncated(test.images.begin(), test.images.end() - 100);
    std::vector<unsigned char> bad_label = test.labels;
    bad_label.back() = 10;
    Fixture train_short = make_fixture(kTrain - 1, 1);  // 199 labels for 200 images
    const Case cases[] = {
        {"train-images-idx3-ubyte", {0x1f, 0x8b, 0x08, 0x08, 0x00, 0x00, 0x00, 0x00}, "gzip", __LINE__},
        {"train-labels-idx1-ubyte", html, "HTML", __LINE__},
        {"t10k-images-idx3-ubyte", truncated, "truncated", __LINE__},
        {"t10k-labels-idx1-ubyte", bad_label, "0..9", __LINE__},
        {"train-labels-idx1-ubyte", train_short.labels, "200", __LINE__},
        {"t10k-images-idx3-ubyte", {}, "empty", __LINE__},
        {"train-images-idx3-ubyte", {0x00, 0x00, 0x08, 0x01, 0, 0, 0, 1, 7}, "rank", __LINE__},
    };
    for (const Case& c : cases) {
        const TempDir tmp;
        write_mnist(tmp);
        write_bytes(tmp / c.file, c.bytes);
        expect_error(__FILE__, c.line, {"--data", tmp.path.string(), "--epochs", "1"}, {c.file, c.says});
    }

    // Only the compressed download is there: the message says how to decompress it.
    const TempDir gz;
    write_mnist(gz);
    fs::rename(gz / "train-images-idx3-ubyte", gz / "train-images-idx3-ubyte.gz");
    CHECK_ERROR({"--data", gz.path.string(), "--epochs", "1"}, {"train-images-idx3-ubyte.gz", "gunzip"});
}

// Parses a CSV row of numbers; false unless it has exactly `count` fields, each a whole number.
bool parse_row(const std::string& line, std::size_t count, std::vector<double>& values) {
    values.clear();
    std::stringstream parts(line);
    std::string field;
    while (std::getline(parts, field, ',')) {
        char* end = nullptr;
        const double v = std::strtod(field.c_str(), &end);
        if (field.empty() || *end != '\0' || !std::isfinite(v)) return false;
        values.push_back(v);
    }
    return values.size() == count && line.back() != ',';
}

const char* const kCsvHeader = "epoch,seconds,train_loss,train_accuracy,test_loss,test_accuracy";
const char* const kValidationCsvHeader =
    "epoch,seconds,train_loss,train_accuracy,validation_loss,validation_accuracy";

// The CSV of a finished run, checked; returns the data rows without the seconds column, so that
// two runs can be compared exactly (the figures are printed with fixed precision).
std::vector<std::string> checked_csv_without_seconds(const std::string& path, std::size_t epochs,
                                                     const char* header = kCsvHeader) {
    const std::vector<std::string> lines = lines_of(read_text(path));
    std::vector<std::string> rows;
    CHECK_EQ(lines.size(), epochs + 1);
    if (lines.empty()) return rows;
    CHECK_EQ(lines[0], std::string(header));
    for (std::size_t i = 1; i < lines.size(); ++i) {
        std::vector<double> v;
        const bool parsed = parse_row(lines[i], 6, v);
        CHECK(parsed);
        if (!parsed) {
            std::fprintf(stderr, "  bad CSV row: %s\n", lines[i].c_str());
            continue;
        }
        CHECK_EQ(v[0], static_cast<double>(i));              // epoch 1, 2, ...
        CHECK(v[1] >= 0);                                    // seconds
        CHECK(v[2] >= 0 && v[4] >= 0);                       // losses
        CHECK(v[3] >= 0 && v[3] <= 1 && v[5] >= 0 && v[5] <= 1);  // accuracies, fractions not percent
        const std::string& l = lines[i];
        const std::size_t first = l.find(','), second = l.find(',', first + 1);
        rows.push_back(l.substr(0, first) + l.substr(second));  // drop the seconds field
    }
    return rows;
}

// The words of a line, split at runs of spaces.
std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> w;
    for (std::string word; in >> word;) w.push_back(word);
    return w;
}

bool is_decimal(const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789.") == std::string::npos && s.find_first_of("0123456789") == 0;
}

// "    2     0.01      1.2345    61.50 %     1.3000   58.00 %": an epoch line; returns its epoch or "".
std::string epoch_of_line(const std::string& line) {
    const std::vector<std::string> w = words(line);
    if (w.size() != 8 || w[4] != "%" || w[7] != "%") return "";
    for (std::size_t i : {0, 1, 2, 3, 5, 6})
        if (!is_decimal(w[i])) return "";
    return w[0].find('.') == std::string::npos ? w[0] : "";
}

// The rows of an intervals CSV without the seconds column (the third), which varies run to run.
std::vector<std::string> intervals_without_seconds(const std::string& path) {
    std::vector<std::string> rows;
    for (const std::string& l : lines_of(read_text(path))) {
        const std::size_t second = l.find(',', l.find(',') + 1), third = l.find(',', second + 1);
        rows.push_back(second == std::string::npos || third == std::string::npos ? l : l.substr(0, second) + l.substr(third));
    }
    return rows;
}

void test_training_run() {
    const TempDir tmp;
    write_mnist(tmp);
    const std::string data = tmp.path.string(), csv = tmp / "out.csv";
    const std::vector<std::string> args = {"--data", data, "--epochs", "2", "--hidden", "16",
                                           "--batch", "10", "--threads", "1", "--csv", csv};
    const Run r = run(args);
    CHECK_EQ(r.status, 0);
    if (r.status != 0) std::fprintf(stderr, "  output:\n%s\n", r.output.c_str());
    CHECK(!contains(r.output, "error"));
    const std::vector<std::string> lines = lines_of(r.output);
    // "epoch  train s  train loss  train acc  test loss  test acc", then one line per epoch.
    const std::vector<std::string> header = {"epoch", "train", "s", "train", "loss", "train", "acc", "test", "loss", "test", "acc"};
    std::size_t headers = 0;
    std::vector<std::string> epochs_seen;
    for (const std::string& l : lines) {
        if (words(l) == header) ++headers;
        if (!epoch_of_line(l).empty()) epochs_seen.push_back(epoch_of_line(l));
    }
    CHECK_EQ(headers, std::size_t{1});
    CHECK(epochs_seen == (std::vector<std::string>{"1", "2"}));
    CHECK(contains(r.output, "784-16-10"));
    CHECK(contains(r.output, "final test accuracy"));
    CHECK(contains(r.output, "200 training, 50 test"));
    CHECK(contains(r.output, "wrote " + csv));
    const std::vector<std::string> first = checked_csv_without_seconds(csv, 2);
    CHECK_EQ(testdata::leftover_temporaries(tmp.path), std::size_t{0});  // written atomically, nothing left behind

    // Same seed, same figures; and the thread count changes nothing (STYLE.md §4).
    CHECK_EQ(run(args).status, 0);
    CHECK(checked_csv_without_seconds(csv, 2) == first);
    std::vector<std::string> two_threads = args;
    two_threads[9] = "2";  // the value of --threads
    CHECK_EQ(run(two_threads).status, 0);
    CHECK(checked_csv_without_seconds(csv, 2) == first);
    // A different seed gives different weights and order, so different losses.
    std::vector<std::string> other_seed = args;
    other_seed.insert(other_seed.end(), {"--seed", "2"});
    CHECK_EQ(run(other_seed).status, 0);
    CHECK(checked_csv_without_seconds(csv, 2) != first);

    // --eval-every 75 on 200 training images in batches of 10, 2 epochs: test figures at the first
    // batch end at or past each multiple of 75 (80, 150, 230, 300, 380 samples) and at each epoch's
    // end (200, 400), written beside the CSV as out-intervals.csv.
    std::vector<std::string> intervals = args;
    intervals.insert(intervals.end(), {"--eval-every", "75"});
    const Run iv = run(intervals);
    CHECK_EQ(iv.status, 0);
    CHECK(contains(iv.output, "after 80 samples: test loss"));
    CHECK(contains(iv.output, "wrote " + (tmp / "out-intervals.csv")));
    CHECK(checked_csv_without_seconds(csv, 2) == first);  // the evaluations do not change training
    const std::vector<std::string> interval_lines = lines_of(read_text(tmp / "out-intervals.csv"));
    CHECK_EQ(interval_lines.size(), std::size_t{8});  // the header and seven rows
    if (!interval_lines.empty()) CHECK_EQ(interval_lines[0], std::string("samples,epoch,seconds,test_loss,test_accuracy"));
    if (interval_lines.size() == 8) {
        CHECK(interval_lines[3].rfind("200,1.0000,", 0) == 0);  // the end of epoch 1
        CHECK(interval_lines[6].rfind("380,1.9000,", 0) == 0);
        CHECK(interval_lines[7].rfind("400,2.0000,", 0) == 0);
    }
    // compare runs the same training loop: the same configuration gives the same interval rows,
    // epoch ends included (only the seconds differ).
    const Run cmp = run({"compare", "--data", data, "--epochs", "2", "--hidden", "16", "--activations", "relu",
                         "--batches", "10", "--lrs", "0.1", "--threads", "1", "--eval-every", "75", "--no-plots",
                         "--validation", "0", "--out", tmp / "cmp"});
    CHECK_EQ(cmp.status, 0);
    CHECK(intervals_without_seconds(tmp / "cmp/relu-batch10-intervals.csv") ==
          intervals_without_seconds(tmp / "out-intervals.csv"));
    CHECK(checked_csv_without_seconds(tmp / "cmp/relu-batch10.csv", 2) == first);

    // The dotted spelling of the file names is accepted too.
    const TempDir dotted;
    write_mnist(dotted, true);
    const Run d = run({"--data", dotted.path.string(), "--epochs", "1", "--hidden", "8", "--threads", "1"});
    CHECK_EQ(d.status, 0);
    CHECK(contains(d.output, "final test accuracy"));
}

// Options that are only wrong for this data: usage errors (exit 2) found after loading it.
void test_options_checked_against_data() {
    const TempDir tmp;
    write_mnist(tmp);
    const std::string data = tmp.path.string();
    CHECK_USAGE_ERROR({"--data", data, "--train-limit", "201"}, {"--train-limit", "200", "201"});
    CHECK_USAGE_ERROR({"--data", data, "--test-limit", "51"}, {"--test-limit", "50", "51"});
    CHECK_USAGE_ERROR({"--data", data, "--layers", "785,10"}, {"--layers", "784", "785"});
    CHECK_USAGE_ERROR({"--data", data, "--layers", "784,16,9"}, {"--layers", "10", "9"});
    CHECK_USAGE_ERROR({"--data", data, "--batch", "201"}, {"--batch", "200", "201"});
    // Past plain SGD: a short run with every option, saved with Adam's state and continued.
    const std::string model = tmp / "adam.model";
    const Run extras = run({"--data", data, "--epochs", "3", "--hidden", "4", "--threads", "1", "--optimizer", "adam",
                            "--lr", "0.01", "--weight-decay", "0.001", "--dropout", "0.2", "--schedule", "cosine",
                            "--validation", "50", "--early-stop", "1", "--save", model});
    CHECK_EQ(extras.status, 0);
    CHECK(contains(extras.output, "val loss"));
    CHECK(contains(extras.output, "without the penalty"));
    CHECK(contains(extras.output, "kept the weights of epoch"));
    CHECK(contains(extras.output, "final test accuracy"));
    const Run continued = run({"--data", data, "--epochs", "1", "--hidden", "4", "--threads", "1", "--optimizer",
                               "adam", "--lr", "0.01", "--load", model});
    CHECK_EQ(continued.status, 0);
    CHECK(contains(continued.output, "with its adam state"));
    const Run switched = run({"--data", data, "--epochs", "1", "--hidden", "4", "--threads", "1", "--load", model});
    CHECK(contains(switched.output, "is not used"));
    // Limits within the data are fine, and a batch as large as the (limited) training set too.
    const Run r = run({"--data", data, "--train-limit", "20", "--test-limit", "5", "--batch", "20", "--epochs",
                       "1", "--hidden", "4", "--threads", "1"});
    CHECK_EQ(r.status, 0);
    CHECK(contains(r.output, "20 training, 5 test"));
    // --validation: the epochs are watched on held-out images, the test set is read at the end.
    const std::string vcsv = tmp / "val.csv";
    const Run v = run({"--data", data, "--validation", "40", "--epochs", "2", "--hidden", "4", "--threads", "1",
                       "--csv", vcsv});
    CHECK_EQ(v.status, 0);
    CHECK(contains(v.output, "(160 training, 40 validation, 50 test images; test evaluated once, at the end)"));
    CHECK(contains(v.output, "val loss   val acc"));
    CHECK(contains(v.output, "final test accuracy"));
    checked_csv_without_seconds(vcsv, 2, kValidationCsvHeader);
    CHECK_USAGE_ERROR({"--data", data, "--validation", "40", "--train-limit", "161"},
                      {"--train-limit: expected at most 160", "held out by --validation", "161"});
    // A CSV that cannot be written is an I/O error naming the file.
    const std::string csv = tmp / "missing dir/out.csv";
    CHECK_ERROR({"--data", data, "--epochs", "1", "--hidden", "4", "--threads", "1", "--csv", csv}, {csv});
}

// Every path a run will write is checked before training: exit 1 at once (no report header, no
// epoch), naming the path, the option and the reason; nothing is left behind.
void test_outputs_checked_first() {
    const TempDir tmp;
    write_mnist(tmp);
    const std::string data = tmp.path.string(), file = tmp / "a file", dir = tmp / "a dir";
    std::ofstream(file) << "not a directory";
    fs::create_directory(dir);
    const std::vector<std::string> long_run = {"--data", data, "--epochs", "1000", "--hidden", "4", "--threads", "1"};
    const auto with = [&](std::vector<std::string> args, const std::vector<std::string>& more) {
        args.insert(args.end(), more.begin(), more.end());
        return args;
    };
    const std::string missing = tmp / "no such dir/net.model";
    CHECK_ERROR(with(long_run, {"--save", missing}), {missing, "--save", "does not exist"});
    CHECK_ERROR(with(long_run, {"--save", dir}), {dir, "--save", "is a directory"});
    CHECK_ERROR(with(long_run, {"--save", file + "/net.model"}), {file + "/net.model", "is not a directory"});
    CHECK_ERROR(with(long_run, {"--csv", dir}), {dir, "--csv", "is a directory"});
    const std::string intervals = tmp / "run-intervals.csv";
    fs::create_directory(intervals);
    CHECK_ERROR(with(long_run, {"--csv", tmp / "run.csv", "--eval-every", "100"}), {intervals, "is a directory"});
    CHECK_ERROR(with(long_run, {"--plots", file}), {file, "--plots", "is a file"});
    CHECK_ERROR(with(long_run, {"--plots", file + "/sub"}), {file + "/sub", "--plots", "cannot create"});
    CHECK_ERROR({"compare", "--data", data, "--out", file}, {file, "--out", "is a file"});
    CHECK_ERROR({"sweep", "--data", data, "--out", file}, {file, "--out", "is a file"});
    CHECK_ERROR({"evaluate", "--load", tmp / "net.model", "--data", data, "--plots", file}, {file, "--plots"});
    if (fs::exists("/proc/self"))  // a directory no one may create files in, not even root
        CHECK_ERROR(with(long_run, {"--save", "/proc/net.model"}), {"/proc/net.model", "--save", "cannot write"});
    // Refused before training: not even the report's header was printed.
    const Run r = run(with(long_run, {"--save", missing}));
    CHECK(!contains(r.output, "epoch  train s") && !contains(r.output, "network:"));
    CHECK(!fs::exists(tmp / "run.csv"));
    CHECK_EQ(testdata::leftover_temporaries(tmp.path), std::size_t{0});
    CHECK_EQ(testdata::leftover_temporaries(dir), std::size_t{0});
    // A --plots directory that does not exist yet is created, as documented.
    const Run p = run({"--data", data, "--epochs", "1", "--hidden", "4", "--threads", "1", "--plots", tmp / "new/plots"});
    CHECK_EQ(p.status, 0);
    CHECK(fs::is_directory(tmp / "new/plots"));
}

// Writes an images file of n images of rows x cols pixels and a labels file whose labels cycle
// through 0..classes-1 (the image of class k is bright in its k-th band of rows, so it can be learnt).
void write_shaped_pair(const std::string& images_path, const std::string& labels_path, std::uint32_t n,
                       std::uint32_t rows, std::uint32_t cols, unsigned classes) {
    std::vector<unsigned char> images = {0x00, 0x00, 0x08, 0x03}, labels = {0x00, 0x00, 0x08, 0x01};
    nn::append_big_endian(images, n, 4);
    nn::append_big_endian(images, rows, 4);
    nn::append_big_endian(images, cols, 4);
    nn::append_big_endian(labels, n, 4);
    for (std::uint32_t i = 0; i < n; ++i) {
        const unsigned k = i % classes;
        for (std::uint32_t r = 0; r < rows; ++r)
            for (std::uint32_t c = 0; c < cols; ++c)
                images.push_back(static_cast<unsigned char>(r * classes / rows == k ? 220 : (r * 7 + c * 3 + i) % 40));
        labels.push_back(static_cast<unsigned char>(k));
    }
    write_bytes(images_path, images);
    write_bytes(labels_path, labels);
}

// Input and output sizes come from the data: 8 x 8 images with labels 0..4 make a 64-N-5 network;
// files that disagree with each other, or with --layers, are named in the error.
void test_sizes_from_data() {
    const TempDir tmp;
    const std::string data = tmp.path.string();
    const std::string train_images = tmp / "train-images-idx3-ubyte", train_labels = tmp / "train-labels-idx1-ubyte";
    const std::string test_images = tmp / "t10k-images-idx3-ubyte", test_labels = tmp / "t10k-labels-idx1-ubyte";
    write_shaped_pair(train_images, train_labels, 100, 8, 8, 5);
    write_shaped_pair(test_images, test_labels, 20, 8, 8, 5);
    const std::string model = tmp / "small.model";
    const Run r = run({"--data", data, "--epochs", "2", "--hidden", "6", "--threads", "1", "--save", model});
    CHECK_EQ(r.status, 0);
    CHECK(contains(r.output, "network: 64-6-5,"));
    CHECK(contains(r.output, "final test accuracy"));
    const Run plain = run({"--data", data, "--epochs", "1", "--threads", "1"});  // no size option at all
    CHECK_EQ(plain.status, 0);
    CHECK(contains(plain.output, "network: 64-300-5,"));
    const Run c = run({"compare", "--data", data, "--epochs", "1", "--hidden", "3", "--batches", "10", "--activations",
                       "relu", "--no-plots", "--out", tmp / "cmp", "--threads", "1"});
    CHECK_EQ(c.status, 0);
    CHECK(contains(c.output, "64-3-5 network"));
    const Run s = run({"sweep", "--data", data, "--epochs", "1", "--hidden", "3", "--batch", "10", "--no-plots", "--out",
                       tmp / "sweep", "--threads", "1"});
    CHECK_EQ(s.status, 0);
    CHECK(contains(s.output, "64-H-5"));
    // --layers that disagrees with the data: a usage error naming --layers and the file.
    CHECK_USAGE_ERROR({"--data", data, "--layers", "784,16,5"}, {"--layers", "64", "8 x 8", train_images, "784"});
    CHECK_USAGE_ERROR({"--data", data, "--layers", "64,16,10"}, {"--layers", "5", "labels 0..4", train_labels, "10"});

    // A test label that the network (5 outputs, from the training labels) cannot hold.
    write_shaped_pair(test_images, test_labels, 20, 8, 8, 7);
    CHECK_ERROR({"--data", data, "--epochs", "1", "--hidden", "4", "--threads", "1"},
                {test_labels, "offset 13", "expected a label 0..4", "found 5", train_labels});
    CHECK_ERROR({"evaluate", "--load", model, "--data", data}, {test_labels, "found 5", model});
    // Training and test images of different sizes: both files and both sizes.
    write_shaped_pair(test_images, test_labels, 20, 28, 28, 5);
    CHECK_ERROR({"--data", data, "--epochs", "1"}, {test_images, "28 x 28", train_images, "8 x 8"});
}

// A network or batch too large for the machine: refused before allocating, with the bytes needed and
// the memory there is (8.8 TB here, more than any machine running this has), never std::bad_alloc.
void test_too_large_for_memory() {
    const TempDir tmp;
    write_mnist(tmp);
    const std::string data = tmp.path.string();
    CHECK_ERROR({"--data", data, "--layers", "784,1048576,1048576,10"},
                {"--layers 784-1048576-1048576-10", "fits in memory", "bytes", "this machine has"});
    CHECK_ERROR({"compare", "--data", data, "--layers", "784,1048576,1048576,10", "--out", tmp / "cmp"},
                {"run sigmoid-online", "fits in memory"});
    const Run r = run({"--data", data, "--layers", "784,1048576,1048576,10"});
    CHECK(!contains(r.output, "bad_alloc") && !contains(r.output, "epoch  train s"));
}

}  // namespace

// Lines of a Markdown table row ("| ..."), without the header and the |---| rule.
std::size_t table_rows(const std::string& output) {
    std::size_t n = 0;
    for (const std::string& l : lines_of(output))
        if (l.rfind("| ", 0) == 0 && l.rfind("| run ", 0) != 0) ++n;
    return n;
}

// mnist compare on the fixture: the 2 x 3 grid, one table of 6 rows, the files under --out.
void test_compare() {
    const TempDir tmp;
    write_mnist(tmp);
    const std::string data = tmp.path.string(), out = tmp / "out";
    const Run r = run({"compare", "--data", data, "--epochs", "2", "--hidden", "8", "--threads", "1",
                       "--eval-every", "100", "--out", out});
    CHECK_EQ(r.status, 0);
    if (r.status != 0) std::fprintf(stderr, "  output:\n%s\n", r.output.c_str());
    CHECK_EQ(table_rows(r.output), std::size_t{6});  // {sigmoid, relu} x {online, batch 64, batch 64 at eta/m 0.01}
    CHECK(contains(r.output, "| relu-batch64-lr0.64 | relu | 8 | 64 | 0.64 | 2 |"));
    CHECK(contains(r.output, "| run | activation | hidden | batch | lr | epochs | Time(s) | Test accuracy(%) | Test loss "
                             "| Train accuracy(%) | Train loss |"));
    CHECK(contains(r.output, "| sigmoid-online | sigmoid | 8 | 1 | 0.01 | 2 |"));
    CHECK(contains(r.output, "| relu-batch64 | relu | 8 | 64 | 0.1 | 2 |"));
    CHECK(contains(r.output, "online (batch 1) lr 0.01, mini-batch (batch 64) lr 0.1"));
    // compare holds out a validation set by default (a sixth of the fixture's 200: 33 images), watches
    // the runs on it and evaluates the test set once per run.
    CHECK(contains(r.output, "(167 training, 33 validation, 50 test images)"));
    CHECK(contains(r.output, "   100 samples (epoch  0.60): validation loss"));
    CHECK(contains(r.output, "Test: evaluated once per run, after its last epoch"));
    CHECK(!contains(r.output, "\r"));  // no progress bar when stdout is not a terminal
    CHECK_EQ(lines_of(read_text(out + "/summary.csv")).size(), std::size_t{7});
    checked_csv_without_seconds(out + "/relu-online.csv", 2, kValidationCsvHeader);  // the --csv format
    const std::vector<std::string> intervals = lines_of(read_text(out + "/relu-online-intervals.csv"));
    CHECK_EQ(intervals.size(), std::size_t{6});  // 100, 167 (epoch end), 200, 300, 334 (epoch end)
    if (!intervals.empty())
        CHECK_EQ(intervals[0], std::string("samples,epoch,seconds,validation_loss,validation_accuracy"));
    CHECK(contains(read_text(out + "/accuracy-vs-epoch.svg"), "validation accuracy (%)"));
    for (const char* f : {"accuracy-vs-epoch.svg", "loss-vs-samples.svg", "relu-online-confusion.svg",
                          "relu-online-confusion.txt", "sigmoid-batch64-mistakes.svg", "sigmoid-batch64-mistakes.pgm",
                          "relu-batch64-weights.svg", "relu-batch64-weights.pgm", "sigmoid-online.model"})
        if (fs::exists(out + "/" + f)) ++check::passes();
        else check::fail(__FILE__, __LINE__, std::string("compare did not write ") + f);
    CHECK(read_text(out + "/accuracy-vs-epoch.svg").rfind("<?xml", 0) == 0);

    // Several seeds: summary.csv gains mean and sd columns (sd > 0: the seeds differ), pairs.csv has a
    // McNemar p-value in [0, 1] for each pair that differs in one factor, the charts shade a band.
    const std::string seeded = tmp / "seeded";
    const Run s = run({"compare", "--data", data, "--epochs", "1", "--hidden", "8", "--threads", "1", "--seeds", "2",
                       "--batches", "1,20", "--eval-every", "100", "--no-plots", "--out", seeded});
    CHECK_EQ(s.status, 0);
    CHECK(contains(s.output, "expected time: about"));
    CHECK(contains(s.output, "seed 1 to 2"));
    CHECK(contains(s.output, "| seeds | Time(s) mean \u00b1 sd"));
    CHECK(contains(s.output, "relu-online vs relu-batch20: "));
    const std::vector<std::string> summary = lines_of(read_text(seeded + "/summary.csv"));
    CHECK_EQ(summary.size(), std::size_t{5});
    if (!summary.empty())
        CHECK(summary[0].find("test_accuracy_mean,test_accuracy_sd,test_loss_mean,test_loss_sd,seconds_mean,seconds_sd,"
                              "seeds") != std::string::npos);
    for (std::size_t i = 1; i < summary.size(); ++i) {
        std::vector<double> v;
        const std::string& l = summary[i];
        std::size_t comma = 0;
        for (int k = 0; k < 2; ++k) comma = l.find(',', comma) + 1;  // skip run and activation
        CHECK(parse_row(l.substr(comma), 16, v));
        if (v.size() == 16) CHECK(v[11] > 0 && v[15] == 2);  // test_loss_sd, seeds
    }
    const std::vector<std::string> pairs = lines_of(read_text(seeded + "/pairs.csv"));
    CHECK_EQ(pairs.size(), std::size_t{5});  // header, 2 activation pairs, 2 batch pairs
    for (std::size_t i = 1; i < pairs.size(); ++i) {
        const double p = std::atof(pairs[i].substr(pairs[i].rfind(',', pairs[i].rfind(',') - 1) + 1).c_str());
        CHECK(p >= 0 && p <= 1);
    }
    CHECK(fs::exists(seeded + "/relu-online-seed2.csv"));
    CHECK(contains(read_text(seeded + "/accuracy-vs-seconds.svg"), "<polygon"));
    CHECK(contains(read_text(seeded + "/accuracy-vs-epoch.svg"), "min\u2013max of 2 seeds"));

    // Narrowed grid, per-mode learning rates.
    const Run one = run({"compare", "--data", data, "--epochs", "1", "--hidden", "4", "--threads", "1",
                         "--activations", "relu", "--batches", "1,20", "--lrs", "0.02,0.3", "--no-plots", "--out", out});
    CHECK_EQ(one.status, 0);
    CHECK_EQ(table_rows(one.output), std::size_t{2});
    CHECK(contains(one.output, "| relu-batch20 | relu | 4 | 20 | 0.3 | 1 |"));
    CHECK(contains(run({"compare", "--help"}).output, "--eval-every"));
    CHECK_USAGE_ERROR({"compare", "--batch", "5"}, {"--batch", "--batches"});
    CHECK_USAGE_ERROR({"compare", "--lrs", "0.1"}, {"--lrs", "3 learning rates"});
    CHECK_USAGE_ERROR({"compare", "--activations", "tanh"}, {"--activations", "'tanh'"});
    CHECK_USAGE_ERROR({"compare", "--batches", "1,"}, {"--batches", "'1,'"});
    CHECK_USAGE_ERROR({"compare", "--lrs", "0.1,nan"}, {"--lrs", "positive number", "'nan'"});
    CHECK_USAGE_ERROR({"compare", "--lr", "0.1", "--lrs", "0.1,0.1"}, {"--lr and --lrs"});
    CHECK_USAGE_ERROR({"compare", "--eval-every", "-1"}, {"--eval-every", "'-1'"});
    CHECK_USAGE_ERROR({"compare", "--out", ""}, {"--out", "found ''"});
    // The training images left after compare's default validation split (a sixth of 200 held out).
    CHECK_USAGE_ERROR({"compare", "--data", data, "--batches", "1,201"}, {"--batches: expected at most 167", "201"});
    CHECK_USAGE_ERROR({"compare", "--data", data, "--batches", "1,201", "--validation", "0"},
                      {"--batches: expected at most 200", "201"});
    // Nothing the program writes is left half-written: no temporary file survives in --out.
    CHECK_EQ(testdata::leftover_temporaries(out), std::size_t{0});
}

// A learning rate that makes every run diverge: the grid stops at the first run with one error line
// naming the run, epoch and batch, exit 1, and no table of NaN or infinite figures.
void test_grid_divergence() {
    const TempDir tmp;
    write_mnist(tmp);
    const std::string data = tmp.path.string();
    const std::vector<std::vector<std::string>> commands = {
        {"compare", "--data", data, "--epochs", "2", "--hidden", "8", "--threads", "1", "--lrs", "1000,1000,1000",
         "--eval-every", "50", "--no-plots", "--out", tmp / "compare"},
        {"sweep", "--data", data, "--epochs", "2", "--hidden", "8,16", "--threads", "1", "--lr", "1000", "--batch", "20",
         "--no-plots", "--out", tmp / "sweep"}};
    for (const std::vector<std::string>& args : commands) {
        const Run r = run(args);
        CHECK_EQ(r.status, 1);
        std::vector<std::string> errors;
        for (const std::string& l : lines_of(r.output))
            if (l.rfind("mnist: error: ", 0) == 0) errors.push_back(l);
        CHECK_EQ(errors.size(), std::size_t{1});
        const std::string error = errors.empty() ? "" : errors[0];
        for (const char* part : {"training diverged", "at batch", "of epoch 1", "in run", "try a smaller learning rate"})
            if (contains(error, part)) ++check::passes();
            else check::fail(__FILE__, __LINE__, args[0] + ": error lacks '" + part + "':\n" + r.output);
        CHECK_EQ(table_rows(r.output), std::size_t{0});
        CHECK(!contains(r.output, "nan") && !contains(r.output, "NaN") && !contains(r.output, "inf "));
        CHECK(!contains(r.output, "--help"));
        if (r.status != 1) std::fprintf(stderr, "  output:\n%s\n", r.output.c_str());
    }
}

void test_sweep() {
    const TempDir tmp;
    write_mnist(tmp);
    const Run r = run({"sweep", "--data", tmp.path.string(), "--hidden", "4,8", "--epochs", "1", "--batch", "20",
                       "--threads", "1", "--no-plots", "--validation", "50", "--out", tmp / "sweep"});
    CHECK_EQ(r.status, 0);
    CHECK_EQ(table_rows(r.output), std::size_t{2});
    CHECK(contains(r.output, "| hidden8 | relu | 8 | 20 | 0.1 | 1 |"));
    CHECK(contains(r.output, "(150 training, 50 validation, 50 test images)"));
    checked_csv_without_seconds(tmp / "sweep/hidden4.csv", 1, kValidationCsvHeader);
    CHECK_USAGE_ERROR({"sweep", "--data", tmp.path.string(), "--validation", "200"},
                      {"--validation: expected fewer than 200", "200"});
    CHECK(contains(run({"sweep", "--help"}).output, "30,128,256,300"));
    CHECK_USAGE_ERROR({"sweep", "--hidden", "0"}, {"--hidden", "'0'"});
    CHECK_USAGE_ERROR({"sweep", "--hidden", "30,,40"}, {"--hidden", "found ''"});
    CHECK_USAGE_ERROR({"sweep", "--lr", "inf"}, {"--lr", "'inf'"});
    CHECK_USAGE_ERROR({"sweep", "--layers", "784,30,10"}, {"sweep: --layers", "--hidden LIST"});
    CHECK_USAGE_ERROR({"sweep", "--data", tmp.path.string(), "--batch", "201"}, {"--batch: expected at most 167", "201"});
}

// --save, evaluate --load, predict --load IMAGE.pgm, and refused model and image files.
void test_save_load_predict() {
    const TempDir tmp;
    write_mnist(tmp);
    const std::string data = tmp.path.string(), model = tmp / "net.model";
    const Run r = run({"--data", data, "--epochs", "2", "--hidden", "16", "--batch", "10", "--threads", "1",
                       "--save", model, "--plots", tmp / "plots"});
    CHECK_EQ(r.status, 0);
    CHECK(fs::exists(model) && testdata::leftover_temporaries(tmp.path) == 0);
    CHECK(fs::exists(tmp / "plots/confusion.svg") && fs::exists(tmp / "plots/accuracy-vs-epoch.svg"));
    const std::string key = "final test accuracy ";
    const std::size_t at = r.output.find(key), end = r.output.find(" %", at);
    CHECK(at != std::string::npos && end != std::string::npos);
    const std::string accuracy = at == std::string::npos ? "?" : r.output.substr(at + key.size(), end + 2 - at - key.size());
    const Run e = run({"evaluate", "--load", model, "--data", data, "--threads", "1"});
    CHECK_EQ(e.status, 0);
    CHECK(contains(e.output, "accuracy " + accuracy));  // the saved network is the trained one
    CHECK(contains(e.output, "recall"));

    // A fixture image as P5 and as P2 with a comment: both give the same probabilities.
    const Fixture f = make_fixture(1, 9);
    std::vector<unsigned char> p5 = {'P', '5', '\n', '2', '8', ' ', '2', '8', '\n', '2', '5', '5', '\n'};
    p5.insert(p5.end(), f.images.begin() + 16, f.images.end());
    write_bytes(tmp / "digit.pgm", p5);
    std::string p2 = "P2\n# the same digit\n28 28\n255\n";
    for (std::size_t k = 16; k < f.images.size(); ++k) p2 += std::to_string(f.images[k]) + (k % 28 == 15 ? "\n" : " ");
    write_bytes(tmp / "digit2.pgm", std::vector<unsigned char>(p2.begin(), p2.end()));
    const Run p = run({"predict", "--load", model, tmp / "digit.pgm"});
    CHECK_EQ(p.status, 0);
    double sum = 0;
    std::size_t classes = 0;
    for (const std::string& l : lines_of(p.output)) {
        // "7             0.999995  <- prediction": a class digit, spaces, the probability.
        double probability = 0;
        char after = 0;
        if (l.size() > 2 && l[0] >= '0' && l[0] <= '9' && l[1] == ' ' &&
            std::sscanf(l.c_str() + 1, " %lf%c", &probability, &after) >= 1) {
            sum += probability;
            ++classes;
        }
    }
    CHECK_EQ(classes, std::size_t{10});
    CHECK(std::fabs(sum - 1.0) < 1e-4);
    CHECK(contains(p.output, "prediction: " + std::to_string(f.labels.back())));  // an easy fixture digit
    const Run p_text = run({"predict", "--load", model, tmp / "digit2.pgm"});
    CHECK_EQ(p_text.status, 0);
    CHECK(lines_of(p_text.output).size() == lines_of(p.output).size());

    // Refused: wrong image size, not a PGM, a corrupt or truncated model, missing arguments.
    write_bytes(tmp / "small.pgm", {'P', '5', ' ', '2', ' ', '2', ' ', '2', '5', '5', '\n', 1, 2, 3, 4});
    CHECK_ERROR({"predict", "--load", model, tmp / "small.pgm"}, {"small.pgm", "expected a 28 x 28 image", "found 2 x 2"});
    CHECK_ERROR({"predict", "--load", model, tmp / "net.model"}, {"net.model", "offset 0", "expected magic P2 or P5"});
    std::string bytes = read_text(model);
    bytes[100] = static_cast<char>(bytes[100] ^ 1);
    write_bytes(tmp / "corrupt.model", std::vector<unsigned char>(bytes.begin(), bytes.end()));
    CHECK_ERROR({"predict", "--load", tmp / "corrupt.model", tmp / "digit.pgm"}, {"corrupt.model", "CRC-32", "corrupt"});
    write_bytes(tmp / "cut.model", std::vector<unsigned char>(bytes.begin(), bytes.begin() + 50));
    CHECK_ERROR({"evaluate", "--load", tmp / "cut.model", "--data", data}, {"cut.model", "offset", "truncated"});
    // A whole, valid model of the wrong shape (2 inputs, 1 output; a seed of the fuzz corpus): the
    // model file is named with the offset of the size, not the --layers option nobody gave.
    const std::string tiny = read_text("tests/fuzz/corpus_model_file/valid-2-1");
    write_bytes(tmp / "tiny.model", std::vector<unsigned char>(tiny.begin(), tiny.end()));
    CHECK_ERROR({"evaluate", "--load", tmp / "tiny.model", "--data", data},
                {"tiny.model: offset 24: expected 784 inputs (the pixels of one image of ", "t10k-images-idx3-ubyte), found a network with 2"});
    CHECK_ERROR({"predict", "--load", tmp / "tiny.model", tmp / "digit.pgm"}, {"tiny.model: offset 24", "784 inputs"});
    write_bytes(tmp / "huge.model", {'M', 'N', 'I', 'S', 'T', 'M', 'L', 'P', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                     2, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0x10, 0, 0, 0, 0, 0});
    CHECK_ERROR({"evaluate", "--load", tmp / "huge.model", "--data", data},
                {"huge.model: offset 36: expected a 4398050705444-byte file", "(truncated)"});
    // PGM headers claiming 65535 x 65535 pixels in a few bytes, and a truncated image.
    write_bytes(tmp / "huge.pgm", {'P', '5', ' ', '6', '5', '5', '3', '5', ' ', '6', '5', '5', '3', '5', ' ', '2', '5', '5',
                                   '\n', 0, 0});
    CHECK_ERROR({"predict", "--load", model, tmp / "huge.pgm"},
                {"huge.pgm: offset 21: expected 4294836225 bytes of pixels (65535 x 65535, 1 byte each), found 2"});
    const std::string digit = read_text(tmp / "digit.pgm");
    write_bytes(tmp / "cut.pgm", std::vector<unsigned char>(digit.begin(), digit.end() - 10));
    CHECK_ERROR({"predict", "--load", model, tmp / "cut.pgm"}, {"cut.pgm: offset", "expected 784 bytes of pixels", "(truncated)"});
    CHECK_USAGE_ERROR({"predict", tmp / "digit.pgm"}, {"--load"});
    CHECK_USAGE_ERROR({"predict", "--load", model}, {"one image file", "found 0"});
    CHECK_USAGE_ERROR({"evaluate"}, {"--load"});
    CHECK_USAGE_ERROR({"--save", ""}, {"--save", "a file name"});
    CHECK_USAGE_ERROR({"--plots="}, {"--plots", "a directory"});
    CHECK_USAGE_ERROR({"predict", "--invert=1"}, {"--invert", "no value"});
    // Training on from a saved network.
    const Run more = run({"--data", data, "--epochs", "1", "--batch", "10", "--threads", "1", "--load", model});
    CHECK_EQ(more.status, 0);
    CHECK(contains(more.output, "loaded:  " + model));
}

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s PATH-OF-MNIST-PROGRAM\n", argv[0]);
        return 1;
    }
    g_mnist = argv[1];
    std::error_code ec;
    if (!fs::is_regular_file(g_mnist, ec)) {
        std::fprintf(stderr, "test_cli: %s: expected the mnist program, found no such file\n", g_mnist.c_str());
        return 1;
    }
    test_help();
    test_usage_errors();
    test_missing_data();
    test_malformed_data();
    test_training_run();
    test_options_checked_against_data();
    test_outputs_checked_first();
    test_sizes_from_data();
    test_too_large_for_memory();
    test_compare();
    test_sweep();
    test_grid_divergence();
    test_save_load_predict();
    return check::report("test_cli");
}
