// Inline SVG for the printable report: choropleth maps, the spine chart and the age pyramid.
// Every SVG has a viewBox and scales with the page; nothing refers to external files.
#pragma once

#include "profiles/report/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles::report {

// Maps an EPSG:3006 extent into a width × height rectangle of the SVG whose top left corner is
// (x0, y0) (y downwards), keeping the scale equal in x and y and centring the extent.
class MapFrame {
public:
    MapFrame(const geo::Box& extent, double width, double height, double x0 = 0, double y0 = 0);
    geo::Point to_svg(const geo::Point& p) const;
    geo::Point to_map(const geo::Point& svg) const;  // the inverse of to_svg
    double metres_per_unit() const { return 1.0 / m_scale; }
    const geo::Box& extent() const { return m_extent; }  // the visible extent (aspect-corrected)
    double x0() const { return m_x0; }
    double y0() const { return m_y0; }
    double width() const { return m_width; }
    double height() const { return m_height; }

private:
    geo::Box m_extent;
    double m_scale = 1, m_ox = 0, m_oy = 0, m_x0 = 0, m_y0 = 0, m_width = 0, m_height = 0;
};

// The extent the maps show: the catchment's bounding box with a margin (20 %, at least 2 km).
geo::Box map_extent(const ReportInput& in);

// The zoomed inset of the maps (a corner frame inside the same SVG), for catchments that mix very
// different DeSO sizes: the small urban DeSOs, where most residents live, are otherwise dots.
// Rule: the catchment's DeSOs whose bounding box would be drawn smaller than `small_fraction` of
// the main map's width (under 26 of 520 units) are "small". There is an inset when at least two
// and at least `min_share` of the catchment's DeSOs are small (DeSOs are drawn for 700–2 700
// residents each, so this is where most residents live; one small town DeSO among rural ones is
// still a visible patch) and their common bounding box (with the pilot's vårdcentral when it lies
// in or next to it) is narrower and lower than `cluster_fraction` of the main map's visible
// extent; the inset shows that box. Similar-sized DeSOs, or small DeSOs spread over the map,
// give no inset.
struct InsetRule {
    double small_fraction = 0.05;
    double min_share = 0.5;
    double cluster_fraction = 1.0 / 6.0;
};
std::optional<geo::Box> inset_extent(const ReportInput& in, const geo::Box& main_view, const InsetRule& rule = {});

// Sequential colour-blind-safe palette (ColorBrewer PuBu) for `count` classes (3..7).
std::vector<std::string> class_palette(std::size_t count);

// Swedish class labels from the cuts: "under 12,3", "12,3–15,0", ..., "45,0 och mer".
std::vector<std::string> class_labels(const MapLayer& layer);

// The choropleth of one layer. `id` makes the SVG's internal ids unique within the page.
std::string svg_choropleth(const ReportInput& in, const MapLayer& layer, const std::string& id);

// Fingertips-style spine chart of one domain's rows (county range, interquartile range,
// county value, the area's marker coloured by comparison).
std::string svg_spine_chart(const Domain& domain);

// Small line chart of a series (Utveckling): the area's values joined by a line with its 95 %
// band, the county dashed, the target dotted red; years on the x axis. Absent years leave a gap
// (never a zero). `id` makes internal ids unique.
std::string svg_series_chart(const SeriesChart& chart);
// The county's SII per year with its interval band, and the zero line (no gap).
std::string svg_gap_chart(const GapChart& chart);

// Population pyramid in per cent of the area's population; county as an outline.
std::string svg_pyramid(const AgePyramid& pyramid);

}  // namespace omrade::profiles::report
