// The maths of every Markdown file of the repository survives GitHub (the rules are in docs/README.md,
// "Writing maths"). GitHub runs Markdown over $…$ and $$…$$ before MathJax sees them, so a formula
// that is fine in a TeX renderer can break there. Fails, with file:line, when
//   - "\\" (a row break) is inside $…$ or $$…$$: Markdown turns it into "\" (write a ```math block);
//     any other backslash before ASCII punctuation there ("\{", "\|", "\!", ...) loses its backslash too;
//   - "\," or "\;" is in any maths, ```math blocks included (write \thinspace for \, and nothing, \enspace
//     or \quad for \;), or \thickspace or \medspace is: MathJax 3, which GitHub uses, knows neither;
//   - an environment (\begin{bmatrix}, \begin{cases}, ...) is inside $…$ or $$…$$ (write it as $`…`$
//     inline, or as a ```math display);
//   - an "_…_" (or "*…*", "~…~") pair inside $…$ or $$…$$ is one Markdown reads as emphasis, by the
//     CommonMark flanking rules (write $`…`$ inline, or a ```math display);
//   - a $$…$$ display runs over several lines (write a ```math block: its lines are not Markdown);
//   - two displays ($$…$$ or ```math) follow each other without a blank line between them;
//   - a display stands right under an anchor line <a id="..."> (put a blank line between).
// Code blocks and code spans are skipped; $`…`$ is maths written as code, which GitHub leaves alone.
// Before checking the repository it checks itself on made-up Markdown with one mistake of each kind,
// and on a clean text, so a checker that finds nothing cannot pass. Run with the repository root as
// the working directory (CTest does).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "check.hpp"
#include "text.hpp"

namespace fs = std::filesystem;

