// The links between docs/ and the code, both ways (the rules are in docs/README.md, "Links between
// the notes and the code"). Fails when:
//   - a reference "docs/<file>.md" or "docs/<file>.md#<anchor>" in src/, tests/, README.md,
//     CMakeLists.txt or Makefile names a file or anchor that does not exist;
//   - a Markdown link inside docs/ points at a missing file or anchor;
//   - a numbered equation (anchor eq-S-K) has no "Computed by:" or "Derivation only:" line after its
//     display, or its display's tag is not (S.K), or a tagged display has no anchor;
//   - a "Computed by: `name` in `path`" line names a function not defined or declared in that file,
//     or none of the files it names refers back to the equation's anchor.
//   - a quotation in docs/ with Russian or Chinese in it is not, word for word, in the source texts
//     (checked when ../shared/sources or ../../shared/sources, or $MNIST_SOURCES, holds them).
// Before checking the repository it checks itself on a small made-up repository with one mistake of
// each kind, so a checker that finds nothing cannot pass. Run with the repository root as the
// working directory (CTest does).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "check.hpp"
#include "text.hpp"

namespace fs = std::filesystem;

namespace {

using testdata::lines_of;
using testdata::read_text;

// Path relative to the repository root -> contents.
using Files = std::map<std::string, std::string>;

struct Repo {
    Files docs;  // every Markdown file of the docs directory, keyed by its path
    Files code;  // src/, tests/ and the top-level files that may cite the docs
    std::set<std::string> assets;  // other files below docs/ that notes may link to (docs/img/*.svg)
};

struct Stats {
    std::size_t references = 0, equations = 0, computed = 0, derivation_only = 0, doc_links = 0;
};

std::string trim(const std::string& s) {
    const std::size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    const std::size_t e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string where(const std::string& path, std::size_t line) { return path + ":" + std::to_string(line + 1) + ": "; }

// Every <a id="..."></a> of a Markdown file, with its line.
std::map<std::string, std::size_t> anchors_of(const std::string& text, std::vector<std::string>* duplicates) {
    std::map<std::string, std::size_t> ids;
    const std::vector<std::string> lines = lines_of(text);
    const std::string open = "<a id=\"";
    for (std::size_t n = 0; n < lines.size(); ++n)
        for (std::size_t pos = lines[n].find(open); pos != std::string::npos; pos = lines[n].find(open, pos + 1)) {
            const std::size_t start = pos + open.size(), end = lines[n].find('"', start);
            if (end == std::string::npos) continue;
            const std::string id = lines[n].substr(start, end - start);
            if (!ids.emplace(id, n).second && duplicates) duplicates->push_back(id);
        }
    return ids;
}

// "docs/<name>.md" optionally followed by "#<anchor>", as written in code comments.
struct Reference {
    std::string file, anchor;
    std::size_t line;
};

std::vector<Reference> references_in(const std::string& text) {
    std::vector<Reference> refs;
    const std::vector<std::string> lines = lines_of(text);
    const std::string prefix = "docs/";
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const std::string& l = lines[n];
        for (std::size_t pos = l.find(prefix); pos != std::string::npos; pos = l.find(prefix, pos + 1)) {
            if (pos > 0 && (is_ident(l[pos - 1]) || l[pos - 1] == '/' || l[pos - 1] == '.')) continue;
            std::size_t end = pos + prefix.size();
            while (end < l.size() && (is_ident(l[end]) || l[end] == '-' || l[end] == '.')) ++end;
            std::string file = l.substr(pos, end - pos);
            while (!file.empty() && file.back() == '.') file.pop_back();  // end of a sentence
            if (file.size() < 4 || file.compare(file.size() - 3, 3, ".md") != 0) continue;  // "docs/" alone
            std::string anchor;
            std::size_t a = pos + file.size();
            if (a < l.size() && l[a] == '#') {
                ++a;
                while (a < l.size() && (is_ident(l[a]) || l[a] == '-')) anchor += l[a++];
            }
            refs.push_back({file, anchor, n});
        }
    }
    return refs;
}

// True when `path` has a line that defines or declares the function `name`: the name, then "(",
// after a return type on the same line ("void relu_forward(", "double Rng::uniform(",
// "template <typename T> void sgd_step("), not a call ("x = f(", "return f(", "g(f(", "a.f(").
bool declares(const std::string& text, const std::string& name) {
    for (const std::string& line : lines_of(text)) {
        for (std::size_t pos = line.find(name); pos != std::string::npos; pos = line.find(name, pos + 1)) {
            if (pos > 0 && (is_ident(line[pos - 1]) || line[pos - 1] == ':')) continue;
            std::size_t after = pos + name.size();
            while (after < line.size() && line[after] == ' ') ++after;
            if (after >= line.size() || line[after] != '(') continue;
            const std::string before = trim(line.substr(0, pos));
            if (before.empty() || starts_with(before, "//") || starts_with(before, "*")) continue;
            if (before.find_first_of("=(){};,.") != std::string::npos) continue;
            if (before.find("return") != std::string::npos || before.find("->") != std::string::npos) continue;
            return true;
        }
    }
    return false;
}

// The `name` in `path` pairs of a "Computed by:" line.
std::vector<std::pair<std::string, std::string>> computed_by_pairs(const std::string& line) {
    std::vector<std::pair<std::string, std::string>> pairs;
    std::vector<std::pair<std::size_t, std::string>> spans;  // (end position, text) of each `...`
    for (std::size_t open = line.find('`'); open != std::string::npos;) {
        const std::size_t close = line.find('`', open + 1);
        if (close == std::string::npos) break;
        spans.emplace_back(close + 1, line.substr(open + 1, close - open - 1));
        open = line.find('`', close + 1);
    }
    for (std::size_t k = 0; k + 1 < spans.size(); ++k) {
        const std::size_t gap_begin = spans[k].first;
        const std::size_t gap_end = line.find('`', gap_begin);
        if (line.substr(gap_begin, gap_end - gap_begin) == " in ") pairs.emplace_back(spans[k].second, spans[k + 1].second);
    }
    return pairs;
}

// Markdown links "](target)" inside a docs file: relative file names and #anchors only.
std::vector<Reference> doc_links_in(const std::string& text) {
    std::vector<Reference> links;
    const std::vector<std::string> lines = lines_of(text);
    bool in_code_block = false;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        if (starts_with(trim(lines[n]), "```")) in_code_block = !in_code_block;
        if (in_code_block) continue;
        const std::string& l = lines[n];
        for (std::size_t pos = l.find("]("); pos != std::string::npos; pos = l.find("](", pos + 1)) {
            const std::size_t end = l.find(')', pos + 2);
            if (end == std::string::npos) continue;
            const std::string target = l.substr(pos + 2, end - pos - 2);
            if (target.find("://") != std::string::npos || starts_with(target, "mailto:")) continue;
            const std::size_t hash = target.find('#');
            links.push_back({target.substr(0, hash), hash == std::string::npos ? "" : target.substr(hash + 1), n});
        }
    }
    return links;
}

