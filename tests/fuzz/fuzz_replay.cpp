// Replays files through a fuzz harness without libFuzzer, so the normal test suite (and the
// sanitizer build) re-checks every seed and every input that ever crashed on each `make test`.
// Usage: replay_<harness> FILE-OR-DIR...   Exit 0 when every file passes, 1 otherwise; a crash or a
// sanitizer report ends the process, which CTest also counts as a failure.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        std::error_code ec;
        if (fs::is_directory(argv[i], ec)) {
            for (const auto& entry : fs::directory_iterator(argv[i]))
                if (entry.is_regular_file() && entry.path().filename() != "README.md") files.push_back(entry.path());
        } else if (fs::is_regular_file(argv[i], ec)) {
            files.push_back(argv[i]);
        } else {  // a harness with no regressions yet has no directory for them (git keeps no empty ones)
            std::printf("%s: no such file or directory, skipped\n", argv[i]);
        }
    }
    std::sort(files.begin(), files.end());
    int passed = 0, failed = 0;
    for (const fs::path& f : files) {
        std::ifstream in(f, std::ios::binary);
        const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::printf("%s (%zu bytes)\n", f.string().c_str(), bytes.size());
        std::fflush(stdout);  // so the file is named even if the harness crashes on it
        try {
            LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
            ++passed;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s: FAILED: the harness let through an exception: %s\n", f.string().c_str(), e.what());
            ++failed;
        }
    }
    if (files.empty()) {
        std::fprintf(stderr, "no input files\n");
        return 1;
    }
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
