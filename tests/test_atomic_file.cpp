// write_file_atomically (src/output/atomic_file.hpp): the file is replaced whole or not at all, and no
// temporary file is left behind, whether the write succeeds or fails. And every file the program
// writes goes through it: no other source file of src/ opens a file for writing.
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

int main() {
    const testdata::TempDir tmp("nn-test-atomic");
    const fs::path& dir = tmp.path;
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
