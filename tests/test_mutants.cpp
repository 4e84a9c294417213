// The mutation suite still fits the code: every mutant of tests/mutants/mutants.txt names a file that
// exists and old texts found there exactly once, so `make mutants` can plant each bug (tests/mutants/README.md).
#include <cstdio>
#include <string>
#include <vector>

#include "check.hpp"
#include "text.hpp"

namespace {

struct Mutant {
    std::string id, file;
    std::vector<std::string> olds;
};

// "old    text" -> "text": the value after a key and its run of spaces.
std::string value_of(const std::string& line, std::size_t key_length) {
    std::size_t i = key_length;
    while (i < line.size() && line[i] == ' ') ++i;
    return line.substr(i);
}

std::vector<Mutant> parse(const std::string& text) {
    std::vector<Mutant> mutants;
    for (const std::string& line : testdata::lines_of(text)) {
        if (line.rfind("mutant ", 0) == 0) mutants.push_back({value_of(line, 6), "", {}});
        else if (mutants.empty()) continue;
        else if (line.rfind("file ", 0) == 0) mutants.back().file = value_of(line, 4);
        else if (line.rfind("old ", 0) == 0) mutants.back().olds.push_back(value_of(line, 3));
    }
    return mutants;
}

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (std::size_t at = text.find(part); !part.empty() && at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

}  // namespace

int main() {
    const std::vector<Mutant> mutants = parse(testdata::read_text("tests/mutants/mutants.txt"));
    CHECK(mutants.size() >= 25);
    for (const Mutant& m : mutants) {
        const std::string code = testdata::read_text(m.file);
        if (code.empty()) check::fail(__FILE__, __LINE__, m.id + ": no file " + m.file);
        if (m.olds.empty()) check::fail(__FILE__, __LINE__, m.id + ": no old text");
        for (const std::string& old : m.olds) {
            const std::size_t n = occurrences(code, old);
            if (n == 1) ++check::passes();
            else check::fail(__FILE__, __LINE__, m.id + ": '" + old + "' found " + std::to_string(n) + " times in " + m.file +
                                                     " (expected once): update the mutant with the code");
        }
    }
    std::printf("mutants: %zu, each applies\n", mutants.size());
    return check::report("mutants");
}