namespace {

using testdata::lines_of;
using testdata::read_text;

struct Stats {
    std::size_t inline_math = 0, code_math = 0, dollar_displays = 0, fenced_displays = 0;
};

struct Display {
    std::size_t first, last;  // 0-based lines of its opening and closing delimiters
};

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

std::string trim(const std::string& s) {
    const std::size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    const std::size_t e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

// Markdown's notions: white space (the text's ends count as white space) and ASCII punctuation.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_punct(char c) { return static_cast<unsigned char>(c) < 128 && std::ispunct(static_cast<unsigned char>(c)); }

class Scanner {
public:
    Scanner(const std::string& path, const std::string& text, Stats& stats) : path_(path), stats_(stats) {
        lines_ = lines_of(text);
        fences();
        for (const std::string& line : prose_lines_) {
            starts_.push_back(prose_.size());
            prose_ += line + "\n";
        }
        inline_and_dollar_displays();
        layout();
    }
    const std::vector<std::string>& problems() const { return problems_; }

private:
    std::string path_;
    Stats& stats_;
    std::vector<std::string> lines_, prose_lines_, problems_;
    std::string prose_;                // the text with the lines of code blocks and ```math blocks blanked
    std::vector<std::size_t> starts_;  // where each line of prose_ starts
    std::vector<Display> displays_;

    void report(std::size_t line, const std::string& what) {
        problems_.push_back(path_ + ":" + std::to_string(line + 1) + ": " + what);
    }

    std::size_t line_at(std::size_t pos) const {
        return static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), pos) - starts_.begin()) - 1;
    }

    // Where the paragraph holding pos ends: the start of the next blank line (or the end of the text).
    std::size_t paragraph_end(std::size_t pos) const {
        for (std::size_t n = line_at(pos) + 1; n < prose_lines_.size(); ++n)
            if (trim(prose_lines_[n]).empty()) return starts_[n];
        return prose_.size();
    }

    // Fenced blocks (``` or ~~~): code blocks are skipped, ```math blocks are displays whose
    // contents are checked for \, and \; (a row break \\ is right there).
    void fences() {
        bool open = false, math = false;
        char fence_char = 0;
        std::size_t fence_len = 0, begin = 0;
        for (std::size_t n = 0; n < lines_.size(); ++n) {
            const std::string t = trim(lines_[n]);
            std::size_t run = 0;
            while (run < t.size() && (t[run] == '`' || t[run] == '~') && t[run] == t[0]) ++run;
            if (!open) {
                const std::string info = run >= 3 ? trim(t.substr(run)) : "";
                if (run >= 3 && !(t[0] == '`' && info.find('`') != std::string::npos)) {
                    open = true;
                    fence_char = t[0];
                    fence_len = run;
                    math = info == "math";
                    begin = n;
                    prose_lines_.push_back("");
                    continue;
                }
                prose_lines_.push_back(lines_[n]);
                continue;
            }
            prose_lines_.push_back("");
            if (run >= fence_len && t[0] == fence_char && trim(t.substr(run)).empty()) {
                open = false;
                if (math) {
                    displays_.push_back({begin, n});
                    ++stats_.fenced_displays;
                }
                continue;
            }
            if (math) spacing(lines_[n], 0, lines_[n].size(), n, "a ```math block");
        }
        if (open && math) displays_.push_back({begin, lines_.size() - 1});
    }

    static std::string instead_of(char c) { return c == ',' ? "\\thinspace (or nothing)" : "nothing, \\enspace or \\quad"; }

    // \thickspace or \medspace at text[k]: MathJax 3 has neither (KaTeX has both).
    void unknown_space(const std::string& text, std::size_t k, std::size_t line, const char* where) {
        for (const char* name : {"\\thickspace", "\\medspace"})
            if (text.compare(k, std::char_traits<char>::length(name), name) == 0)
                report(line, std::string(name) + " in " + where + ": MathJax 3 (GitHub's) does not know it; write nothing, "
                                                                  "\\enspace or \\quad");
    }

    // "\,", "\;", \thickspace and \medspace in text[b, e), reported at `line` (or at the line of each,
    // when line is npos).
    void spacing(const std::string& text, std::size_t b, std::size_t e, std::size_t line, const char* where) {
        for (std::size_t k = b; k + 1 < e; ++k) {
            if (text[k] != '\\') continue;
            const std::size_t at = line == std::string::npos ? line_at(k) : line;
            const char next = text[k + 1];
            if (next == ',' || next == ';') report(at, std::string("\\") + next + " in " + where + ": write " + instead_of(next));
            unknown_space(text, k, at, where);
            ++k;
        }
    }

    // The checks of maths between $ or $$ delimiters: prose_[b, e).
    void dollar_math(std::size_t b, std::size_t e, const char* where) {
        for (std::size_t k = b; k + 1 < e; ++k) {
            if (prose_[k] != '\\') continue;
            const char next = prose_[k + 1];
            if (next == '\\')
                report(line_at(k), std::string("\\\\ (a row break) inside ") + where +
                                       ": Markdown makes it \\; write the display as a ```math block");
            else if (next == ',' || next == ';')
                report(line_at(k), std::string("\\") + next + " inside " + where +
                                       ": Markdown drops the backslash; write " + instead_of(next));
            else if (is_punct(next))
                report(line_at(k), std::string("\\") + next + " inside " + where +
                                       ": Markdown drops the backslash; write $`...`$ or a ```math block");
            else if (prose_.compare(k, 7, "\\begin{") == 0)
                report(line_at(k), std::string("an environment (") + prose_.substr(k, prose_.find('}', k) + 1 - k) +
                                       ") inside " + where + ": write it as $`...`$ inline or as a ```math display");
            unknown_space(prose_, k, line_at(k), where);
            ++k;
        }
        emphasis_pairs(b, e, where);
    }

    // Emphasis delimiters in prose_[b, e) that Markdown would pair, by the CommonMark rules of
    // left- and right-flanking runs (its neighbours outside [b, e) count: Markdown sees the whole text).
    void emphasis_pairs(std::size_t b, std::size_t e, const char* where) {
        for (const char mark : {'_', '*', '~'}) {
            bool have_opener = false;
            std::size_t opener = 0;
            for (std::size_t k = b; k < e; ++k) {
                if (prose_[k] == '\\') {
                    ++k;
                    continue;
                }
                if (prose_[k] != mark) continue;
                std::size_t r = k;
                while (r < e && prose_[r] == mark) ++r;
                const char before = k > 0 ? prose_[k - 1] : '\n', after = r < prose_.size() ? prose_[r] : '\n';
                const bool left = !is_space(after) && (!is_punct(after) || is_space(before) || is_punct(before));
                const bool right = !is_space(before) && (!is_punct(before) || is_space(after) || is_punct(after));
                const bool can_open = mark == '_' ? left && (!right || is_punct(before)) : left;
                const bool can_close = mark == '_' ? right && (!left || is_punct(after)) : right;
                if (can_close && have_opener) {
                    report(line_at(opener), std::string("a ") + mark + "..." + mark + " pair inside " + where +
                                                " that Markdown reads as emphasis: write $`...`$ inline or a ```math display");
                    have_opener = false;
                } else if (can_open) {
                    have_opener = true;
                    opener = k;
                }
                k = r - 1;
            }
        }
    }

    // $…$, $`…`$ and $$…$$ in the prose, outside code spans; each $$ display is recorded.
    void inline_and_dollar_displays() {
        const std::string& t = prose_;
        for (std::size_t i = 0; i < t.size();) {
            const char c = t[i];
            if (c == '\\') {  // an escaped character, such as \$
                i += 2;
                continue;
            }
            if (c == '`') {  // a code span: runs to the next run of as many backticks
                std::size_t n = i;
                while (n < t.size() && t[n] == '`') ++n;
                const std::string run = t.substr(i, n - i);
                const std::size_t end = paragraph_end(i);
                std::size_t close = t.find(run, n);
                while (close != std::string::npos && close < end && close + run.size() < t.size() &&
                       t[close + run.size()] == '`') {
                    std::size_t skip = close;
                    while (skip < t.size() && t[skip] == '`') ++skip;
                    close = t.find(run, skip);
                }
                i = close != std::string::npos && close < end ? close + run.size() : n;
                continue;
            }
            if (c == '<' && t.compare(i, 4, "<!--") == 0) {
                const std::size_t close = t.find("-->", i + 4);
                i = close == std::string::npos ? t.size() : close + 3;
                continue;
            }
            if (c != '$') {
                ++i;
                continue;
            }
            const std::size_t end = paragraph_end(i);
            if (i + 1 < t.size() && t[i + 1] == '`') {  // $`…`$: maths as code, untouched by Markdown
                const std::size_t close = t.find("`$", i + 2);
                if (close == std::string::npos || close >= end) {
                    i += 2;
                    continue;
                }
                ++stats_.code_math;
                spacing(t, i + 2, close, std::string::npos, "$`...`$");
                i = close + 2;
                continue;
            }
            if (i + 1 < t.size() && t[i + 1] == '$') {  // a $$ display
                std::size_t close = t.find("$$", i + 2);
                while (close != std::string::npos && t[close - 1] == '\\') close = t.find("$$", close + 1);
                if (close == std::string::npos || close >= end) {
                    report(line_at(i), "a $$ display that does not close in its paragraph");
                    i = end;
                    continue;
                }
                ++stats_.dollar_displays;
                if (line_at(i) != line_at(close))
                    report(line_at(i), "a $$ display over several lines: write it as a ```math block");
                dollar_math(i + 2, close, "$$...$$");
                displays_.push_back({line_at(i), line_at(close)});
                i = close + 2;
                continue;
            }
            // $…$: opens before a non-space, closes after a non-space and not before a digit.
            if (i + 1 >= t.size() || is_space(t[i + 1])) {
                ++i;
                continue;
            }
            std::size_t close = std::string::npos;
            for (std::size_t j = i + 1; j < end; ++j) {
                if (t[j] == '\\') {
                    ++j;
                    continue;
                }
                if (t[j] == '`') break;  // a code span starts: this $ was not maths
                if (t[j] == '$' && !is_space(t[j - 1]) && !(j + 1 < t.size() && std::isdigit(static_cast<unsigned char>(t[j + 1])))) {
                    close = j;
                    break;
                }
            }
            if (close == std::string::npos) {
                ++i;
                continue;
            }
            ++stats_.inline_math;
            dollar_math(i + 1, close, "$...$");
            i = close + 1;
        }
    }

    // Blank lines around displays: none missing between two displays, and one under an anchor line.
    void layout() {
        std::sort(displays_.begin(), displays_.end(), [](const Display& a, const Display& b) { return a.first < b.first; });
        for (std::size_t k = 0; k < displays_.size(); ++k) {
            const Display& d = displays_[k];
            if (k > 0 && d.first <= displays_[k - 1].last + 1)
                report(d.first, "two displays without a blank line between them (the first closes on line " +
                                    std::to_string(displays_[k - 1].last + 1) + ")");
            // Only a display that opens its line sits "under" the line above it.
            const std::string here = trim(lines_[d.first]);
            if (d.first > 0 && (starts_with(here, "$$") || starts_with(here, "```") || starts_with(here, "~~~"))) {
                const std::string above = trim(lines_[d.first - 1]);
                if (starts_with(above, "<a id=") || starts_with(above, "<a name="))
                    report(d.first, "a display right under its anchor line: put a blank line between them");
            }
        }
    }
};

