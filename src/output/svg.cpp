// A tiny SVG writer: an <svg> document built from rectangles, lines, polylines and text, as a string.
// What the pictures show and how to read them: docs/experiments.md (section "Pictures").
#include "output/svg.hpp"

#include <cmath>
#include <cstdio>

namespace nn {

std::string xml_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string svg_number(double x) {
    if (!std::isfinite(x)) x = 0;  // never write "nan" into a document a browser must parse
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", x);
    std::string s = buf;
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    if (s == "-0") s = "0";
    return s;
}

Svg::Svg(double width, double height) : width_(width), height_(height) {}

void Svg::rect(double x, double y, double w, double h, const std::string& style) {
    body_ += "<rect x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" width=\"" + svg_number(w) +
             "\" height=\"" + svg_number(h) + "\" " + style + "/>\n";
}

void Svg::line(double x1, double y1, double x2, double y2, const std::string& style) {
    body_ += "<line x1=\"" + svg_number(x1) + "\" y1=\"" + svg_number(y1) + "\" x2=\"" + svg_number(x2) +
             "\" y2=\"" + svg_number(y2) + "\" " + style + "/>\n";
}

void Svg::polyline(const std::vector<std::pair<double, double>>& points, const std::string& style) {
    std::string list;
    for (const auto& p : points) list += (list.empty() ? "" : " ") + svg_number(p.first) + "," + svg_number(p.second);
    body_ += "<polyline points=\"" + list + "\" fill=\"none\" " + style + "/>\n";
}

void Svg::polygon(const std::vector<std::pair<double, double>>& points, const std::string& style) {
    std::string list;
    for (const auto& p : points) list += (list.empty() ? "" : " ") + svg_number(p.first) + "," + svg_number(p.second);
    body_ += "<polygon points=\"" + list + "\" " + style + "/>\n";
}

void Svg::circle(double cx, double cy, double r, const std::string& style) {
    body_ += "<circle cx=\"" + svg_number(cx) + "\" cy=\"" + svg_number(cy) + "\" r=\"" + svg_number(r) + "\" " +
             style + "/>\n";
}

void Svg::text(double x, double y, const std::string& content, const std::string& anchor, double size,
               double rotate, const std::string& style) {
    std::string t = "<text x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" font-size=\"" +
                    svg_number(size) + "\" text-anchor=\"" + anchor + "\"";
    if (rotate != 0)
        t += " transform=\"rotate(" + svg_number(rotate) + " " + svg_number(x) + " " + svg_number(y) + ")\"";
    if (!style.empty()) t += " " + style;
    body_ += t + ">" + xml_escape(content) + "</text>\n";
}

void Svg::image(double x, double y, double w, double h, const std::string& data_uri) {
    body_ += "<image x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" width=\"" + svg_number(w) +
             "\" height=\"" + svg_number(h) + "\" style=\"image-rendering:pixelated\" xlink:href=\"" +
             xml_escape(data_uri) + "\"/>\n";
}

std::string Svg::str() const {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"" +
           svg_number(width_) + "\" height=\"" + svg_number(height_) + "\" viewBox=\"0 0 " + svg_number(width_) +
           " " + svg_number(height_) + "\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" +
           body_ + "</svg>\n";
}

}  // namespace nn
