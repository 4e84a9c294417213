// TempDir: a fresh directory under the system temp directory for a test's fixture files,
// removed with everything in it when the test ends.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace testdata {

struct TempDir {
    std::filesystem::path path;
    // The directory is named <prefix>-<random>-<time>, e.g. "nn-test-idx-...".
    explicit TempDir(const std::string& prefix) {
        std::random_device rd;
        const auto t = std::chrono::steady_clock::now().time_since_epoch().count();
        for (int attempt = 0; path.empty(); ++attempt) {
            const std::filesystem::path p = std::filesystem::temp_directory_path() /
                                            (prefix + "-" + std::to_string(rd()) + "-" + std::to_string(t + attempt));
            if (std::filesystem::create_directory(p)) path = p;
        }
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return (path / name).string(); }
    std::string operator/(const std::string& name) const { return file(name); }
};

// The temporary files write_file_atomically leaves in `dir` (names holding ".tmp-"): none, after
// every write, whether it succeeded or failed (src/output/atomic_file.hpp).
inline std::size_t leftover_temporaries(const std::filesystem::path& dir) {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().filename().string().find(".tmp-") != std::string::npos) ++n;
    return n;
}

}  // namespace testdata
