// Bad numbers and long runs, end to end: ./mnist (its path is argv[1]) on tiny synthetic IDX files.
// - Ctrl-C (SIGINT) during training: stop after the current batch, print the summary so far, keep
//   the CSV of the completed epochs (whole, never half-written), exit 130 (src/app/cli.hpp); with --save,
//   write the network as it was (atomically), which `mnist evaluate --load` then reads.
// - Divergence (--lr 1000, 1e9): stop at once, exit 1, name epoch and batch, suggest a smaller lr,
//   never print a NaN.
// - A data file whose header claims billions of images: refused at once, exit 1, nothing allocated.
// - SIGTERM: as the first Ctrl-C, exit 143. A full disk (RLIMIT_FSIZE) while saving: exit 1 naming
//   the file and the reason, the old file whole, no temporary file left.
// POSIX: fork, exec, pipe, poll, kill, waitpid, setrlimit.
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "check.hpp"
#include "temp_dir.hpp"
#include "idx_writer.hpp"
#include "text.hpp"
#include "data/idx.hpp"
#include "output/model_file.hpp"
#include "synthetic.hpp"

namespace fs = std::filesystem;

namespace {

using testdata::contains;
using testdata::lines_of;
using testdata::read_text;

std::string g_mnist;  // path of the program under test

// A fresh directory for one test's files, removed afterwards (tests/temp_dir.hpp).
struct TempDir : testdata::TempDir {
    TempDir() : testdata::TempDir("nn-test-interrupt") {}
};

// n synthetic 28 x 28 images (ten noisy prototypes, tests/synthetic.hpp) as MNIST's two IDX files.
void write_pair(const std::string& images, const std::string& labels, std::size_t n, std::uint64_t seed) {
    const nn::Dataset d = testdata::prototypes(n, 28 * 28, 0.3, seed);
    std::vector<double> pixels(d.X.size()), digits(n);
    for (std::size_t k = 0; k < pixels.size(); ++k) pixels[k] = std::round(255.0 * d.X[k]);
    for (std::size_t i = 0; i < n; ++i) digits[i] = d.labels[i];
    const auto m = static_cast<std::uint32_t>(n);
    testdata::write_idx(images, nn::IdxType::UByte, {m, 28, 28}, pixels);
    testdata::write_idx(labels, nn::IdxType::UByte, {m}, digits);
}

void write_mnist(const TempDir& dir, std::size_t n_train) {
    write_pair(dir / "train-images-idx3-ubyte", dir / "train-labels-idx1-ubyte", n_train, 1);
    write_pair(dir / "t10k-images-idx3-ubyte", dir / "t10k-labels-idx1-ubyte", 100, 2);
}


struct Run {
    int status = -1;       // exit code, or -1 when the program did not exit normally (or hung)
    std::string output;    // stdout and stderr
    bool signalled = false;  // SIGINT was sent
};

// Starts ./mnist with args, reads its output, and once a line starting with `trigger` has appeared
// sends `signal_number` (SIGINT: Ctrl-C) `signals` times. Waits at most `limit_s` seconds in all,
// then kills it (a hang fails). A `file_size_limit` above 0 limits every file the program writes to
// that many bytes (RLIMIT_FSIZE, SIGXFSZ ignored): its writes then fail as on a full disk.
Run run_and_interrupt(const std::vector<std::string>& args, const std::string& trigger, int signals,
                      double limit_s = 120, int signal_number = SIGINT, rlim_t file_size_limit = 0) {
    Run r;
    int fds[2];
    if (pipe(fds) != 0) {
        std::perror("pipe");
        return r;
    }
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0) {
        std::perror("fork");
        return r;
    }
    if (pid == 0) {  // the child: stdout and stderr into the pipe, then exec ./mnist
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        if (file_size_limit > 0) {
            signal(SIGXFSZ, SIG_IGN);  // exec keeps an ignored signal ignored
            const rlimit limit{file_size_limit, file_size_limit};
            if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(126);
        }
        std::vector<char*> argv = {const_cast<char*>(g_mnist.c_str())};
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(g_mnist.c_str(), argv.data());
        _exit(127);
    }
    close(fds[1]);
    const auto start = std::chrono::steady_clock::now();
    const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    bool eof = false;
    while (!eof && elapsed() < limit_s) {
        pollfd p{fds[0], POLLIN, 0};
        if (poll(&p, 1, 100) > 0) {
            char buffer[4096];
            const ssize_t n = read(fds[0], buffer, sizeof buffer);
            if (n <= 0) eof = true;
            else r.output.append(buffer, static_cast<std::size_t>(n));
        }
        if (!r.signalled) {
            for (const std::string& line : lines_of(r.output))
                if (line.rfind(trigger, 0) == 0 && r.output.find(line + "\n") != std::string::npos) {
                    for (int i = 0; i < signals; ++i) kill(pid, signal_number);
                    r.signalled = true;
                    break;
                }
        }
    }
    close(fds[0]);
    if (!eof) {
        std::fprintf(stderr, "mnist did not finish within %.0f s; killed\n", limit_s);
        kill(pid, SIGKILL);
    }
    int wait_status = 0;
    waitpid(pid, &wait_status, 0);
    if (eof && WIFEXITED(wait_status)) r.status = WEXITSTATUS(wait_status);
    return r;
}

