// A tiny SVG writer: an <svg> document built from rectangles, lines, polylines and text, as a string.
// What the pictures show and how to read them: docs/experiments.md (section "Pictures").
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace nn {

// Escapes &, <, >, " and ' so that any text can go inside an element or an attribute.
std::string xml_escape(const std::string& text);

// A number for an SVG attribute: fixed with up to 2 decimals, trailing zeros dropped ("12.5", "3").
std::string svg_number(double x);

// Builds one SVG document. Coordinates are in pixels, y grows downwards (SVG's convention).
class Svg {
public:
    Svg(double width, double height);

    // A rectangle; `style` is extra attributes such as: fill="#ff0000" stroke="black".
    void rect(double x, double y, double w, double h, const std::string& style);
    void line(double x1, double y1, double x2, double y2, const std::string& style);
    void polyline(const std::vector<std::pair<double, double>>& points, const std::string& style);
    // A closed filled shape (the shaded band around a mean line); style as for rect.
    void polygon(const std::vector<std::pair<double, double>>& points, const std::string& style);
    void circle(double cx, double cy, double r, const std::string& style);
    // Text at (x, y); anchor is "start", "middle" or "end"; rotate in degrees about (x, y).
    void text(double x, double y, const std::string& content, const std::string& anchor = "start",
              double size = 12, double rotate = 0, const std::string& style = "");
    // An embedded raster image (a data: URI, e.g. from png_data_uri in image_grid.hpp), drawn
    // without smoothing so that each pixel stays a crisp square.
    void image(double x, double y, double w, double h, const std::string& data_uri);

    // The finished document: XML declaration, <svg> with width, height and viewBox, the elements.
    std::string str() const;

private:
    double width_, height_;
    std::string body_;
};

}  // namespace nn
