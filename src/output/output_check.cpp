// The checks of every output path before training: a directory that exists and accepts a new file,
// and a file name that is not a directory. The probe is a real file, created and removed, because
// permission bits alone say nothing when the program runs as root (or on a read-only mount).
#include "output/output_check.hpp"

#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "output/atomic_file.hpp"

namespace nn {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void refuse(const std::string& path, const std::string& option, const std::string& reason) {
    throw std::runtime_error(path + " (" + option + "): cannot write: " + reason);
}

// Creates and removes a file beside `file` (in its directory), reporting the system's reason for
// `shown` on failure.
void probe(const std::string& file, const std::string& shown, const std::string& option) {
    try {
        check_can_create_beside(file);
    } catch (const std::runtime_error& e) {
        const std::string what = e.what(), prefix = file + ": cannot write (";
        refuse(shown, option, what.rfind(prefix, 0) == 0 ? what.substr(prefix.size(), what.size() - prefix.size() - 1)
                                                         : what);
    }
}

}  // namespace

void check_output_file(const std::string& path, const std::string& option) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) refuse(path, option, "it is a directory; expected a file name");
    const fs::path parent = fs::path(path).parent_path();
    const fs::path dir = parent.empty() ? fs::path(".") : parent;
    if (!fs::exists(dir, ec)) refuse(path, option, "the directory " + dir.string() + " does not exist");
    if (!fs::is_directory(dir, ec)) refuse(path, option, dir.string() + " is not a directory");
    probe(path, path, option);
}

void check_output_directory(const std::string& dir, const std::string& option) {
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
        refuse(dir, option, "it is a file; expected a directory (or a name that does not exist yet)");
    fs::create_directories(dir, ec);
    if (ec) refuse(dir, option, "cannot create the directory (" + ec.message() + ")");
    probe((fs::path(dir) / "probe").string(), dir, option);
}

}  // namespace nn