// The text with every line inside a ``` fence blanked (line numbers stay right): examples of the
// conventions in code blocks are not anchors, equations or links. A ```math block is a display, not
// code, and stays, fences and all.
std::string without_code_blocks(const std::string& text) {
    std::string out;
    bool in_code = false, in_math = false;
    for (const std::string& line : lines_of(text)) {
        const bool fence = starts_with(trim(line), "```");
        if (in_math || (fence && !in_code && trim(line) == "```math")) {
            out += line + "\n";
            if (fence) in_math = !in_math;  // the opening fence, or the closing one
            continue;
        }
        out += (in_code || fence ? "" : line) + "\n";
        if (fence) in_code = !in_code;
    }
    return out;
}

// All the checks; returns one message per problem.
std::vector<std::string> check_repo(const Repo& original, Stats& stats) {
    std::vector<std::string> problems;
    Repo repo = original;
    for (auto& [path, text] : repo.docs) text = without_code_blocks(text);
    std::map<std::string, std::map<std::string, std::size_t>> anchors;  // docs file -> id -> line
    for (const auto& [path, text] : repo.docs) {
        std::vector<std::string> duplicates;
        anchors[path] = anchors_of(text, &duplicates);
        for (const std::string& id : duplicates) problems.push_back(path + ": anchor \"" + id + "\" defined twice");
    }

    // 1. Code -> docs: every reference names an existing file and anchor.
    std::map<std::string, std::set<std::string>> cited_from;  // "<doc path>#<id>" -> code files citing it
    for (const auto& [path, text] : repo.code)
        for (const Reference& r : references_in(text)) {
            ++stats.references;
            const auto doc = anchors.find(r.file);
            if (doc == anchors.end()) {
                problems.push_back(where(path, r.line) + "refers to " + r.file + ", which does not exist");
                continue;
            }
            if (!r.anchor.empty() && doc->second.count(r.anchor) == 0) {
                problems.push_back(where(path, r.line) + "refers to " + r.file + "#" + r.anchor +
                                   ", but " + r.file + " has no anchor <a id=\"" + r.anchor + "\">");
                continue;
            }
            if (!r.anchor.empty()) cited_from[r.file + "#" + r.anchor].insert(path);
        }

    // 2. Docs -> docs: Markdown links between the notes.
    for (const auto& [path, text] : repo.docs)
        for (const Reference& link : doc_links_in(text)) {
            ++stats.doc_links;
            // Relative to the linking file's folder: docs/ for the notes, docs/solutions/ for the solutions.
            const std::string target =
                link.file.empty() ? path
                                  : (fs::path(path).parent_path() / link.file).lexically_normal().generic_string();
            if (repo.assets.count(target)) continue;  // a picture: exists, and has no anchors
            const auto doc = anchors.find(target);
            if (doc == anchors.end()) {
                problems.push_back(where(path, link.line) + "links to " + link.file + ", which is not in docs/");
                continue;
            }
            if (!link.anchor.empty() && doc->second.count(link.anchor) == 0)
                problems.push_back(where(path, link.line) + "links to " + (link.file.empty() ? "" : link.file) + "#" +
                                   link.anchor + ", which has no anchor <a id=\"" + link.anchor + "\">");
        }

    // 3. Equations: anchor, display, tag, and the line that says which function computes it.
    for (const auto& [path, text] : repo.docs) {
        const std::vector<std::string> lines = lines_of(text);
        const std::string base = path.substr(path.rfind('/') + 1);  // "05-output-gradient.md"
        const std::string section = base.substr(0, base.find('-'));  // "05"
        std::set<std::string> tags_with_anchor;
        for (std::size_t n = 0; n < lines.size(); ++n) {
            const std::string line = trim(lines[n]);
            const std::string open = "<a id=\"eq-";
            if (!starts_with(line, open)) continue;
            const std::string id = line.substr(7, line.find('"', 7) - 7);  // "eq-5-3"
            ++stats.equations;
            // The id's section number is the file's: eq-5-3 lives in 05-*.md.
            const std::size_t dash = id.find('-', 3);
            const std::string s = id.substr(3, dash - 3), k = dash == std::string::npos ? "" : id.substr(dash + 1);
            const bool numeric = !section.empty() && section.find_first_not_of("0123456789") == std::string::npos &&
                                 !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
            if (dash == std::string::npos || !numeric || std::stoi(s) != std::stoi(section))
                problems.push_back(where(path, n) + "anchor " + id + " does not match the file's section " + section);
            // The display: the next non-blank lines, from "$$" to the line that closes it, or a
            // ```math block.
            std::size_t d = n + 1;
            while (d < lines.size() && trim(lines[d]).empty()) ++d;
            const bool math_block = d < lines.size() && trim(lines[d]) == "```math";
            if (d >= lines.size() || !(starts_with(trim(lines[d]), "$$") || math_block)) {
                problems.push_back(where(path, n) + id + ": expected a $$ display or a ```math block on the next line");
                continue;
            }
            std::string display = trim(lines[d]);
            std::size_t end = d;
            if (math_block)
                while (end + 1 < lines.size() && (end == d || trim(lines[end]) != "```")) display += "\n" + trim(lines[++end]);
            else
                while ((display.size() < 4 || display.compare(display.size() - 2, 2, "$$") != 0) && end + 1 < lines.size())
                    display += "\n" + trim(lines[++end]);
            const std::string tag = "\\text{(" + s + "." + k + ")}";
            if (display.find(tag) == std::string::npos)
                problems.push_back(where(path, d) + id + ": expected the display to carry the tag " + tag);
            else
                tags_with_anchor.insert(tag);
            // The marker: the first non-blank line after the display.
            std::size_t m = end + 1;
            while (m < lines.size() && trim(lines[m]).empty()) ++m;
            // The marker is a paragraph: it runs to the next blank line.
            std::string marker = m < lines.size() ? trim(lines[m]) : "";
            for (std::size_t c = m + 1; c < lines.size() && !trim(lines[c]).empty(); ++c) marker += " " + trim(lines[c]);
            if (starts_with(marker, "Derivation only:")) {
                ++stats.derivation_only;
                continue;
            }
            if (!starts_with(marker, "Computed by:")) {
                problems.push_back(where(path, m) + id + ": expected \"Computed by: `name` in `file`\" or "
                                   "\"Derivation only: ...\" after the display, found \"" + marker.substr(0, 60) + "\"");
                continue;
            }
            ++stats.computed;
            const auto pairs = computed_by_pairs(marker);
            if (pairs.empty()) problems.push_back(where(path, m) + id + ": \"Computed by:\" names no `function` in `file`");
            bool cites_back = false;
            const auto cited = cited_from.find(path + "#" + id);
            for (const auto& [name, file] : pairs)
                if (cited != cited_from.end() && cited->second.count(file)) cites_back = true;
            if (!pairs.empty() && !cites_back)
                problems.push_back(where(path, m) + id + ": none of the files named on its \"Computed by:\" line "
                                   "has a comment citing " + path + "#" + id);
        }
        // Every tagged display has an anchor.
        for (std::size_t n = 0; n < lines.size(); ++n)
            for (std::size_t pos = lines[n].find("\\text{("); pos != std::string::npos; pos = lines[n].find("\\text{(", pos + 1)) {
                const std::size_t close = lines[n].find(")}", pos);
                if (close == std::string::npos) continue;
                const std::string tag = lines[n].substr(pos, close + 2 - pos);
                const std::string number = tag.substr(7, tag.size() - 9);  // "5.3"
                if (number.find('.') != std::string::npos &&
                    number.find_first_not_of("0123456789.") == std::string::npos && !tags_with_anchor.count(tag))
                    problems.push_back(where(path, n) + "equation (" + number + ") has no anchor <a id=\"eq-" +
                                       number.substr(0, number.find('.')) + "-" + number.substr(number.find('.') + 1) +
                                       "\"></a> before its display");
            }
    }

    // 4. Every "Computed by:" paragraph (after an equation or not) names functions that exist.
    for (const auto& [path, text] : repo.docs) {
        const std::vector<std::string> lines = lines_of(text);
        for (std::size_t n = 0; n < lines.size(); ++n) {
            std::string line = trim(lines[n]);
            if (!starts_with(line, "Computed by:")) continue;
            for (std::size_t c = n + 1; c < lines.size() && !trim(lines[c]).empty(); ++c) line += " " + trim(lines[c]);
            for (const auto& [name, file] : computed_by_pairs(line)) {
                const auto code = repo.code.find(file);
                if (code == repo.code.end()) {
                    problems.push_back(where(path, n) + "\"Computed by:\" names " + file + ", which does not exist");
                    continue;
                }
                if (!declares(code->second, name))
                    problems.push_back(where(path, n) + "\"Computed by:\" names `" + name + "` in " + file +
                                       ", but " + file + " declares no function " + name);
            }
        }
    }
    return problems;
}

