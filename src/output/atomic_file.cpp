// write_file_atomically: temporary file, then rename, so a crash never leaves a truncated file.
#include "output/atomic_file.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>

#include "core/platform.hpp"

#if defined(_WIN32)
#include <process.h>
#define NN_GETPID _getpid
#else
#include <unistd.h>
#define NN_GETPID getpid
#endif

namespace nn {
namespace {

// A temporary name no other writer uses at the same moment: the process id tells processes apart,
// the counter threads and calls of one process, and the random part a process that reuses an old
// pid while a dead one's file is still there. (Randomness only for a name: never for the numbers.)
std::string temporary_name(const std::string& path) {
    static std::atomic<unsigned long long> counter{0};
    static const unsigned long long salt = [] {
        unsigned long long s = static_cast<unsigned long long>(
            std::chrono::steady_clock::now().time_since_epoch().count());
        try {
            std::random_device device;
            s ^= (static_cast<unsigned long long>(device()) << 32) ^ device();
        } catch (const std::exception&) {
            // no random device: the clock alone still differs between processes
        }
        return s;
    }();
    char suffix[64];
    std::snprintf(suffix, sizeof suffix, "%ld-%llu-%08llx", static_cast<long>(NN_GETPID()), counter++,
                  salt & 0xFFFFFFFFull);
    return temporary_prefix(path) + suffix;
}

}  // namespace

std::string temporary_prefix(const std::string& path) { return path + ".tmp-"; }

void check_can_create_beside(const std::string& path) {
    const std::string tmp = temporary_name(path);
    std::FILE* f = std::fopen(tmp.c_str(), "wbx");
    if (!f) throw std::runtime_error(path + ": cannot write (" + std::strerror(errno) + ")");
    std::fclose(f);
    std::remove(tmp.c_str());
}

void write_file_atomically(const std::string& path, const std::string& content) {
    const std::string tmp = temporary_name(path);
    // "x": create the file or fail, never open one that exists (C11, as C++17's fopen).
    std::FILE* f = std::fopen(tmp.c_str(), "wbx");
    if (!f) throw std::runtime_error(path + ": cannot write (" + std::strerror(errno) + ")");
    const bool written = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    const int write_errno = errno;
    // A full disk or a file size limit often shows only here, when the buffer is flushed.
    const bool flushed = written && std::fflush(f) == 0;
    const int flush_errno = errno;
    const bool closed = std::fclose(f) == 0;
    const int close_errno = errno;
    if (!written || !flushed || !closed) {
        std::remove(tmp.c_str());
        const int reason = !written ? write_errno : !flushed ? flush_errno : close_errno;
        throw std::runtime_error(path + ": cannot write (" + std::strerror(reason) + "); the previous " +
                                 "file of that name, if any, is unchanged");
    }
    if (const int rename_errno = replace_file(tmp.c_str(), path.c_str())) {  // std::rename, but also on Windows
        std::remove(tmp.c_str());
        throw std::runtime_error(path + ": cannot replace (" + std::strerror(rename_errno) + ")");
    }
}

}  // namespace nn
