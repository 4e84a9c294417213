// write_file_atomically (src/output/atomic_file.hpp): the file is replaced whole or not at all, and no
// temporary file is left behind, whether the write succeeds or fails. And every file the program
// writes goes through it: no other source file of src/ opens a file for writing. A full disk (here a
// file size limit, RLIMIT_FSIZE, in a child process) and two processes writing the same file at the
// same moment leave the file whole, old or new, never a mix. POSIX: fork, setrlimit, waitpid.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "output/atomic_file.hpp"
#include "check.hpp"
#include "temp_dir.hpp"
#include "text.hpp"

namespace fs = std::filesystem;

using testdata::read_text;

namespace {

// Runs `body` in a child process whose files may not grow beyond `limit` bytes (RLIMIT_FSIZE), with
// SIGXFSZ ignored so that a write past the limit fails with EFBIG ("File too large"), as on a full
// disk (ENOSPC). Returns the child's exit code (its failed checks), or -1 if it did not exit.
template <class Body>
int with_file_size_limit(rlim_t limit, Body body) {
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        const rlimit r{limit, limit};
        if (setrlimit(RLIMIT_FSIZE, &r) != 0) _exit(100);
        body();
        std::fflush(nullptr);
        _exit(check::failures() > 100 ? 100 : check::failures());
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A write that the limit stops: the error names the file and the reason, the old file is intact,
// no temporary file is left.
void test_file_size_limit(const fs::path& dir, const std::string& path) {
    nn::write_file_atomically(path, "old\n");
    const int failed = with_file_size_limit(1000, [&] {
        CHECK_THROWS_WITH(nn::write_file_atomically(path, std::string(100000, 'n')), path.c_str(), "cannot write",
                          "File too large");
    });
    CHECK_EQ(failed, 0);
    CHECK_EQ(read_text(path), std::string("old\n"));
    CHECK_EQ(testdata::leftover_temporaries(dir), std::size_t{0});
}

// Two processes write the same path over and over at the same moment, each its own whole content;
// meanwhile the file read here is always exactly one of them (never a mix, never missing), and
// neither writer ever fails.
void test_two_writers(const fs::path& dir) {
    const std::string path = (dir / "shared.model").string();
    const std::string a(300000, 'a'), b(200000, 'b');
    nn::write_file_atomically(path, a);
    std::fflush(nullptr);
    pid_t writers[2];
    for (int w = 0; w < 2; ++w) {
        writers[w] = fork();
        if (writers[w] == 0) {
            int failures = 0;
            for (int i = 0; i < 200; ++i) {
                try {
                    nn::write_file_atomically(path, w == 0 ? a : b);
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "writer %d: %s\n", w, e.what());
                    ++failures;
                }
            }
            _exit(failures > 0 ? 1 : 0);
        }
    }
    std::size_t reads = 0, mixed = 0;
    int statuses[2] = {-1, -1};
    bool done[2] = {false, false};
    while (!done[0] || !done[1]) {
        const std::string seen = read_text(path);
        ++reads;
        if (seen != a && seen != b) ++mixed;
        for (int w = 0; w < 2; ++w) {
            int status = 0;
            if (!done[w] && waitpid(writers[w], &status, WNOHANG) == writers[w]) {
                done[w] = true;
                statuses[w] = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
        }
    }
    CHECK_EQ(statuses[0], 0);
    CHECK_EQ(statuses[1], 0);
    CHECK_EQ(mixed, std::size_t{0});
    CHECK(reads > 0);
    const std::string last = read_text(path);
    CHECK(last == a || last == b);
    CHECK_EQ(testdata::leftover_temporaries(dir), std::size_t{0});
}

}  // namespace

int main() {
    const testdata::TempDir tmp("nn-test-atomic");
    const fs::path& dir = tmp.path;
    const std::string path = (dir / "out.csv").string();

    nn::write_file_atomically(path, "first\n");
    CHECK_EQ(read_text(path), std::string("first\n"));
    nn::write_file_atomically(path, std::string(100000, 'x'));  // replaces, never appends
    CHECK_EQ(read_text(path).size(), std::size_t{100000});
    CHECK_EQ(testdata::leftover_temporaries(dir), std::size_t{0});

    // The temporary file cannot be created (its directory is missing; as root, permissions would not
    // stop us): an error naming the file and the reason.
    const std::string lost = (dir / "no-such-dir" / "out.csv").string();
    CHECK_THROWS_WITH(nn::write_file_atomically(lost, "new\n"), lost.c_str(), "cannot write", "No such file or directory");

    test_file_size_limit(dir, path);
    test_two_writers(dir);

    // The target is a directory: rename fails, the directory is untouched, the temporary file removed.
    const std::string sub = (dir / "sub").string();
    fs::create_directory(sub);
    fs::path inside = fs::path(sub) / "keep";
    std::ofstream(inside) << "keep";
    CHECK_THROWS_WITH(nn::write_file_atomically(sub, "data\n"), sub.c_str(), "cannot replace");
    CHECK(fs::is_directory(sub) && fs::exists(inside));
    CHECK_EQ(testdata::leftover_temporaries(dir), std::size_t{0});

    // The writers (CSV, SVG, PGM, the PNG inside SVG, models, IDX) build a string and hand it to
    // write_file_atomically; a direct ofstream, fstream or fopen(..., "w"/"a") elsewhere in src/
    // could leave a half-written file, so it fails this test. (Run from the source directory.)
    const auto writes = [](const std::string& line) {
        const auto has = [&](const char* part) { return line.find(part) != std::string::npos; };
        return has("ofstream") || has("std::fstream") || (has("fopen") && (has("\"w") || has("\"a"))) ||
               has("O_WRONLY") || has("O_RDWR") || has("creat(");
    };
    std::size_t scanned = 0;
    for (const auto& entry : fs::recursive_directory_iterator("src")) {
        const std::string name = entry.path().lexically_relative("src").generic_string();
        if (entry.path().extension() != ".cpp" && entry.path().extension() != ".hpp") continue;
        ++scanned;
        if (name == "output/atomic_file.cpp") continue;
        std::istringstream lines(read_text(entry.path()));
        std::size_t number = 0;
        for (std::string line; std::getline(lines, line);) {
            ++number;
            if (writes(line))
                check::fail(__FILE__, __LINE__, "src/" + name + ":" + std::to_string(number) +
                                                    " writes a file without write_file_atomically: " + line);
        }
    }
    CHECK(scanned > 20);
    return check::report("atomic_file");
}
