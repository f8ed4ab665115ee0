// QGIS layer styles (.qml) from a small symbology description: graduated indicator fills with
// Swedish legends, the catchment outline, labelled vårdcentral points and kommun borders. The
// same XML goes into the GeoPackage's layer_styles, beside the GeoJSON files and into the .qgs.
#pragma once

#include "profiles/stats/methods.hpp"

#include "profiles/output/xml.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles {

struct Rgb {
    std::uint8_t r = 0, g = 0, b = 0;
    bool operator==(const Rgb&) const = default;
};

enum class SymbologyKind {
    graduated,        // polygons coloured by classes of a numeric field, NULL drawn apart
    outline,          // polygons: no fill, strong outline (the catchment)
    points_labelled,  // points with a label from a field (vårdcentraler)
    borders,          // polygons: no fill, thin grey line (kommuner)
    categories,       // polygons coloured by the text values of a field (the förändring theme)
    shared,           // polygons whose `field` is below 1 (a DeSO's share in the catchment): dashed edge only
};

struct LayerSymbology {
    SymbologyKind kind = SymbologyKind::borders;
    std::string field;           // graduated: value field; points_labelled: label field
    std::string title;           // graduated: legend heading (Swedish, with unit)
    std::vector<double> breaks;  // graduated: upper bounds of every class but the last (n-1 values)
    std::vector<Rgb> colours;    // graduated: n class colours in class order; others: [0] overrides the line/marker colour
    std::vector<std::string> labels;  // graduated: n legend labels in class order; categories: one per value
    std::vector<std::string> categories{};  // categories: the field values, parallel to colours and labels
    std::string reason_field;         // graduated: text field giving why a value is NULL; empty = none
    std::string suppressed_reason = "undertryckt";  // reason value drawn as suppressed (hatched)
    // graduated: group the classes under a legend heading with the title. Wanted where the layer's
    // name does not say what is shown ("deso" opened alone), not in the project (name = title).
    bool heading = true;
    // points_labelled: features matching this QGIS expression (e.g. the pilot's own vårdcentral)
    // are drawn larger with a dark ring and their own legend entry; empty = all points alike.
    std::string highlight_filter;
    std::string highlight_label;  // legend entry of the highlighted points
    std::string others_label;     // legend entry of the other points
};

// Legend label of features with a suppressed value and of features with no value.
inline constexpr const char* suppressed_label = "Undertryckt (för få personer)";
inline constexpr const char* missing_label = "Inget värde";

// The renderer (and labeling) elements of a layer, as they appear in a .qml and in a .qgs
// <maplayer>. Throws std::invalid_argument when a graduated description is inconsistent.
std::vector<XmlElement> symbology_elements(const LayerSymbology& s);
bool labels_enabled(const LayerSymbology& s);
// A complete .qml document (QGIS 3.22 and later read it as the layer's style).
std::string layer_qml(const LayerSymbology& s);

// --- Indicators: county-wide quintiles with Swedish legends -------------------------------------

// Polarity is the indicator engine's (profiles/stats/methods.hpp): high_is_good, low_is_good, neutral.

// What the indicator engine hands over per indicator: the field in the deso layer, a Swedish
// title, the unit ("%", "per 1 000", may be empty), the four county-wide quintile cuts
// (20/40/60/80 %) and whether high values are good or bad.
struct IndicatorStyleInput {
    std::string field;
    std::string title;
    std::string unit;
    std::array<double, 4> cuts{};
    Polarity polarity = Polarity::neutral;
    bool has_change{false};  // the layer has <field>_forandring (a series of two years or more)
};

// Five quintile classes "Lägst 20 %" … "Högst 20 %" with Swedish class bounds, a colour-blind-safe
// ColorBrewer sequential palette (YlGnBu when neutral; YlOrRd when a polarity is known, darkest =
// worst, so for higher_is_better the low values are dark), and a hatched class for suppressed
// values when `reason_field` is given.
LayerSymbology indicator_symbology(const IndicatorStyleInput& in, const std::string& reason_field = "");

// The förändring theme of an indicator: `<field>_forandring` by its words with a diverging
// palette (ColorBrewer RdYlGn for a polarity: förbättras green, ingen säker förändring pale
// yellow, försämras red; PuOr when neutral: ökar purple, minskar orange), "kan inte beräknas"
// grey, no value light grey.
LayerSymbology change_symbology(const IndicatorStyleInput& in);

// Number in Swedish format: decimal comma, space as thousands separator (U+00A0), U+2212 minus.
std::string format_number_sv(double value, int decimals);
// The fewest decimals (0–4) that keep the rounded breaks distinct, at least enough for 3
// significant digits of the largest magnitude below 100.
int legend_decimals(const std::vector<double>& breaks);

// Quintile cuts (20, 40, 60, 80 %) of the values with linear interpolation between order
// statistics (Hyndman–Fan type 7, as R's quantile() and Excel's PERCENTIL.INC). nullopt when
// there are no values. NaN values are ignored.
std::optional<std::array<double, 4>> quintile_cuts(std::vector<double> values);

}  // namespace omrade::profiles
