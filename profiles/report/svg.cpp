#include "profiles/report/svg.hpp"

#include "profiles/report/markup.hpp"
#include "profiles/report/swedish_format.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>

namespace omrade::profiles::report {

namespace bg = boost::geometry;

namespace {

// Paul Tol's colour-blind-safe pair for the sexes.
constexpr const char* colour_men = "#4477AA";
constexpr const char* colour_women = "#CC6677";
constexpr const char* colour_missing = "#FFFFFF";

std::string num(double v) { return fmt::format("{:.1f}", v); }

void ring_path(std::string& d, const geo::Polygon::ring_type& ring, const MapFrame& frame) {
    if (ring.size() < 3) return;
    bool first = true;
    geo::Point last(NAN, NAN);
    for (const auto& p : ring) {
        const geo::Point s = frame.to_svg(p);
        const double x = std::round(s.x() * 10) / 10, y = std::round(s.y() * 10) / 10;
        if (!first && x == last.x() && y == last.y()) continue;
        d += fmt::format("{}{:.1f} {:.1f}", first ? "M" : "L", x, y);
        last = geo::Point(x, y);
        first = false;
    }
    d += "Z";
}

std::string path_data(const geo::MultiPolygon& mp, const MapFrame& frame, double tolerance) {
    geo::MultiPolygon simple;
    bg::simplify(mp, simple, tolerance);
    const geo::MultiPolygon& use = bg::is_empty(simple) ? mp : simple;
    std::string d;
    for (const auto& poly : use) {
        ring_path(d, poly.outer(), frame);
        for (const auto& inner : poly.inners()) ring_path(d, inner, frame);
    }
    return d;
}

// A "nice" scale bar length in metres, about a quarter of the visible width.
double scale_bar_metres(double visible_width_m) {
    static constexpr std::array<double, 12> steps = {100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000, 500000};
    double best = steps[0];
    for (double s : steps) {
        if (s <= visible_width_m / 4) best = s;
    }
    return best;
}

std::string legend_value(double v, int decimals) { return format_number(v, decimals); }

double box_width(const geo::Box& b) { return b.max_corner().x() - b.min_corner().x(); }
double box_height(const geo::Box& b) { return b.max_corner().y() - b.min_corner().y(); }

geo::Box grown(const geo::Box& b, double by) {
    return geo::Box(geo::Point(b.min_corner().x() - by, b.min_corner().y() - by),
                    geo::Point(b.max_corner().x() + by, b.max_corner().y() + by));
}

// The part of `mp` inside `box`. Boost's overlay refuses some invalid rings; the inset's clipPath
// still hides what lies outside, so the whole geometry is then drawn instead.
geo::MultiPolygon clipped(const geo::MultiPolygon& mp, const geo::Box& box) {
    geo::MultiPolygon out;
    try {
        bg::intersection(mp, box, out);
    } catch (const bg::exception&) {
        return mp;
    }
    return out;
}

// Background, DeSOs, catchment outline and vårdcentraler inside `frame`, clipped to it. With
// `cut` the polygons are cut to the frame (plus a margin for the strokes) before drawing: the
// inset would otherwise repeat the huge rural DeSOs' full outlines.
void draw_map_body(Markup& m, const ReportInput& in, const MapLayer& layer, const std::string& id,
                   const std::string& clip_id, const MapFrame& frame, bool cut, const std::optional<geo::Box>& marked) {
    const double tolerance = frame.metres_per_unit() * 0.6;  // below half a pixel at 100 %
    const auto palette = class_palette(layer.cuts.size() + 1);
    const geo::Box& view = frame.extent();
    const geo::Box cut_box = grown(view, 3 * frame.metres_per_unit());
    auto shape = [&](const geo::MultiPolygon& mp) { return cut ? path_data(clipped(mp, cut_box), frame, tolerance)
                                                               : path_data(mp, frame, tolerance); };
    m.empty("rect", {{"x", num(frame.x0())}, {"y", num(frame.y0())}, {"width", num(frame.width())},
                     {"height", num(frame.height())}, {"fill", "#F4F4F4"}});
    m.open("g", {{"clip-path", "url(#" + clip_id + ")"}, {"stroke", "#FFFFFF"}, {"stroke-width", "0.6"},
                 {"fill-rule", "evenodd"}});
    for (std::size_t i = 0; i < in.map_areas.size(); ++i) {
        const auto& a = in.map_areas[i];
        const auto env = bg::return_envelope<geo::Box>(a.geometry);
        if (bg::disjoint(env, view)) continue;
        const int cls = i < layer.classes.size() ? layer.classes[i] : 0;
        const CellStatus st = i < layer.statuses.size() ? layer.statuses[i] : CellStatus::missing;
        std::string fill = colour_missing;
        if (cls >= 1 && static_cast<std::size_t>(cls) <= palette.size()) {
            fill = palette[static_cast<std::size_t>(cls - 1)];
        } else if (st == CellStatus::suppressed) {
            fill = "url(#" + id + "-streck)";
        }
        const std::string d = shape(a.geometry);
        if (d.empty()) continue;
        m.open("path", {{"d", d}, {"fill", fill}, {"fill-opacity", a.in_catchment ? "1" : "0.4"}});
        m.element("title", a.code);
        m.close("path");
    }
    // DeSOs the pilot shares with other VCs (share below 1): a dashed edge on their fill.
    for (const auto& a : in.map_areas) {
        if (!a.partial || bg::disjoint(bg::return_envelope<geo::Box>(a.geometry), view)) continue;
        const std::string d = shape(a.geometry);
        if (d.empty()) continue;
        m.empty("path", {{"d", d}, {"class", "delad"}, {"fill", "none"}, {"stroke", "#7A0177"}, {"stroke-width", "1.6"},
                         {"stroke-dasharray", "4 2.5"}});
    }
    if (!bg::is_empty(in.catchment)) {
        const std::string d = shape(in.catchment);
        m.empty("path", {{"d", d}, {"fill", "none"}, {"stroke", "#FFFFFF"}, {"stroke-width", "5"}});
        m.empty("path", {{"d", d}, {"class", "upptagning"}, {"fill", "none"}, {"stroke", "#111111"}, {"stroke-width", "2.4"}});
    }
    if (marked) {  // the area the inset enlarges; under the vårdcentral's label
        const geo::Point a = frame.to_svg(marked->min_corner()), b = frame.to_svg(marked->max_corner());
        for (const auto& [colour, width] : {std::pair{"#FFFFFF", "4"}, {"#111111", "1.5"}}) {
            m.empty("rect", {{"x", num(a.x())}, {"y", num(b.y())}, {"width", num(b.x() - a.x())}, {"height", num(a.y() - b.y())},
                             {"class", "inset-ruta"}, {"fill", "none"}, {"stroke", colour}, {"stroke-width", width}});
        }
    }
    const double right_edge = frame.x0() + frame.width();
    for (const auto& c : in.centres) {
        if (bg::disjoint(c.position, view)) continue;
        const geo::Point s = frame.to_svg(c.position);
        if (c.pilot) {
            m.empty("circle", {{"cx", num(s.x())}, {"cy", num(s.y())}, {"r", "7"}, {"fill", "#E69F00"},
                               {"stroke", "#111111"}, {"stroke-width", "2"}});
            // Bold 13 px: about 8 units per character; the label goes left when it would not fit.
            const double label_w = 11 + 8.0 * static_cast<double>(c.name.size());
            const bool right = s.x() + label_w < right_edge;
            m.element("text", c.name,
                      {{"x", num(s.x() + (right ? 11 : -11))}, {"y", num(s.y() + 4)}, {"font-size", "13"},
                       {"font-weight", "bold"}, {"text-anchor", right ? "start" : "end"}, {"stroke", "#FFFFFF"},
                       {"stroke-width", "3"}, {"paint-order", "stroke"}, {"fill", "#111111"}});
        } else {
            m.open("rect", {{"x", num(s.x() - 3.5)}, {"y", num(s.y() - 3.5)}, {"width", "7"}, {"height", "7"},
                            {"fill", "#111111"}, {"stroke", "#FFFFFF"}, {"stroke-width", "1"}});
            m.element("title", c.name);
            m.close("rect");
        }
    }
    m.close("g");
}

// Scale bar of `frame` with its left end at x and its bar at y.
void draw_scale_bar(Markup& m, const MapFrame& frame, double bx, double by) {
    const double bar_m = scale_bar_metres(box_width(frame.extent()));
    const double bar_px = bar_m / frame.metres_per_unit();
    m.empty("rect", {{"x", num(bx - 6)}, {"y", num(by - 20)}, {"width", num(bar_px + 12)}, {"height", "30"},
                     {"fill", "#FFFFFF"}, {"fill-opacity", "0.85"}});
    m.empty("rect", {{"x", num(bx)}, {"y", num(by)}, {"width", num(bar_px / 2)}, {"height", "5"}, {"fill", "#111111"}});
    m.empty("rect", {{"x", num(bx + bar_px / 2)}, {"y", num(by)}, {"width", num(bar_px / 2)}, {"height", "5"},
                     {"fill", "#FFFFFF"}, {"stroke", "#111111"}, {"stroke-width", "1"}});
    const std::string bar_label = bar_m >= 1000 ? format_number(bar_m / 1000, 0) + nbsp + "km"
                                                : format_number(bar_m, 0) + nbsp + "m";
    m.element("text", "0", {{"x", num(bx)}, {"y", num(by - 5)}, {"font-size", "11"}, {"text-anchor", "middle"}});
    m.element("text", bar_label,
              {{"x", num(bx + bar_px)}, {"y", num(by - 5)}, {"font-size", "11"}, {"text-anchor", "middle"}});
}

double scale_bar_width(const MapFrame& frame) {
    return scale_bar_metres(box_width(frame.extent())) / frame.metres_per_unit();
}

enum class Corner { bottom_right, top_left, bottom_left, top_right };

}  // namespace

MapFrame::MapFrame(const geo::Box& extent, double width, double height, double x0, double y0)
    : m_x0(x0), m_y0(y0), m_width(width), m_height(height) {
    const double ew = std::max(1.0, extent.max_corner().x() - extent.min_corner().x());
    const double eh = std::max(1.0, extent.max_corner().y() - extent.min_corner().y());
    m_scale = std::min(width / ew, height / eh);
    const double cx = (extent.min_corner().x() + extent.max_corner().x()) / 2;
    const double cy = (extent.min_corner().y() + extent.max_corner().y()) / 2;
    const double hw = width / m_scale / 2, hh = height / m_scale / 2;
    m_extent = geo::Box(geo::Point(cx - hw, cy - hh), geo::Point(cx + hw, cy + hh));
    m_ox = m_extent.min_corner().x();
    m_oy = m_extent.max_corner().y();
}

geo::Point MapFrame::to_svg(const geo::Point& p) const {
    return geo::Point(m_x0 + (p.x() - m_ox) * m_scale, m_y0 + (m_oy - p.y()) * m_scale);
}

geo::Point MapFrame::to_map(const geo::Point& svg) const {
    return geo::Point(m_ox + (svg.x() - m_x0) / m_scale, m_oy - (svg.y() - m_y0) / m_scale);
}

geo::Box map_extent(const ReportInput& in) {
    geo::Box box;
    bg::assign_inverse(box);
    if (!bg::is_empty(in.catchment)) {
        bg::expand(box, bg::return_envelope<geo::Box>(in.catchment));
    } else {
        for (const auto& a : in.map_areas) {
            if (a.in_catchment) bg::expand(box, bg::return_envelope<geo::Box>(a.geometry));
        }
    }
    for (const auto& c : in.centres) {
        if (c.pilot) bg::expand(box, c.position);
    }
    if (box.min_corner().x() > box.max_corner().x()) {  // nothing: the whole map
        for (const auto& a : in.map_areas) bg::expand(box, bg::return_envelope<geo::Box>(a.geometry));
    }
    const double w = box.max_corner().x() - box.min_corner().x();
    const double h = box.max_corner().y() - box.min_corner().y();
    const double m = std::max(2000.0, 0.2 * std::max(w, h));
    return geo::Box(geo::Point(box.min_corner().x() - m, box.min_corner().y() - m),
                    geo::Point(box.max_corner().x() + m, box.max_corner().y() + m));
}

std::vector<std::string> class_palette(std::size_t count) {
    // ColorBrewer PuBu (sequential, colour-blind safe, prints in grey).
    switch (count) {
    case 3: return {"#ECE7F2", "#A6BDDB", "#2B8CBE"};
    case 4: return {"#F1EEF6", "#BDC9E1", "#74A9CF", "#0570B0"};
    case 5: return {"#F1EEF6", "#BDC9E1", "#74A9CF", "#2B8CBE", "#045A8D"};
    case 6: return {"#F1EEF6", "#D0D1E6", "#A6BDDB", "#74A9CF", "#2B8CBE", "#045A8D"};
    default: return {"#F1EEF6", "#D0D1E6", "#A6BDDB", "#74A9CF", "#3690C0", "#0570B0", "#034E7B"};
    }
}

std::vector<std::string> class_labels(const MapLayer& layer) {
    std::vector<std::string> out;
    const auto& c = layer.cuts;
    const int d = layer.decimals;
    if (c.empty()) return out;
    out.push_back("under " + legend_value(c.front(), d));
    for (std::size_t i = 0; i + 1 < c.size(); ++i) {
        out.push_back(legend_value(c[i], d) + "\u2013" + legend_value(c[i + 1], d));
    }
    out.push_back(legend_value(c.back(), d) + " och mer");
    if (layer.low) out.front() = legend_value(*layer.low, d) + "\u2013" + legend_value(c.front(), d);
    if (layer.high) out.back() = legend_value(c.back(), d) + "\u2013" + legend_value(*layer.high, d);
    return out;
}

std::optional<geo::Box> inset_extent(const ReportInput& in, const geo::Box& main_view, const InsetRule& rule) {
    const double vw = box_width(main_view), vh = box_height(main_view);
    geo::Box cluster;
    bg::assign_inverse(cluster);
    std::size_t small = 0, all = 0;
    for (const auto& a : in.map_areas) {
        if (!a.in_catchment) continue;
        ++all;
        const auto env = bg::return_envelope<geo::Box>(a.geometry);
        if (std::max(box_width(env), box_height(env)) < rule.small_fraction * vw) {
            bg::expand(cluster, env);
            ++small;
        }
    }
    if (small < 2 || static_cast<double>(small) < rule.min_share * static_cast<double>(all)) return std::nullopt;
    // The pilot's vårdcentral belongs in the inset when it is in or next to the cluster.
    const double side = std::max(box_width(cluster), box_height(cluster));
    for (const auto& c : in.centres) {
        if (c.pilot && bg::covered_by(c.position, grown(cluster, 0.5 * side))) bg::expand(cluster, c.position);
    }
    const double cw = box_width(cluster), ch = box_height(cluster);
    if (cw >= rule.cluster_fraction * vw || ch >= rule.cluster_fraction * vh) return std::nullopt;
    return grown(cluster, std::max(300.0, 0.1 * std::max(cw, ch)));
}

std::string svg_choropleth(const ReportInput& in, const MapLayer& layer, const std::string& id) {
    constexpr double map_w = 520, map_h = 440, legend_w = 190, pad = 8;
    const MapFrame frame(map_extent(in), map_w, map_h);
    const auto palette = class_palette(layer.cuts.size() + 1);

    // The inset: 40 % of the map's width in the corner that hides the least of the catchment and
    // not the area it enlarges.
    std::optional<MapFrame> inset;
    Corner corner = Corner::bottom_right;
    geo::Box marked;
    if (const auto ext = inset_extent(in, frame.extent())) {
        const double iw = 0.4 * map_w;
        const double ih = std::clamp(iw * box_height(*ext) / std::max(1.0, box_width(*ext)), 0.3 * map_h, 0.5 * map_h);
        const MapFrame probe(*ext, iw, ih);
        marked = probe.extent();
        const geo::Point m0 = frame.to_svg(marked.min_corner()), m1 = frame.to_svg(marked.max_corner());
        const geo::Box marked_px(geo::Point(m0.x(), m1.y()), geo::Point(m1.x(), m0.y()));
        double best = INFINITY;
        for (const Corner k : {Corner::bottom_right, Corner::top_left, Corner::bottom_left, Corner::top_right}) {
            const bool left = k == Corner::top_left || k == Corner::bottom_left;
            const bool top = k == Corner::top_left || k == Corner::top_right;
            const double x = left ? pad : map_w - pad - iw, y = top ? pad : map_h - pad - ih;
            const geo::Box px(geo::Point(x, y), geo::Point(x + iw, y + ih));
            if (bg::intersects(px, grown(marked_px, pad))) continue;
            const geo::Point a = frame.to_map(px.min_corner()), b = frame.to_map(px.max_corner());
            const geo::Box metres(geo::Point(a.x(), b.y()), geo::Point(b.x(), a.y()));
            double hidden = 0;
            for (const auto& area : in.map_areas) {
                if (area.in_catchment && !bg::disjoint(bg::return_envelope<geo::Box>(area.geometry), metres)) {
                    hidden += bg::area(clipped(area.geometry, metres));
                }
            }
            if (hidden < best) {
                best = hidden;
                corner = k;
                inset.emplace(*ext, iw, ih, x, y);
            }
        }
    }

    Markup m;
    const std::string vb = fmt::format("0 0 {} {}", map_w + legend_w, map_h);
    m.open("svg", {{"viewBox", vb}, {"class", "karta"},
                   {"role", "img"}, {"aria-label", "Karta: " + layer.title}});
    m.open("defs");
    m.open("clipPath", {{"id", id + "-klipp"}});
    m.empty("rect", {{"x", "0"}, {"y", "0"}, {"width", num(map_w)}, {"height", num(map_h)}});
    m.close("clipPath");
    if (inset) {
        m.open("clipPath", {{"id", id + "-klipp-inset"}});
        m.empty("rect", {{"x", num(inset->x0())}, {"y", num(inset->y0())}, {"width", num(inset->width())},
                         {"height", num(inset->height())}});
        m.close("clipPath");
    }
    m.open("pattern", {{"id", id + "-streck"}, {"width", "6"}, {"height", "6"}, {"patternUnits", "userSpaceOnUse"},
                       {"patternTransform", "rotate(45)"}});
    m.empty("rect", {{"width", "6"}, {"height", "6"}, {"fill", "#FFFFFF"}});
    m.empty("line", {{"x1", "0"}, {"y1", "0"}, {"x2", "0"}, {"y2", "6"}, {"stroke", "#555555"}, {"stroke-width", "2"}});
    m.close("pattern");
    m.close("defs");

    draw_map_body(m, in, layer, id, id + "-klipp", frame, false, inset ? std::optional(marked) : std::nullopt);

    // Scale bar and north arrow in the corners the inset leaves free.
    const double bar_px = scale_bar_width(frame);
    const double bx = inset && corner == Corner::bottom_left ? map_w - 14 - bar_px : 14;
    draw_scale_bar(m, frame, bx, map_h - 18);
    const double nx = inset && corner == Corner::top_right ? 24 : map_w - 24, ny = 16;
    m.empty("path", {{"d", fmt::format("M{:.1f} {:.1f}L{:.1f} {:.1f}L{:.1f} {:.1f}Z", nx, ny, nx - 7, ny + 20, nx + 7, ny + 20)},
                     {"fill", "#111111"}});
    m.element("text", "N", {{"x", num(nx)}, {"y", num(ny + 34)}, {"font-size", "13"}, {"font-weight", "bold"},
                            {"text-anchor", "middle"}});

    if (inset) {
        const MapFrame& f = *inset;
        m.open("g", {{"class", "inset"}});
        m.empty("rect", {{"x", num(f.x0() - 2)}, {"y", num(f.y0() - 2)}, {"width", num(f.width() + 4)},
                         {"height", num(f.height() + 4)}, {"fill", "#FFFFFF"}});
        draw_map_body(m, in, layer, id, id + "-klipp-inset", f, true, std::nullopt);
        draw_scale_bar(m, f, f.x0() + 12, f.y0() + f.height() - 10);
        m.element("text", "Förstoring", {{"x", num(f.x0() + 6)}, {"y", num(f.y0() + 15)}, {"font-size", "11"},
                                          {"font-weight", "bold"}, {"stroke", "#FFFFFF"}, {"stroke-width", "3"},
                                          {"paint-order", "stroke"}, {"fill", "#111111"}});
        m.empty("rect", {{"x", num(f.x0())}, {"y", num(f.y0())}, {"width", num(f.width())}, {"height", num(f.height())},
                         {"class", "inset-ram"}, {"fill", "none"}, {"stroke", "#111111"}, {"stroke-width", "1.5"}});
        m.close("g");
    }
    m.empty("rect", {{"x", "0"}, {"y", "0"}, {"width", num(map_w)}, {"height", num(map_h)}, {"fill", "none"},
                     {"stroke", "#777777"}, {"stroke-width", "1"}});

    // Legend.
    const double lx = map_w + 14;
    double ly = 18;
    const std::string unit = layer.unit.empty() ? "" : " (" + layer.unit + ")";
    m.element("text", "Klass" + unit, {{"x", num(lx)}, {"y", num(ly)}, {"font-size", "12"}, {"font-weight", "bold"}});
    ly += 16;
    m.element("text", layer.classification, {{"x", num(lx)}, {"y", num(ly)}, {"font-size", "11"}});
    ly += 12;
    const auto labels = class_labels(layer);
    auto swatch = [&](const std::string& fill, const std::string& label) {
        m.empty("rect", {{"x", num(lx)}, {"y", num(ly)}, {"width", "18"}, {"height", "13"}, {"fill", fill},
                         {"stroke", "#777777"}, {"stroke-width", "0.8"}});
        m.element("text", label, {{"x", num(lx + 24)}, {"y", num(ly + 11)}, {"font-size", "11"}});
        ly += 19;
    };
    for (std::size_t k = labels.size(); k-- > 0;) swatch(palette[k], labels[k]);  // high at the top
    swatch("url(#" + id + "-streck)", "undertryckt");
    swatch(colour_missing, "saknas");
    ly += 6;
    m.empty("line", {{"x1", num(lx)}, {"y1", num(ly + 6)}, {"x2", num(lx + 18)}, {"y2", num(ly + 6)},
                     {"stroke", "#111111"}, {"stroke-width", "2.4"}});
    m.element("text", "upptagningsområde", {{"x", num(lx + 24)}, {"y", num(ly + 10)}, {"font-size", "11"}});
    ly += 19;
    if (std::any_of(in.map_areas.begin(), in.map_areas.end(), [](const MapArea& a) { return a.partial; })) {
        m.empty("rect", {{"x", num(lx + 1)}, {"y", num(ly + 1)}, {"width", "16"}, {"height", "11"}, {"fill", "none"},
                         {"stroke", "#7A0177"}, {"stroke-width", "1.6"}, {"stroke-dasharray", "4 2.5"}});
        m.element("text", "DeSO delad med annan vc", {{"x", num(lx + 24)}, {"y", num(ly + 11)}, {"font-size", "11"}});
        ly += 19;
    }
    m.empty("circle", {{"cx", num(lx + 9)}, {"cy", num(ly + 6)}, {"r", "6"}, {"fill", "#E69F00"},
                       {"stroke", "#111111"}, {"stroke-width", "2"}});
    m.element("text", "pilotens vårdcentral", {{"x", num(lx + 24)}, {"y", num(ly + 10)}, {"font-size", "11"}});
    ly += 19;
    m.empty("rect", {{"x", num(lx + 5.5)}, {"y", num(ly + 2.5)}, {"width", "7"}, {"height", "7"}, {"fill", "#111111"}});
    m.element("text", "annan vårdcentral", {{"x", num(lx + 24)}, {"y", num(ly + 10)}, {"font-size", "11"}});
    ly += 19;
    m.empty("rect", {{"x", num(lx)}, {"y", num(ly)}, {"width", "18"}, {"height", "13"}, {"fill", palette.back()},
                     {"fill-opacity", "0.4"}, {"stroke", "#777777"}, {"stroke-width", "0.8"}});
    m.element("text", "DeSO utanför området", {{"x", num(lx + 24)}, {"y", num(ly + 11)}, {"font-size", "11"}});
    if (inset) {
        ly += 19;
        m.empty("rect", {{"x", num(lx + 1)}, {"y", num(ly + 1)}, {"width", "16"}, {"height", "11"}, {"fill", "none"},
                         {"stroke", "#111111"}, {"stroke-width", "1.5"}});
        m.element("text", "förstorat i rutan", {{"x", num(lx + 24)}, {"y", num(ly + 11)}, {"font-size", "11"}});
    }
    m.close("svg");
    return m.take();
}

std::string svg_spine_chart(const Domain& domain) {
    constexpr double label_w = 250, chart_w = 330, value_w = 90, row_h = 20, top = 18;
    const double width = label_w + chart_w + value_w;
    const double height = top + row_h * static_cast<double>(domain.rows.size()) + 8;
    Markup m;
    m.open("svg", {{"viewBox", fmt::format("0 0 {} {}", width, height)},
                   {"class", "spine"}, {"role", "img"}, {"aria-label", "Ryggradsdiagram: " + domain.name}});
    const double cx = label_w + chart_w / 2;
    m.element("text", "\u2190 lägre", {{"x", num(label_w)}, {"y", "13"}, {"font-size", "10"}, {"fill", "#555555"}});
    m.element("text", "länet", {{"x", num(cx)}, {"y", "13"}, {"font-size", "10"}, {"text-anchor", "middle"}, {"fill", "#555555"}});
    m.element("text", "högre \u2192", {{"x", num(label_w + chart_w)}, {"y", "13"}, {"font-size", "10"},
                                             {"text-anchor", "end"}, {"fill", "#555555"}});
    m.element("text", "området", {{"x", num(width - 4)}, {"y", "13"}, {"font-size", "10"}, {"text-anchor", "end"}, {"fill", "#555555"}});
    for (std::size_t i = 0; i < domain.rows.size(); ++i) {
        const auto& r = domain.rows[i];
        const double y = top + row_h * static_cast<double>(i);
        if (i % 2 == 0) {
            m.empty("rect", {{"x", "0"}, {"y", num(y)}, {"width", num(width)}, {"height", num(row_h)}, {"fill", "#F2F2F2"}});
        }
        std::string name = r.name + (r.unit.empty() || r.unit == "%" ? "" : " (" + r.unit + ")");
        if (name.size() > 44) {
            std::size_t cut = 42;
            while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
            name = name.substr(0, cut) + "…";
        }
        m.element("text", name, {{"x", "4"}, {"y", num(y + 14)}, {"font-size", "11"}});
        std::string value_text = r.value.status == CellStatus::ok ? format_with_unit(*r.value.value, r.unit == "%" ? "%" : "", r.decimals)
                                                                  : "\u2013 " + std::string(status_text(r.value.status));
        m.element("text", value_text, {{"x", num(width - 4)}, {"y", num(y + 14)}, {"font-size", "11"}, {"text-anchor", "end"}});
        if (!r.spine_note.empty() || !r.county.value || !r.county_min || !r.county_max) {
            const std::string why = !r.spine_note.empty() ? r.spine_note
                                    : r.county.value     ? std::string("ingen DeSO-spridning att visa")
                                                         : "länsvärde " + std::string(status_text(r.county.status));
            m.element("text", why, {{"x", num(cx)}, {"y", num(y + 14)}, {"font-size", "10"},
                                                         {"text-anchor", "middle"}, {"fill", "#777777"}});
            continue;
        }
        // Centred on the county value; the half-width is the larger distance to an extreme,
        // so the county is always in the middle as in Fingertips.
        double half = std::max(*r.county.value - *r.county_min, *r.county_max - *r.county.value);
        if (r.value.value) half = std::max(half, std::fabs(*r.value.value - *r.county.value));
        if (!(half > 0)) half = 1;
        const double k = (chart_w / 2 - 6) / half;
        auto xof = [&](double v) { return cx + (v - *r.county.value) * k; };
        const double bar_y = y + 5, bar_h = row_h - 10;
        m.empty("rect", {{"x", num(xof(*r.county_min))}, {"y", num(bar_y)}, {"width", num((*r.county_max - *r.county_min) * k)},
                         {"height", num(bar_h)}, {"fill", "#C8C8C8"}});
        if (r.county_q1 && r.county_q3) {
            m.empty("rect", {{"x", num(xof(*r.county_q1))}, {"y", num(bar_y)}, {"width", num((*r.county_q3 - *r.county_q1) * k)},
                             {"height", num(bar_h)}, {"fill", "#8C8C8C"}});
        }
        m.empty("line", {{"x1", num(cx)}, {"y1", num(y + 2)}, {"x2", num(cx)}, {"y2", num(y + row_h - 2)},
                         {"stroke", "#111111"}, {"stroke-width", "1.5"}});
        if (r.value.value) {
            const std::string fill = r.comparison_colour.empty() ? "#C9C9C9" : r.comparison_colour;
            m.open("circle", {{"cx", num(xof(*r.value.value))}, {"cy", num(y + row_h / 2)}, {"r", "5.5"}, {"fill", fill},
                              {"stroke", "#111111"}, {"stroke-width", "1.2"}});
            m.element("title", r.comparison.empty() ? "ej jämförd" : r.comparison);
            m.close("circle");
        }
    }
    m.close("svg");
    return m.take();
}

std::string svg_pyramid(const AgePyramid& p) {
    const std::size_t n = p.bands.size();
    constexpr double half_w = 250, centre_w = 56, row_h = 15, top = 26, bottom = 30;
    const double width = 2 * half_w + centre_w;
    const double height = top + row_h * static_cast<double>(n) + bottom;
    double total = 0, county_total = 0;
    for (std::size_t i = 0; i < n; ++i) total += p.men.at(i) + p.women.at(i);
    const bool county = p.county_men.size() == n && p.county_women.size() == n;
    if (county) {
        for (std::size_t i = 0; i < n; ++i) county_total += p.county_men[i] + p.county_women[i];
    }
    auto pct = [](double v, double t) { return t > 0 ? 100.0 * v / t : 0.0; };
    double max_pct = 1;
    for (std::size_t i = 0; i < n; ++i) {
        max_pct = std::max({max_pct, pct(p.men[i], total), pct(p.women[i], total)});
        if (county) max_pct = std::max({max_pct, pct(p.county_men[i], county_total), pct(p.county_women[i], county_total)});
    }
    const double step = max_pct > 8 ? 4 : (max_pct > 4 ? 2 : 1);
    const double axis_max = std::ceil(max_pct / step) * step;
    const double k = (half_w - 10) / axis_max;
    const double left_c = half_w, right_c = half_w + centre_w;

    Markup m;
    m.open("svg", {{"viewBox", fmt::format("0 0 {} {}", width, height)},
                   {"class", "pyramid"}, {"role", "img"}, {"aria-label", "Befolkningspyramid"}});
    m.element("text", "Män", {{"x", num(left_c - 4)}, {"y", "14"}, {"font-size", "12"}, {"font-weight", "bold"},
                              {"text-anchor", "end"}, {"fill", colour_men}});
    m.element("text", "Kvinnor", {{"x", num(right_c + 4)}, {"y", "14"}, {"font-size", "12"}, {"font-weight", "bold"},
                                  {"fill", colour_women}});
    std::string county_left, county_right;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t r = n - 1 - i;  // oldest at the top
        const double y = top + row_h * static_cast<double>(i);
        const double wm = pct(p.men[r], total) * k, ww = pct(p.women[r], total) * k;
        m.empty("rect", {{"x", num(left_c - wm)}, {"y", num(y + 1)}, {"width", num(wm)}, {"height", num(row_h - 2)},
                         {"fill", colour_men}});
        m.empty("rect", {{"x", num(right_c)}, {"y", num(y + 1)}, {"width", num(ww)}, {"height", num(row_h - 2)},
                         {"fill", colour_women}});
        std::string band = p.bands[r];
        if (const auto dash = band.find('-'); dash != std::string::npos) band.replace(dash, 1, "\u2013");
        m.element("text", band, {{"x", num(half_w + centre_w / 2)}, {"y", num(y + 11)}, {"font-size", "10"},
                                       {"text-anchor", "middle"}});
        if (county) {
            const double cm = pct(p.county_men[r], county_total) * k, cw = pct(p.county_women[r], county_total) * k;
            county_left += fmt::format("{}{:.1f} {:.1f}V{:.1f}", i == 0 ? "M" : "L", left_c - cm, y, y + row_h);
            county_right += fmt::format("{}{:.1f} {:.1f}V{:.1f}", i == 0 ? "M" : "L", right_c + cw, y, y + row_h);
        }
    }
    if (county) {
        m.empty("path", {{"d", county_left}, {"fill", "none"}, {"stroke", "#111111"}, {"stroke-width", "1.4"}});
        m.empty("path", {{"d", county_right}, {"fill", "none"}, {"stroke", "#111111"}, {"stroke-width", "1.4"}});
    }
    const double axis_y = top + row_h * static_cast<double>(n) + 4;
    m.empty("line", {{"x1", num(left_c - axis_max * k)}, {"y1", num(axis_y)}, {"x2", num(left_c)}, {"y2", num(axis_y)},
                     {"stroke", "#555555"}});
    m.empty("line", {{"x1", num(right_c)}, {"y1", num(axis_y)}, {"x2", num(right_c + axis_max * k)}, {"y2", num(axis_y)},
                     {"stroke", "#555555"}});
    for (double t = 0; t <= axis_max + 1e-9; t += step) {
        const std::string label = format_percent(t, 0);
        for (const double x : {left_c - t * k, right_c + t * k}) {
            m.empty("line", {{"x1", num(x)}, {"y1", num(axis_y)}, {"x2", num(x)}, {"y2", num(axis_y + 4)}, {"stroke", "#555555"}});
            m.element("text", label, {{"x", num(x)}, {"y", num(axis_y + 15)}, {"font-size", "10"}, {"text-anchor", "middle"}});
        }
    }
    m.close("svg");
    return m.take();
}