// The epoch lines of the report ("    3     0.02      0.1234    97.00 %   ...").
std::size_t count_epoch_lines(const std::string& output) {
    std::size_t n = 0;
    for (const std::string& l : lines_of(output)) {
        const std::size_t first = l.find_first_not_of(' ');
        if (first != std::string::npos && std::isdigit(static_cast<unsigned char>(l[first])) && contains(l, " %"))
            ++n;
    }
    return n;
}

// Ctrl-C after the first epoch line: exit 130, the summary names the completed epochs, and the CSV
// holds exactly the epochs printed.
void test_interrupt_after_an_epoch(int signals) {
    const TempDir tmp;
    write_mnist(tmp, 300);
    const std::string csv = tmp / "out.csv";
    const Run r = run_and_interrupt({"--data", tmp.path.string(), "--epochs", "1000000", "--hidden", "16", "--batch",
                                     "1", "--threads", "1", "--csv", csv},
                                    "    1 ", signals);
    CHECK(r.signalled);
    CHECK_EQ(r.status, 130);
    // The second of two quick Ctrl-Cs exits at once (std::_Exit), racing the first's summary: the
    // summary, the CSV rewrite, even a half-written out.csv.tmp-* (never out.csv itself) may be cut off.
    const bool summary = contains(r.output, "interrupted (Ctrl-C) ");
    if (signals == 1) {
        CHECK(summary);
        CHECK(contains(r.output, "test accuracy after epoch"));
        CHECK(contains(r.output, "wrote " + csv));
    }
    CHECK(!contains(r.output, "error"));
    CHECK(!contains(r.output, "nan"));
    const std::size_t epochs = count_epoch_lines(r.output);
    CHECK(epochs >= 1);
    if (contains(r.output, "wrote " + csv)) {  // the interrupted run's final rewrite completed
        const std::vector<std::string> rows = lines_of(read_text(csv));
        CHECK_EQ(rows.size(), epochs + 1);  // the header, then one row per printed epoch
        if (!rows.empty()) CHECK_EQ(rows[0], std::string("epoch,seconds,train_loss,train_accuracy,test_loss,test_accuracy"));
    }
    if (signals == 1) CHECK_EQ(testdata::leftover_temporaries(tmp.path), std::size_t{0});
    if (r.status != 130) std::fprintf(stderr, "  output:\n%s\n", r.output.c_str());
}

// Ctrl-C during the first epoch: usually no epoch has completed (the epoch takes a few seconds), but
// on a fast machine one may have; either way the summary says which, and the exit code is 130.
void test_interrupt_in_first_epoch() {
    const TempDir tmp;
    write_mnist(tmp, 3000);
    const Run r = run_and_interrupt({"--data", tmp.path.string(), "--epochs", "5", "--hidden", "256", "--batch", "1",
                                     "--threads", "1"},
                                    "epoch  train s", 1);
    CHECK(r.signalled);
    CHECK_EQ(r.status, 130);
    CHECK(contains(r.output, "interrupted (Ctrl-C) "));
    if (count_epoch_lines(r.output) == 0) CHECK(contains(r.output, "no epoch completed"));
    else CHECK(contains(r.output, "test accuracy after epoch"));
    CHECK(!contains(r.output, "done:"));
    if (r.status != 130) std::fprintf(stderr, "  output:\n%s\n", r.output.c_str());
}