// Runs of ASCII white space become one space, so a quotation may be wrapped across lines.
std::string squeeze(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (!space) out += c;
        else if (!out.empty() && out.back() != ' ') out += ' ';
    }
    return out;
}

// Cyrillic (lead bytes 0xD0, 0xD1) or CJK ideographs (U+4E00..U+9FFF: lead bytes 0xE4..0xE9) in UTF-8.
bool has_russian_or_chinese(const std::string& s) {
    for (unsigned char c : s)
        if (c == 0xD0 || c == 0xD1 || (c >= 0xE4 && c <= 0xE9)) return true;
    return false;
}

// Every "quotation" with Russian or Chinese in the notes must be in the sources word for word. In a
// quotation, "…" marks an omission and [brackets] our insertions; each piece between them is checked.
// Quotes pair within a paragraph (within a line, in tables), outside code blocks.
std::vector<std::string> check_quotations(const Files& docs, const std::string& sources, std::size_t& checked) {
    std::vector<std::string> problems;
    const std::string text_of_sources = squeeze(sources), ellipsis = "\xE2\x80\xA6";
    for (const auto& [path, original] : docs) {
        std::vector<std::string> units;  // paragraphs, or table rows
        std::string paragraph;
        for (const std::string& line : lines_of(without_code_blocks(original))) {
            if (trim(line).empty() || starts_with(trim(line), "|")) {
                units.push_back(paragraph);
                paragraph.clear();
                if (!trim(line).empty()) units.push_back(line);
            } else {
                paragraph += line + "\n";
            }
        }
        units.push_back(paragraph);
        for (const std::string& unit : units) {
            const std::string u = squeeze(unit);
            for (std::size_t open = u.find('"'); open != std::string::npos;) {
                const std::size_t close = u.find('"', open + 1);
                if (close == std::string::npos) break;
                std::string quote = u.substr(open + 1, close - open - 1);
                open = u.find('"', close + 1);
                if (!has_russian_or_chinese(quote)) continue;
                for (std::size_t pos; (pos = quote.find(ellipsis)) != std::string::npos;) quote.replace(pos, ellipsis.size(), "\x01");
                for (std::size_t b; (b = quote.find('[')) != std::string::npos;) {
                    const std::size_t e = quote.find(']', b);
                    quote.replace(b, e == std::string::npos ? std::string::npos : e - b + 1, "\x01");
                }
                std::istringstream pieces(quote);
                for (std::string piece; std::getline(pieces, piece, '\x01');) {
                    while (!piece.empty() && std::string(" ,.:;").find(piece.back()) != std::string::npos) piece.pop_back();
                    while (!piece.empty() && std::string(" ,.:;").find(piece.front()) != std::string::npos) piece.erase(0, 1);
                    if (piece.empty()) continue;
                    ++checked;
                    if (text_of_sources.find(piece) == std::string::npos)
                        problems.push_back(path + ": the quotation \"" + piece + "\" is not in the source texts");
                }
            }
        }
    }
    return problems;
}

