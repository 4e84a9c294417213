// Small text helpers shared by the tests: a whole file as a string, a substring test, a string as lines.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace testdata {

// The contents of the file at `path`, or "" when it cannot be read.
inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Whether `part` occurs in `text`.
inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The lines of `text`, without their '\n'.
inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace testdata
