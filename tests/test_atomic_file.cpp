// write_file_atomically (src/atomic_file.hpp): the file is replaced whole or not at all, and no
// temporary file is left behind, whether the write succeeds or fails.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "atomic_file.hpp"
#include "check.hpp"

namespace fs = std::filesystem;

static std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

int main() {
    std::random_device rd;
    const fs::path dir = fs::temp_directory_path() / ("nn-test-atomic-" + std::to_string(rd()));
    fs::create_directories(dir);
    const std::string path = (dir / "out.csv").string();

    nn::write_file_atomically(path, "first\n");
    CHECK_EQ(read_text(path), std::string("first\n"));
    nn::write_file_atomically(path, std::string(100000, 'x'));  // replaces, never appends
    CHECK_EQ(read_text(path).size(), std::size_t{100000});
    CHECK(!fs::exists(path + ".tmp"));

    // The temporary file cannot be created (its name is taken by a directory; as root, permissions
    // would not stop us): an error naming the file, and the old content is still there, whole.
    nn::write_file_atomically(path, "old\n");
    fs::create_directory(path + ".tmp");
    CHECK_THROWS_WITH(nn::write_file_atomically(path, "new\n"), path.c_str(), "cannot write");
    CHECK_EQ(read_text(path), std::string("old\n"));
    fs::remove(path + ".tmp");

    // The target is a directory: rename fails, the directory is untouched, the temporary file removed.
    const std::string sub = (dir / "sub").string();
    fs::create_directory(sub);
    fs::path inside = fs::path(sub) / "keep";
    std::ofstream(inside) << "keep";
    CHECK_THROWS_WITH(nn::write_file_atomically(sub, "data\n"), sub.c_str(), "cannot replace");
    CHECK(fs::is_directory(sub) && fs::exists(inside));
    CHECK(!fs::exists(sub + ".tmp"));

    std::error_code ec;
    fs::remove_all(dir, ec);
    return check::report("atomic_file");
}