Repo load_repo() {
    Repo repo;
    for (const auto& entry : fs::directory_iterator("docs"))
        if (entry.path().extension() == ".md") repo.docs["docs/" + entry.path().filename().string()] = read_text(entry.path());
    // The solutions of the exercises (docs/solutions/NN-<topic>.md): their links are checked too.
    if (fs::is_directory("docs/solutions"))
        for (const auto& entry : fs::directory_iterator("docs/solutions"))
            if (entry.path().extension() == ".md")
                repo.docs["docs/solutions/" + entry.path().filename().string()] = read_text(entry.path());
    for (const auto& entry : fs::recursive_directory_iterator("docs"))
        if (entry.is_regular_file() && entry.path().extension() != ".md") repo.assets.insert(entry.path().generic_string());
    for (const char* dir : {"src", "tests"})
        for (const auto& entry : fs::recursive_directory_iterator(dir)) {
            const std::string ext = entry.path().extension().string();
            if (ext == ".cpp" || ext == ".hpp" || ext == ".h")
                repo.code[entry.path().generic_string()] = read_text(entry.path());
        }
    for (const char* top : {"README.md", "CMakeLists.txt", "Makefile"})
        if (fs::exists(top)) repo.code[top] = read_text(top);
    return repo;
}

bool mentions(const std::vector<std::string>& problems, const std::string& part) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const std::string& p) { return p.find(part) != std::string::npos; });
}