// Ctrl-C with --save, after an epoch (trigger "    1 ") or within the first one (the report header):
// exit 130, the model file is written whole under its name (no .tmp left, the old file replaced),
// it loads, and `mnist evaluate --load` on it prints the test figures and exits 0. SIGTERM (kill, a
// batch system's time limit) does the same as Ctrl-C, with exit 143 (128 + 15).
void test_interrupt_saves_model(const std::string& trigger, int signal_number = SIGINT) {
    const int code = 128 + signal_number;
    const std::string name = signal_number == SIGTERM ? "SIGTERM" : "Ctrl-C";
    const TempDir tmp;
    write_mnist(tmp, 300);
    const std::string model = tmp / "net.model";
    std::ofstream(model) << "an older file, to be replaced whole";
    const Run r = run_and_interrupt({"--data", tmp.path.string(), "--epochs", "1000000", "--hidden", "16", "--batch",
                                     "1", "--threads", "1", "--save", model},
                                    trigger, 1, 120, signal_number);
    CHECK(r.signalled);
    CHECK_EQ(r.status, code);
    CHECK(contains(r.output, "interrupted (" + name + ") "));
    CHECK(contains(r.output, "wrote " + model + " (the network as it was when interrupted)"));
    CHECK_EQ(testdata::leftover_temporaries(tmp.path), std::size_t{0});
    try {
        const nn::Network<float> net = nn::load_model(model);
        CHECK(net.sizes() == (std::vector<std::size_t>{784, 16, 10}));
    } catch (const std::exception& e) {
        check::fail(__FILE__, __LINE__, std::string("the saved model does not load: ") + e.what());
    }
    const Run e = run_and_interrupt({"evaluate", "--load", model, "--data", tmp.path.string(), "--threads", "1"},
                                    "never", 0, 60);
    CHECK_EQ(e.status, 0);
    CHECK(contains(e.output, "network: " + model + " (784-16-10, relu hidden)"));
    CHECK(contains(e.output, "test:    loss "));
    CHECK(!contains(e.output, "nan"));
    if (r.status != code || e.status != 0) std::fprintf(stderr, "  output:\n%s\n%s\n", r.output.c_str(), e.output.c_str());
}

// A learning rate far too large: exit 1 before any epoch line, with the epoch, the batch and the
// advice in one error line, and no NaN anywhere.
void test_divergence() {
    const TempDir tmp;
    write_mnist(tmp, 300);
    for (const char* lr : {"1000", "1e9", "1e30"}) {
        const Run r = run_and_interrupt({"--data", tmp.path.string(), "--epochs", "5", "--hidden", "16", "--threads",
                                         "1", "--lr", lr},
                                        "never", 0);
        CHECK_EQ(r.status, 1);
        std::string error;
        for (const std::string& l : lines_of(r.output))
            if (l.rfind("mnist: error: ", 0) == 0) error = l;
        for (const char* part : {"training diverged", "at batch", "of epoch 1", "try a smaller learning rate than --lr"})
            if (contains(error, part)) ++check::passes();
            else check::fail(__FILE__, __LINE__, std::string("--lr ") + lr + ": error lacks '" + part + "':\n" + r.output);
        CHECK_EQ(count_epoch_lines(r.output), std::size_t{0});
        // The error may say "the loss became NaN"; no other line may show a NaN or an infinity.
        bool clean = true;
        for (const std::string& l : lines_of(r.output))
            if (l != error && (contains(l, "nan") || contains(l, "NaN") || contains(l, "inf "))) clean = false;
        CHECK(clean);
        CHECK(!contains(error, "-nan"));
    }
}

// The training-images header claims 2 000 000 000 images of 28 x 28 (1.5 TB) in a 20-byte file.
void test_huge_claim() {
    const TempDir tmp;
    write_mnist(tmp, 10);
    const std::vector<unsigned char> header = {0, 0, 8, 3, 0x77, 0x35, 0x94, 0x00, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3, 4};
    std::ofstream(tmp / "train-images-idx3-ubyte", std::ios::binary)
        .write(reinterpret_cast<const char*>(header.data()), static_cast<std::streamsize>(header.size()));
    const Run r = run_and_interrupt({"--data", tmp.path.string(), "--epochs", "1"}, "never", 0, 30);
    CHECK_EQ(r.status, 1);
    CHECK(contains(r.output, "train-images-idx3-ubyte: offset 16: expected 1568000000000 bytes of data for dims "
                             "2000000000 x 28 x 28"));
    CHECK(contains(r.output, "found 4 (the file is truncated)"));
}

