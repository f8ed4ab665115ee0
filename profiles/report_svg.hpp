// Inline SVG for the printable report: choropleth maps, the spine chart and the age pyramid.
// Every SVG has a viewBox and scales with the page; nothing refers to external files.
#pragma once

#include "profiles/report_model.hpp"

#include <string>
#include <vector>

namespace omrade::profiles::report {

// Maps an EPSG:3006 extent into an SVG viewBox of width × height (y downwards), keeping the
// scale equal in x and y and centring the extent.
class MapFrame {
public:
    MapFrame(const geo::Box& extent, double width, double height);
    geo::Point to_svg(const geo::Point& p) const;
    double metres_per_unit() const { return 1.0 / m_scale; }
    const geo::Box& extent() const { return m_extent; }  // the visible extent (aspect-corrected)

private:
    geo::Box m_extent;
    double m_scale = 1, m_ox = 0, m_oy = 0, m_height = 0;
};

// The extent the maps show: the catchment's bounding box with a margin (20 %, at least 2 km).
geo::Box map_extent(const ReportInput& in);

// Sequential colour-blind-safe palette (ColorBrewer PuBu) for `count` classes (3..7).
std::vector<std::string> class_palette(std::size_t count);

// Swedish class labels from the cuts: "under 12,3", "12,3–15,0", ..., "45,0 och mer".
std::vector<std::string> class_labels(const MapLayer& layer);

// The choropleth of one layer. `id` makes the SVG's internal ids unique within the page.
std::string svg_choropleth(const ReportInput& in, const MapLayer& layer, const std::string& id);

// Fingertips-style spine chart of one domain's rows (county range, interquartile range,
// county value, the area's marker coloured by comparison).
std::string svg_spine_chart(const Domain& domain);

// Population pyramid in per cent of the area's population; county as an outline.
std::string svg_pyramid(const AgePyramid& pyramid);

}  // namespace omrade::profiles::report
