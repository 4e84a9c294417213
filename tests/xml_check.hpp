// A strict little well-formedness check for the SVG the program writes: balanced tags, quoted
// attributes, known entities only, one root element, and numeric attributes that parse as numbers.
#pragma once

#include <cmath>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

namespace xmlcheck {

struct Result {
    bool ok = true;
    std::string error;                    // the first problem found
    std::vector<std::string> elements;    // element names in document order
    std::vector<std::string> texts;       // text content of <text> elements, entities decoded
};

inline bool is_number(const std::string& s) {
    if (s.empty()) return false;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    return *end == '\0' && std::isfinite(v);
}

inline std::string decode(const std::string& s, bool& ok) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        const std::size_t semi = s.find(';', i);
        const std::string e = semi == std::string::npos ? "" : s.substr(i, semi - i + 1);
        if (e == "&amp;") out += '&';
        else if (e == "&lt;") out += '<';
        else if (e == "&gt;") out += '>';
        else if (e == "&quot;") out += '"';
        else if (e == "&apos;") out += '\'';
        else { ok = false; return out; }
        i = semi;
    }
    return out;
}

inline Result check(const std::string& doc) {
    static const std::set<std::string> numeric = {"x", "y", "width", "height", "x1", "y1", "x2", "y2",
                                                   "cx", "cy", "r", "font-size"};
    Result r;
    auto fail = [&](const std::string& why, std::size_t at) {
        if (r.ok) r.error = why + " at byte " + std::to_string(at);
        r.ok = false;
        return r;
    };
    std::vector<std::string> stack;
    std::size_t i = 0, roots = 0;
    std::string last_open;
    if (doc.compare(0, 5, "<?xml") == 0) i = doc.find("?>") + 2;
    while (i < doc.size()) {
        if (doc[i] != '<') {
            const std::size_t next = doc.find('<', i);
            const std::string text = doc.substr(i, next == std::string::npos ? std::string::npos : next - i);
            if (text.find('>') != std::string::npos) return fail("'>' in text", i);
            bool ok = true;
            const std::string decoded = decode(text, ok);
            if (!ok) return fail("unknown entity", i);
            if (stack.empty() && text.find_first_not_of(" \n\r\t") != std::string::npos) return fail("text outside the root", i);
            if (!stack.empty() && stack.back() == "text") r.texts.push_back(decoded);
            if (next == std::string::npos) break;
            i = next;
            continue;
        }
        const std::size_t close = doc.find('>', i);
        if (close == std::string::npos) return fail("unclosed tag", i);
        std::string tag = doc.substr(i + 1, close - i - 1);
        i = close + 1;
        if (!tag.empty() && tag[0] == '/') {
            const std::string name = tag.substr(1);
            if (stack.empty() || stack.back() != name) return fail("unbalanced </" + name + ">", close);
            stack.pop_back();
            continue;
        }
        const bool self_closing = !tag.empty() && tag.back() == '/';
        if (self_closing) tag.pop_back();
        std::size_t p = tag.find_first_of(" \n");
        const std::string name = tag.substr(0, p);
        if (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos)
            return fail("bad element name '" + name + "'", close);
        r.elements.push_back(name);
        if (stack.empty() && ++roots > 1) return fail("two root elements", close);
        std::set<std::string> seen;
        while (p != std::string::npos && p < tag.size()) {
            p = tag.find_first_not_of(" \n", p);
            if (p == std::string::npos) break;
            const std::size_t eq = tag.find('=', p);
            if (eq == std::string::npos || eq + 1 >= tag.size() || tag[eq + 1] != '"') return fail("unquoted attribute", close);
            const std::string attr = tag.substr(p, eq - p);
            const std::size_t end = tag.find('"', eq + 2);
            if (end == std::string::npos) return fail("unterminated attribute", close);
            const std::string value = tag.substr(eq + 2, end - eq - 2);
            if (value.find('<') != std::string::npos) return fail("'<' in attribute", close);
            if (!seen.insert(attr).second) return fail("repeated attribute " + attr, close);
            bool ok = true;
            const std::string decoded = decode(value, ok);
            if (!ok) return fail("unknown entity in attribute", close);
            if (numeric.count(attr) && !(is_number(decoded) || (decoded.size() > 1 && decoded.back() == '%' &&
                                                                is_number(decoded.substr(0, decoded.size() - 1)))))
                return fail("attribute " + attr + "=\"" + decoded + "\" is not a number", close);
            if (attr == "points") {
                std::size_t q = 0;
                while (q < decoded.size()) {
                    const std::size_t sp = decoded.find(' ', q);
                    const std::string pair = decoded.substr(q, sp == std::string::npos ? std::string::npos : sp - q);
                    const std::size_t comma = pair.find(',');
                    if (comma == std::string::npos || !is_number(pair.substr(0, comma)) || !is_number(pair.substr(comma + 1)))
                        return fail("bad point '" + pair + "'", close);
                    if (sp == std::string::npos) break;
                    q = sp + 1;
                }
            }
            p = end + 1;
        }
        if (!self_closing) stack.push_back(name);
    }
    if (!stack.empty()) return fail("unclosed <" + stack.back() + ">", doc.size());
    if (roots != 1) return fail("no root element", 0);
    return r;
}

}  // namespace xmlcheck