// A made-up repository with one mistake of each kind; the checker must find every one, and none
// in the corrected version. (Paths are split as "docs" "/..." so that this file itself cites nothing.)
void self_test() {
    const std::string good_doc =
        "# 1. Test\n\n<a id=\"eq-1-1\"></a>\n$$ a = b \\qquad \\text{(1.1)} $$\n\n"
        "Computed by: `add` in `src/add.cpp`, which calls\n`plus` in `src/add.cpp`.\n\n"
        "<a id=\"eq-1-2\"></a>\n$$\nc = d\n\\qquad \\text{(1.2)}\n$$\n\n"
        "Derivation only: no function computes this.\n\n"
        "<a id=\"eq-1-3\"></a>\n\n```math\nf = \\begin{cases} 1 \\\\ 0 \\end{cases}\n\\qquad \\text{(1.3)}\n```\n\n"
        "Derivation only: a display as a math block.\n\nSee [(1.1)](#eq-1-1) and [two](02-two.md#x).\n"
        "\n```markdown\n<a id=\"eq-1-5\"></a>\n$$ e \\qquad \\text{(1.5)} $$\n\nComputed by: `none` in `src/none.cpp`.\n"
        "[no](03-none.md)\n```\n";
    const std::string good_code =
        "// docs" "/01-test.md#eq-1-1\nint add(int a, int b) { return plus(a, b); }\nint plus(int a, int b);\n";
    Repo repo;
    repo.docs["docs" "/01-test.md"] = good_doc;
    repo.docs["docs" "/02-two.md"] = "<a id=\"x\"></a>\n";
    repo.code["src/add.cpp"] = good_code;
    Stats stats;
    std::vector<std::string> problems = check_repo(repo, stats);
    for (const std::string& p : problems) std::fprintf(stderr, "self-test, correct repository: %s\n", p.c_str());
    CHECK(problems.empty());
    CHECK_EQ(stats.equations, 3u);
    CHECK_EQ(stats.computed, 1u);
    CHECK_EQ(stats.derivation_only, 2u);
    CHECK_EQ(stats.references, 1u);
    CHECK_EQ(stats.doc_links, 2u);

    // Each mistake alone, with a part of the message it must produce.
    struct Case {
        const char* what;
        std::string doc, code, expected;
    };
    auto replace = [](std::string s, const std::string& from, const std::string& to) {
        const std::size_t pos = s.find(from);
        if (pos != std::string::npos) s.replace(pos, from.size(), to);
        return s;
    };
    const std::vector<Case> cases = {
        {"missing anchor in code", good_doc, replace(good_code, "#eq-1-1", "#eq-1-9"), "has no anchor <a id=\"eq-1-9\">"},
        {"missing file in code", good_doc, replace(good_code, "01-test", "01-tset"), "which does not exist"},
        {"uncomputed equation", replace(good_doc, "Derivation only: no function computes this.", "Some prose."),
         good_code, "eq-1-2: expected \"Computed by:"},
        {"nobody cites it", good_doc, "int add(int a, int b) { return plus(a, b); }\nint plus(int a, int b);\n",
         "has a comment citing"},
        {"unknown function", replace(good_doc, "`add` in", "`sum` in"), good_code, "declares no function sum"},
        {"unknown function, second line", replace(good_doc, "`plus` in", "`minus` in"), good_code, "declares no function minus"},
        {"call is not a definition", good_doc, good_code + "int x = sub(1, 2);\n", ""},
        {"unknown file", replace(good_doc, "`src/add.cpp`", "`src/sum.cpp`"), good_code, "names src/sum.cpp, which does not exist"},
        {"wrong tag", replace(good_doc, "\\text{(1.2)}", "\\text{(1.3)}"), good_code, "expected the display to carry the tag"},
        {"untagged anchor display", replace(good_doc, "<a id=\"eq-1-2\"></a>\n", ""), good_code, "equation (1.2) has no anchor"},
        {"wrong tag in a math block", replace(good_doc, "\\text{(1.3)}", "\\text{(1.4)}"), good_code,
         "eq-1-3: expected the display to carry the tag"},
        {"untagged math block", replace(good_doc, "<a id=\"eq-1-3\"></a>\n", ""), good_code, "equation (1.3) has no anchor"},
        {"math block without its marker", replace(good_doc, "Derivation only: a display", "A display"), good_code,
         "eq-1-3: expected \"Computed by:"},
        {"broken doc link", replace(good_doc, "02-two.md#x", "02-two.md#y"), good_code, "links to 02-two.md#y"},
        {"broken local link", replace(good_doc, "(#eq-1-1)", "(#eq-1-7)"), good_code, "links to #eq-1-7"},
    };
    // Quotations: verbatim pieces pass, with "…" and [insertions] as gaps; a changed word fails.
    Files notes;
    notes["docs" "/01-test.md"] = "As source 09 says, \"Скрытый слой \xE2\x80\xA6 [f]\nфункция\" and \"隐藏层\".\n"
                                  "| term | \"выходной слой\" |\n";
    const std::string sources = "Скрытый слой - это\n функция активации; 隐藏层的激活函数; Выходной слой";
    std::size_t quotations = 0;
    CHECK(check_quotations(notes, sources, quotations).empty() == false);  // "выходной" is capitalised there
    CHECK_EQ(quotations, 4u);
    notes["docs" "/01-test.md"] = "As source 09 says, \"Скрытый слой \xE2\x80\xA6 [f]\nфункция\" and \"隐藏层\".\n";
    quotations = 0;
    CHECK(check_quotations(notes, sources, quotations).empty());
    CHECK_EQ(quotations, 3u);

    for (const Case& c : cases) {
        Repo broken = repo;
        broken.docs["docs" "/01-test.md"] = c.doc;
        broken.code["src/add.cpp"] = c.code;
        Stats s;
        problems = check_repo(broken, s);
        if (c.expected.empty()) {
            // "sub(" appears only in a call, which must not count as a definition of sub.
            CHECK(problems.empty());
            CHECK(!declares(c.code, "sub"));
            CHECK(declares(c.code, "add"));
            continue;
        }
        const bool found = mentions(problems, c.expected);
        if (!found) {
            std::fprintf(stderr, "self-test, %s: expected a problem mentioning \"%s\", found:\n", c.what, c.expected.c_str());
            for (const std::string& p : problems) std::fprintf(stderr, "  %s\n", p.c_str());
        }
        CHECK(found);
    }
}

}  // namespace