namespace {

struct LineSeries {
    std::vector<std::optional<double>> values, lower, upper;
    const char* colour = "#045A8D";
    bool dashed = false;
    bool band = false;
};

std::optional<double> value_of(const Cell& c) { return c.status == CellStatus::ok ? c.value : std::nullopt; }

// The shared frame of the small charts: 200 × 110 units, axis labels in Swedish format.
std::string line_chart(const std::vector<int>& years, const std::vector<LineSeries>& lines, std::optional<double> reference,
                       const char* reference_colour, const std::string& unit, int decimals, const std::string& label) {
    constexpr double width = 200, height = 110, left = 34, right = 6, top = 8, bottom = 18;
    double lo = INFINITY, hi = -INFINITY;
    auto grow = [&](const std::optional<double>& v) {
        if (v && std::isfinite(*v)) {
            lo = std::min(lo, *v);
            hi = std::max(hi, *v);
        }
    };
    for (const auto& l : lines) {
        for (std::size_t k = 0; k < l.values.size(); ++k) {
            grow(l.values[k]);
            if (l.band) {
                grow(l.lower[k]);
                grow(l.upper[k]);
            }
        }
    }
    grow(reference);
    Markup m;
    m.open("svg", {{"viewBox", fmt::format("0 0 {} {}", width, height)}, {"class", "serie"}, {"role", "img"},
                   {"aria-label", label}});
    if (!std::isfinite(lo) || years.empty()) {
        m.element("text", "inga värden", {{"x", num(width / 2)}, {"y", num(height / 2)}, {"font-size", "9"},
                                           {"text-anchor", "middle"}, {"fill", "#777777"}});
        m.close("svg");
        return m.take();
    }
    if (hi - lo < 1e-9) {
        const double pad = std::max(std::fabs(hi) * 0.05, 1.0);
        lo -= pad;
        hi += pad;
    }
    const double label_lo = lo, label_hi = hi;
    const double span = hi - lo;
    lo -= 0.08 * span;
    hi += 0.08 * span;
    const double x0 = left, x1 = width - right, y0 = height - bottom, y1 = top;
    const int first = years.front(), last = years.back();
    auto xs = [&](int year) {
        return last == first ? (x0 + x1) / 2 : x0 + (x1 - x0) * static_cast<double>(year - first) / static_cast<double>(last - first);
    };
    auto ys = [&](double v) { return y0 - (y0 - y1) * (v - lo) / (hi - lo); };
    const std::string u = unit == "%" ? "%" : "";
    m.empty("line", {{"x1", num(x0)}, {"y1", num(y0)}, {"x2", num(x1)}, {"y2", num(y0)}, {"stroke", "#999999"}, {"stroke-width", "0.6"}});
    m.empty("line", {{"x1", num(x0)}, {"y1", num(y0)}, {"x2", num(x0)}, {"y2", num(y1)}, {"stroke", "#999999"}, {"stroke-width", "0.6"}});
    for (const double v : {label_lo, label_hi}) {
        m.element("text", format_with_unit(v, u, decimals),
                  {{"x", num(x0 - 2)}, {"y", num(ys(v) + 3)}, {"font-size", "7.5"}, {"text-anchor", "end"}, {"fill", "#555555"}});
    }
    for (std::size_t k = 0; k < years.size(); ++k) {
        if (years.size() > 3 && k != 0 && k + 1 != years.size() && k % 2 != 0) continue;
        const char* anchor = years.size() == 1 ? "middle" : k == 0 ? "start" : k + 1 == years.size() ? "end" : "middle";
        m.element("text", std::to_string(years[k]),
                  {{"x", num(xs(years[k]))}, {"y", num(height - 5)}, {"font-size", "7.5"}, {"text-anchor", anchor}, {"fill", "#555555"}});
    }
    if (reference) {
        m.empty("line", {{"x1", num(x0)}, {"y1", num(ys(*reference))}, {"x2", num(x1)}, {"y2", num(ys(*reference))},
                         {"stroke", reference_colour}, {"stroke-width", "0.9"}, {"stroke-dasharray", "1.5,1.5"}});
    }
    for (const auto& l : lines) {
        // The band: one polygon per run of consecutive years with both limits.
        if (l.band) {
            std::size_t k = 0;
            while (k < years.size()) {
                std::size_t e = k;
                while (e < years.size() && l.lower[e] && l.upper[e] && l.values[e]) ++e;
                if (e - k >= 2) {
                    std::string pts;
                    for (std::size_t i = k; i < e; ++i) pts += num(xs(years[i])) + "," + num(ys(*l.upper[i])) + " ";
                    for (std::size_t i = e; i-- > k;) pts += num(xs(years[i])) + "," + num(ys(*l.lower[i])) + " ";
                    m.empty("polygon", {{"points", pts}, {"fill", l.colour}, {"fill-opacity", "0.18"}, {"stroke", "none"}});
                } else if (e - k == 1) {
                    m.empty("line", {{"x1", num(xs(years[k]))}, {"y1", num(ys(*l.lower[k]))}, {"x2", num(xs(years[k]))},
                                     {"y2", num(ys(*l.upper[k]))}, {"stroke", l.colour}, {"stroke-opacity", "0.4"}, {"stroke-width", "2"}});
                }
                k = std::max(e, k + 1);
            }
        }
        std::string pts;
        auto flush = [&]() {
            if (pts.find(' ') != pts.rfind(' ')) {
                m.empty("polyline", {{"points", pts}, {"fill", "none"}, {"stroke", l.colour}, {"stroke-width", "1.4"},
                                     {"stroke-dasharray", l.dashed ? "3,2" : "none"}});
            }
            pts.clear();
        };
        for (std::size_t k = 0; k < years.size(); ++k) {
            if (!l.values[k]) {
                flush();  // a gap, never a zero
                continue;
            }
            pts += num(xs(years[k])) + "," + num(ys(*l.values[k])) + " ";
            if (!l.dashed) {
                m.empty("circle", {{"cx", num(xs(years[k]))}, {"cy", num(ys(*l.values[k]))}, {"r", "1.8"}, {"fill", l.colour}});
            }
        }
        flush();
    }
    m.close("svg");
    return m.take();
}

}  // namespace

std::string svg_series_chart(const SeriesChart& c) {
    LineSeries area, county;
    area.band = true;
    for (std::size_t k = 0; k < c.years.size(); ++k) {
        area.values.push_back(value_of(c.area[k]));
        area.lower.push_back(c.lower[k]);
        area.upper.push_back(c.upper[k]);
        county.values.push_back(value_of(c.county[k]));
    }
    county.lower = county.upper = std::vector<std::optional<double>>(c.years.size());
    county.colour = "#444444";
    county.dashed = true;
    return line_chart(c.years, {county, area}, c.target, "#C00000", c.unit, c.decimals, "Utveckling: " + c.name);
}

std::string svg_gap_chart(const GapChart& c) {
    LineSeries sii;
    sii.band = true;
    sii.colour = "#7A0177";
    for (std::size_t k = 0; k < c.years.size(); ++k) {
        sii.values.push_back(value_of(c.sii[k]));
        sii.lower.push_back(c.lower[k]);
        sii.upper.push_back(c.upper[k]);
    }
    return line_chart(c.years, {sii}, 0.0, "#444444", c.unit, c.decimals, "Skillnad (SII) i länet: " + c.name);
}

}  // namespace omrade::profiles::report