std::vector<std::string> scan(const std::string& path, const std::string& text, Stats& stats) {
    return Scanner(path, text, stats).problems();
}

// Every Markdown file of the repository, but for build outputs, data and .git.
std::vector<std::string> markdown_files() {
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator("."); it != fs::recursive_directory_iterator(); ++it) {
        const std::string name = it->path().filename().string();
        if (it->is_directory() && (name == ".git" || name == "data" || starts_with(name, "build") || name == "node_modules")) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && it->path().extension() == ".md")
            files.push_back(it->path().lexically_relative(".").generic_string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

bool mentions(const std::vector<std::string>& problems, const std::string& part) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const std::string& p) { return p.find(part) != std::string::npos; });
}

// Made-up Markdown: a clean text (nothing may be reported) and one mistake of each kind (each must
// be reported, at its line).
void self_test() {
    const std::string clean =
        "# Clean\n\nInline $z_{1,j} = x_i W_{1,ij} + b_{1,j}$ and $a\\thinspace b$, and the matrix\n"
        "$`h = \\begin{bmatrix} 0.75 & 0.6 \\end{bmatrix}`$, and $`\\underbrace{a}_{\\text{x}} + \\underbrace{b}_{\\text{y}}`$.\n"
        "A price of \\$5 and $5, and `$x\\,y$` in code, and `` `$a \\\\ b$` `` too.\n\n"
        "<a id=\"eq-1-1\"></a>\n\n$$ a = \\frac{1}{m}\\thinspace b \\enspace (c) \\qquad \\text{(1.1)} $$\n\n"
        "Computed by: nothing.\n\n"
        "<a id=\"eq-1-2\"></a>\n\n```math\n\\operatorname{relu}'(z) = \\begin{cases} 1 & z > 0 \\\\ 0 & z \\le 0 \\end{cases}"
        " \\qquad \\text{(1.2)}\n```\n\n"
        "$$ x = 1 $$\n\n$$ y = 2 $$\n\n```math\nu = \\underbrace{a}_{\\text{x}} + \\underbrace{b}_{\\text{y}}\n```\n\n"
        "```markdown\n<a id=\"eq-1-5\"></a>\n$$ a \\\\ b \\, c $$\n$$ d $$\n```\n\n"
        "- a list item with $\\sigma(z)\\big(1 - \\sigma(z)\\big)$ and $x^*$ alone.\n";
    Stats stats;
    std::vector<std::string> problems = scan("clean.md", clean, stats);
    for (const std::string& p : problems) std::fprintf(stderr, "self-test, clean text: %s\n", p.c_str());
    CHECK(problems.empty());
    CHECK_EQ(stats.inline_math, 4u);      // z..., a b, the sigma and x^* ($5 is not maths)
    CHECK_EQ(stats.code_math, 2u);
    CHECK_EQ(stats.dollar_displays, 3u);  // the code block's are not counted
    CHECK_EQ(stats.fenced_displays, 2u);

    struct Case {
        const char* what;
        std::string text, expected;  // expected: "bad.md:<line>: " and a part of the message
    };
    const std::vector<Case> cases = {
        {"row break in a $$ display", "Text.\n\n$$ a = \\begin{cases} 1 \\\\ 0 \\end{cases} $$\n", "bad.md:3: \\\\ (a row break)"},
        {"row break in a multi-line $$ display", "Text.\n\n$$\na \\\\\nb\n$$\n", "bad.md:4: \\\\ (a row break)"},
        {"a $$ display over several lines", "Text.\n\n$$\na = b\n$$\n", "bad.md:3: a $$ display over several lines"},
        {"row break in inline maths", "Text $a \\\\ b$.\n", "bad.md:1: \\\\ (a row break) inside $...$"},
        {"thin space inline", "Text\nwith $m\\,\\delta_1$.\n", "bad.md:2: \\, inside $...$"},
        {"thick space in a display", "$$ a \\;\\Rightarrow\\; b $$\n", "bad.md:1: \\; inside $$...$$"},
        {"thin space in a math block", "```math\na = b\n\\sigma\\,(1 - \\sigma)\n```\n", "bad.md:3: \\, in a ```math block"},
        {"thin space in $`...`$", "Text $`a\\,b`$.\n", "bad.md:1: \\, in $`...`$"},
        {"thick space by name", "Text $a \\thickspace b$.\n", "bad.md:1: \\thickspace in $...$: MathJax 3"},
        {"medium space in a math block", "```math\na \\medspace b\n```\n", "bad.md:2: \\medspace in a ```math block"},
        {"other escape", "Text $\\{0, 1\\}$.\n", "bad.md:1: \\{ inside $...$"},
        {"matrix inline", "Row $h = \\begin{bmatrix} 1 & 2 \\end{bmatrix}$.\n", "bad.md:1: an environment (\\begin{bmatrix})"},
        {"emphasis pair inline", "One\n$\\underbrace{a}_{\\text{x}} + \\underbrace{b}_{\\text{y}}$.\n",
         "bad.md:2: a _..._ pair inside $...$"},
        {"emphasis pair in a display", "$$ e = \\underbrace{a}_{\\text{x}} + \\underbrace{b}_{\\text{y}} $$\n",
         "bad.md:1: a _..._ pair inside $$...$$"},
        {"asterisk pair inline", "Text $a^*b + c*^d$.\n", "bad.md:1: a *...* pair"},
        {"two displays", "Text:\n\n$$ a = 1 $$\n$$ b = 2 $$\n", "bad.md:4: two displays without a blank line"},
        {"a display after a math block", "```math\na\n```\n$$ b $$\n", "bad.md:4: two displays without a blank line"},
        {"two math blocks", "```math\na\n```\n```math\nb\n```\n", "bad.md:4: two displays without a blank line"},
        {"display under its anchor", "<a id=\"eq-1-1\"></a>\n$$ a \\qquad \\text{(1.1)} $$\n",
         "bad.md:2: a display right under its anchor line"},
        {"math block under its anchor", "Text.\n\n<a id=\"eq-1-1\"></a>\n```math\na \\qquad \\text{(1.1)}\n```\n",
         "bad.md:4: a display right under its anchor line"},
        {"unclosed display", "Text $$ a = b\n\nMore.\n", "bad.md:1: a $$ display that does not close"},
    };
    for (const Case& c : cases) {
        Stats s;
        problems = scan("bad.md", c.text, s);
        const bool found = mentions(problems, c.expected);
        if (!found) {
            std::fprintf(stderr, "self-test, %s: expected a problem \"%s\", found:\n", c.what, c.expected.c_str());
            for (const std::string& p : problems) std::fprintf(stderr, "  %s\n", p.c_str());
        }
        CHECK(found);
        // The clean text with this mistake appended is reported too, at the shifted line.
        Stats s2;
        const std::vector<std::string> both = scan("both.md", clean + "\n" + c.text, s2);
        CHECK_EQ(both.size(), problems.size());
    }
}

}  // namespace

int main() {
    self_test();
    if (!fs::is_directory("docs")) {
        std::fprintf(stderr, "docs_math: run from the repository root (no docs/ here)\n");
        return 1;
    }
    Stats stats;
    const std::vector<std::string> files = markdown_files();
    std::size_t problems = 0;
    for (const std::string& path : files)
        for (const std::string& p : scan(path, read_text(path), stats)) {
            check::fail(__FILE__, __LINE__, p);
            ++problems;
        }
    if (problems == 0) ++check::passes();
    std::printf("docs_math: %zu Markdown files, %zu inline formulas $...$, %zu as $`...`$, %zu $$ displays, "
                "%zu ```math displays\n",
                files.size(), stats.inline_math, stats.code_math, stats.dollar_displays, stats.fenced_displays);
    // Not vacuous: the notes hold hundreds of formulas.
    CHECK(files.size() >= 10);
    CHECK(stats.inline_math + stats.code_math >= 300);
    CHECK(stats.dollar_displays + stats.fenced_displays >= 60);
    return check::report("docs_math");
}