int main() {
    self_test();
    if (!fs::is_directory("docs") || !fs::is_directory("src")) {
        std::fprintf(stderr, "docs_links: run from the repository root (no docs/ or src/ here)\n");
        return 1;
    }
    const Repo repo = load_repo();
    Stats stats;
    const std::vector<std::string> problems = check_repo(repo, stats);
    for (const std::string& p : problems) check::fail(__FILE__, __LINE__, p);
    if (problems.empty()) ++check::passes();

    // The quotations, when the source texts are at hand (they live in shared/, beside the repository).
    std::vector<fs::path> candidates = {"../shared/sources", "../../shared/sources"};
    if (const char* env = std::getenv("MNIST_SOURCES")) candidates.insert(candidates.begin(), env);
    std::string sources;
    for (const fs::path& dir : candidates) {
        if (!fs::is_directory(dir)) continue;
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.path().extension() == ".txt") sources += read_text(entry.path()) + "\n";
        if (!sources.empty()) {
            std::size_t quotations = 0;
            const std::vector<std::string> wrong = check_quotations(repo.docs, sources, quotations);
            for (const std::string& p : wrong) check::fail(__FILE__, __LINE__, p);
            std::printf("docs_links: %zu quotations of the sources checked against %s\n", quotations,
                        dir.generic_string().c_str());
            CHECK(quotations >= 50);
            break;
        }
    }
    if (sources.empty()) std::printf("docs_links: source texts not found; quotations not checked\n");
    std::printf("docs_links: %zu references from the code, %zu links between notes, %zu numbered equations "
                "(%zu computed, %zu derivation only)\n",
                stats.references, stats.doc_links, stats.equations, stats.computed, stats.derivation_only);
    // Not vacuous: the notes have dozens of numbered equations and the code cites most of them.
    CHECK(stats.equations >= 40);
    CHECK(stats.computed >= 30);
    CHECK(stats.references >= 30);
    return check::report("docs_links");
}