// A full disk while the results are written, for each writer: the model, the pictures, the CSV,
// compare's and sweep's tables, export-web's page (a file size limit that the file exceeds): exit 1
// with the path and the system's reason, the previous file of that name intact, no temporary left.
void test_full_disk() {
    const TempDir tmp;
    write_mnist(tmp, 100);
    const std::string model = tmp / "net.model", csv = tmp / "run.csv", plots = tmp / "plots";
    const std::string old = "an older file, kept whole";
    std::ofstream(model) << old;
    const Run r = run_and_interrupt({"--data", tmp.path.string(), "--epochs", "1", "--hidden", "16", "--threads", "1",
                                     "--csv", csv, "--save", model},
                                    "never", 0, 60, SIGINT, 20000);
    CHECK_EQ(r.status, 1);
    CHECK(contains(r.output, "mnist: error: " + model + ": cannot write (File too large)"));
    CHECK_EQ(read_text(model), old);
    CHECK(contains(read_text(csv), "epoch,seconds"));  // the small CSV was written before
    CHECK_EQ(testdata::leftover_temporaries(tmp.path), std::size_t{0});
    if (r.status != 1) std::fprintf(stderr, "  output:\n%s\n", r.output.c_str());

    fs::create_directory(plots);
    const std::string weights = plots + "/weights.svg";
    std::ofstream(weights) << old;
    const Run p = run_and_interrupt({"--data", tmp.path.string(), "--epochs", "1", "--hidden", "16", "--threads", "1",
                                     "--plots", plots},
                                    "never", 0, 60, SIGINT, 20000);
    CHECK_EQ(p.status, 1);
    CHECK(contains(p.output, "mnist: error: " + plots));
    CHECK(contains(p.output, "cannot write (File too large)"));
    CHECK_EQ(testdata::leftover_temporaries(plots), std::size_t{0});
    if (!contains(p.output, "weights.svg")) CHECK_EQ(read_text(weights), old);  // failed earlier, untouched
    if (p.status != 1) std::fprintf(stderr, "  output:\n%s\n", p.output.c_str());

    // The CSV: a limit of 30 bytes, below its header line.
    std::ofstream(csv) << old;
    const Run c = run_and_interrupt({"--data", tmp.path.string(), "--epochs", "1", "--hidden", "16", "--threads", "1",
                                     "--csv", csv},
                                    "never", 0, 60, SIGINT, 30);
    CHECK_EQ(c.status, 1);
    CHECK(contains(c.output, "mnist: error: " + csv + ": cannot write (File too large)"));
    CHECK_EQ(read_text(csv), old);
    CHECK_EQ(testdata::leftover_temporaries(tmp.path), std::size_t{0});

    // The tables and charts of compare and sweep under --out (the first file already exceeds 30 bytes).
    for (const std::string command : {"compare", "sweep"}) {
        const std::string out = tmp / (command + "-out");
        const bool sweep = command == "sweep";  // one batch size for the grid of learning rates
        const Run g = run_and_interrupt({command, "--data", tmp.path.string(), "--epochs", "1", "--hidden", "4",
                                         "--threads", "1", sweep ? "--batch" : "--batches", "10", "--out", out},
                                        "never", 0, 120, SIGINT, 30);
        CHECK_EQ(g.status, 1);
        CHECK(contains(g.output, "mnist: error: " + out + "/"));
        CHECK(contains(g.output, "cannot write (File too large)"));
        CHECK_EQ(testdata::leftover_temporaries(out), std::size_t{0});
        if (g.status != 1) std::fprintf(stderr, "  %s output:\n%s\n", command.c_str(), g.output.c_str());
    }

    // The page of export-web: a model saved without a limit, then exported under one.
    const std::string saved = tmp / "small.model", page = tmp / "page.html";
    CHECK_EQ(run_and_interrupt({"--data", tmp.path.string(), "--epochs", "1", "--hidden", "16", "--threads", "1",
                                "--save", saved},
                               "never", 0, 60)
                 .status,
             0);
    std::ofstream(page) << old;
    const Run w = run_and_interrupt({"export-web", "--load", saved, "--out", page}, "never", 0, 60, SIGINT, 20000);
    CHECK_EQ(w.status, 1);
    CHECK(contains(w.output, "mnist: error: " + page + ": cannot write (File too large)"));
    CHECK_EQ(read_text(page), old);
    CHECK_EQ(testdata::leftover_temporaries(tmp.path), std::size_t{0});
    if (w.status != 1) std::fprintf(stderr, "  export-web output:\n%s\n", w.output.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s PATH-OF-MNIST-PROGRAM\n", argv[0]);
        return 1;
    }
    g_mnist = argv[1];
    test_interrupt_after_an_epoch(1);
    test_interrupt_after_an_epoch(2);
    test_interrupt_in_first_epoch();
    test_interrupt_saves_model("    1 ");
    test_interrupt_saves_model("epoch  train s");
    test_interrupt_saves_model("    1 ", SIGTERM);
    test_divergence();
    test_huge_claim();
    test_full_disk();
    return check::report("long_runs");
}
