#include "profiles/output/qgis_style.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace omrade::profiles {

namespace {

using Props = std::vector<std::pair<std::string, std::string>>;

std::string rgba(const Rgb& c) { return fmt::format("{},{},{},255", c.r, c.g, c.b); }

XmlElement option_map(const Props& props) {
    XmlElement map("Option");
    map.set("type", "Map");
    for (const auto& [k, v] : props) map.add("Option").set("type", "QString").set("name", k).set("value", v);
    return map;
}

XmlElement empty_data_defined(const std::string& element) {
    XmlElement dd(element);
    auto& map = dd.add("Option");
    map.set("type", "Map");
    map.add("Option").set("type", "QString").set("name", "name").set("value", "");
    map.add("Option").set("name", "properties");
    map.add("Option").set("type", "QString").set("name", "type").set("value", "collection");
    return dd;
}

// A symbol layer as QGIS 3.22 writes it: the <Option> map (read by 3.22 and later) and the
// same properties as <prop> (read by older versions).
XmlElement symbol_layer(const std::string& cls, Props props) {
    std::sort(props.begin(), props.end());
    XmlElement layer("layer");
    layer.set("class", cls).set("enabled", "1").set("locked", "0").set("pass", "0");
    layer.add(option_map(props));
    for (const auto& [k, v] : props) layer.add("prop").set("k", k).set("v", v);
    layer.add(empty_data_defined("data_defined_properties"));
    return layer;
}

XmlElement symbol(const std::string& type, const std::string& name, std::vector<XmlElement> layers) {
    XmlElement s("symbol");
    s.set("type", type).set("name", name).set("alpha", "1").set("clip_to_extent", "1").set("force_rhr", "0");
    s.add(empty_data_defined("data_defined_properties"));
    for (auto& l : layers) s.add(std::move(l));
    return s;
}

XmlElement simple_fill(const std::string& style, const Rgb& fill, const std::string& outline_style, const Rgb& outline,
                       double outline_mm) {
    return symbol_layer("SimpleFill", {{"color", rgba(fill)},
                                       {"style", style},
                                       {"outline_color", rgba(outline)},
                                       {"outline_style", outline_style},
                                       {"outline_width", xml_number(outline_mm)},
                                       {"outline_width_unit", "MM"},
                                       {"joinstyle", "round"},
                                       {"offset", "0,0"},
                                       {"offset_unit", "MM"}});
}

XmlElement renderer(const std::string& type) {
    XmlElement r("renderer-v2");
    r.set("type", type).set("forceraster", "0").set("symbollevels", "0").set("enableorderby", "0").set("referencescale", "-1");
    return r;
}

XmlElement single_symbol_renderer(XmlElement sym) {
    XmlElement r = renderer("singleSymbol");
    r.add("symbols").add(std::move(sym));
    r.add("rotation");
    r.add("sizescale");
    return r;
}

std::string quote_field(const std::string& f) {
    std::string out = "\"";
    for (const char c : f) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string quote_string(const std::string& s) {
    std::string out = "'";
    for (const char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

// Numbers in QGIS expressions: plain decimal notation, no exponent, round-trips for the
// magnitudes of indicators.
std::string expr_number(double v) {
    std::string s = fmt::format("{}", v);
    if (s.find_first_of("eE") == std::string::npos) return s;
    s = fmt::format("{:.15f}", v);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

const Rgb grey_line{115, 115, 115};
const Rgb no_value_fill{217, 217, 217};
const Rgb hatch{82, 82, 82};
const Rgb white{255, 255, 255};
const Rgb black{0, 0, 0};

XmlElement graduated_renderer(const LayerSymbology& s) {
    const std::size_t n = s.breaks.size() + 1;
    if (s.field.empty()) throw std::invalid_argument("graduated style without a field");
    if (s.colours.size() != n || s.labels.size() != n) {
        throw std::invalid_argument(fmt::format("graduated style for '{}': {} breaks need {} colours and labels", s.field,
                                                s.breaks.size(), n));
    }
    if (!std::is_sorted(s.breaks.begin(), s.breaks.end())) {
        throw std::invalid_argument(fmt::format("graduated style for '{}': breaks are not ascending", s.field));
    }
    const std::string f = quote_field(s.field);
    XmlElement r = renderer("RuleRenderer");
    auto& root = r.add("rules");
    root.set("key", "{root}");
    XmlElement heading("rule");
    heading.set("key", "{" + s.field + "}").set("label", s.title.empty() ? s.field : s.title);
    XmlElement& parent = s.heading ? heading : root;
    XmlElement symbols("symbols");
    const Rgb outline{150, 150, 150};
    for (std::size_t k = 0; k < n; ++k) {
        std::string filter;
        if (n == 1) {
            filter = f + " IS NOT NULL";
        } else if (k == 0) {
            filter = f + " <= " + expr_number(s.breaks[0]);
        } else if (k + 1 == n) {
            filter = f + " > " + expr_number(s.breaks[k - 1]);
        } else {
            filter = f + " > " + expr_number(s.breaks[k - 1]) + " AND " + f + " <= " + expr_number(s.breaks[k]);
        }
        const std::string name = std::to_string(k);
        parent.add("rule").set("key", fmt::format("{{{}-{}}}", s.field, k + 1)).set("filter", filter).set("symbol", name).set("label", s.labels[k]);
        symbols.add(symbol("fill", name, {simple_fill("solid", s.colours[k], "solid", outline, 0.15)}));
    }
    if (!s.reason_field.empty()) {
        const std::string name = std::to_string(n);
        parent.add("rule")
            .set("key", "{" + s.field + "-undertryckt}")
            .set("filter", f + " IS NULL AND " + quote_field(s.reason_field) + " = " + quote_string(s.suppressed_reason))
            .set("symbol", name)
            .set("label", suppressed_label);
        symbols.add(symbol("fill", name, {simple_fill("solid", no_value_fill, "solid", outline, 0.15),
                                          simple_fill("b_diagonal", hatch, "no", hatch, 0)}));
    }
    const std::string name = std::to_string(n + (s.reason_field.empty() ? 0 : 1));
    parent.add("rule").set("key", "{" + s.field + "-saknas}").set("filter", "ELSE").set("symbol", name).set("label", missing_label);
    symbols.add(symbol("fill", name, {simple_fill("solid", no_value_fill, "solid", outline, 0.15)}));
    if (s.heading) root.add(std::move(heading));
    r.add(std::move(symbols));
    return r;
}

XmlElement categories_renderer(const LayerSymbology& s) {
    if (s.field.empty()) throw std::invalid_argument("categories style without a field");
    if (s.colours.size() != s.categories.size() || s.labels.size() != s.categories.size()) {
        throw std::invalid_argument(fmt::format("categories style for '{}': {} values need as many colours and labels",
                                                s.field, s.categories.size()));
    }
    const std::string f = quote_field(s.field);
    XmlElement r = renderer("RuleRenderer");
    auto& root = r.add("rules");
    root.set("key", "{root}");
    XmlElement heading("rule");
    heading.set("key", "{" + s.field + "}").set("label", s.title.empty() ? s.field : s.title);
    XmlElement& parent = s.heading ? heading : root;
    XmlElement symbols("symbols");
    const Rgb outline{150, 150, 150};
    for (std::size_t k = 0; k < s.categories.size(); ++k) {
        const std::string name = std::to_string(k);
        parent.add("rule")
            .set("key", fmt::format("{{{}-{}}}", s.field, k + 1))
            .set("filter", f + " = " + quote_string(s.categories[k]))
            .set("symbol", name)
            .set("label", s.labels[k]);
        symbols.add(symbol("fill", name, {simple_fill("solid", s.colours[k], "solid", outline, 0.15)}));
    }
    const std::string name = std::to_string(s.categories.size());
    parent.add("rule").set("key", "{" + s.field + "-saknas}").set("filter", "ELSE").set("symbol", name).set("label", missing_label);
    symbols.add(symbol("fill", name, {simple_fill("solid", no_value_fill, "solid", outline, 0.15)}));
    if (s.heading) root.add(std::move(heading));
    r.add(std::move(symbols));
    return r;
}

XmlElement point_labeling(const std::string& field) {
    XmlElement labeling("labeling");
    labeling.set("type", "simple");
    auto& settings = labeling.add("settings");
    settings.set("calloutType", "simple");
    auto& text = settings.add("text-style");
    text.set("fieldName", field).set("isExpression", "0").set("fontSize", "9").set("fontSizeUnit", "Point")
        .set("fontWeight", "63").set("textColor", "0,0,0,255").set("textOpacity", "1").set("namedStyle", "")
        .set("previewBkgrdColor", "255,255,255,255").set("legendString", "Aa");
    text.add("text-buffer").set("bufferDraw", "1").set("bufferSize", "1").set("bufferSizeUnits", "MM")
        .set("bufferColor", "255,255,255,255").set("bufferOpacity", "0.9").set("bufferNoFill", "1")
        .set("bufferJoinStyle", "128");
    settings.add("text-format").set("wrapChar", "").set("multilineAlign", "3");
    // 6 = ordered positions around the point (QgsPalLayerSettings::OrderedPositionsAroundPoint).
    settings.add("placement").set("placement", "6").set("dist", "1").set("distUnits", "MM")
        .set("predefinedPositionOrder", "TR,TL,BR,BL,R,L,TSR,BSR").set("priority", "8").set("offsetType", "0");
    settings.add("rendering").set("drawLabels", "1").set("obstacle", "1").set("obstacleFactor", "1")
        .set("displayAll", "0").set("zIndex", "1").set("upsidedownLabels", "0").set("scaleVisibility", "0");
    return labeling;
}

int geometry_type(SymbologyKind k) { return k == SymbologyKind::points_labelled ? 0 : 2; }

}  // namespace

std::vector<XmlElement> symbology_elements(const LayerSymbology& s) {
    std::vector<XmlElement> out;
    switch (s.kind) {
        case SymbologyKind::graduated:
            out.push_back(graduated_renderer(s));
            break;
        case SymbologyKind::categories:
            out.push_back(categories_renderer(s));
            break;
        case SymbologyKind::outline: {
            // A white halo under a strong dark line stays readable on every class colour.
            const Rgb line = s.colours.empty() ? black : s.colours[0];
            out.push_back(single_symbol_renderer(symbol("fill", "0", {simple_fill("no", white, "solid", white, 1.6),
                                                                     simple_fill("no", white, "solid", line, 0.8)})));
            break;
        }
        case SymbologyKind::shared: {
            // The same dashed purple edge as the report's maps; nothing drawn for whole DeSOs.
            if (s.field.empty()) throw std::invalid_argument("shared style without a share field");
            XmlElement r = renderer("RuleRenderer");
            auto& root = r.add("rules");
            root.set("key", "{root}");
            root.add("rule").set("key", "{delad}").set("filter", quote_field(s.field) + " < 1").set("symbol", "0")
                .set("label", s.title.empty() ? "DeSO delad med annan vårdcentral" : s.title);
            r.add("symbols").add(symbol("fill", "0", {simple_fill("no", white, "dash", Rgb{0x7A, 0x01, 0x77}, 0.6)}));
            out.push_back(std::move(r));
            break;
        }
        case SymbologyKind::borders: {
            const Rgb line = s.colours.empty() ? grey_line : s.colours[0];
            out.push_back(single_symbol_renderer(symbol("fill", "0", {simple_fill("no", white, "solid", line, 0.4)})));
            break;
        }
        case SymbologyKind::points_labelled: {
            const Rgb marker = s.colours.empty() ? Rgb{227, 26, 28} : s.colours[0];
            auto circle = [&marker](double size_mm, const Rgb& ring, double ring_mm) {
                return symbol_layer("SimpleMarker", {{"name", "circle"},
                                                     {"color", rgba(marker)},
                                                     {"outline_color", rgba(ring)},
                                                     {"outline_style", "solid"},
                                                     {"outline_width", xml_number(ring_mm)},
                                                     {"outline_width_unit", "MM"},
                                                     {"size", xml_number(size_mm)},
                                                     {"size_unit", "MM"},
                                                     {"angle", "0"},
                                                     {"scale_method", "diameter"},
                                                     {"offset", "0,0"},
                                                     {"offset_unit", "MM"},
                                                     {"horizontal_anchor_point", "1"},
                                                     {"vertical_anchor_point", "1"}});
            };
            if (s.highlight_filter.empty()) {
                out.push_back(single_symbol_renderer(symbol("marker", "0", {circle(3, white, 0.5)})));
            } else {
                XmlElement r = renderer("RuleRenderer");
                auto& root = r.add("rules");
                root.set("key", "{root}");
                root.add("rule").set("key", "{markerad}").set("filter", s.highlight_filter).set("symbol", "0").set("label", s.highlight_label);
                root.add("rule").set("key", "{ovriga}").set("filter", "ELSE").set("symbol", "1").set("label", s.others_label);
                auto& symbols = r.add("symbols");
                symbols.add(symbol("marker", "0", {circle(5, white, 1.2), circle(5, black, 0.5)}));
                symbols.add(symbol("marker", "1", {circle(3, white, 0.5)}));
                out.push_back(std::move(r));
            }
            if (s.field.empty()) throw std::invalid_argument("labelled points without a label field");
            out.push_back(point_labeling(s.field));
            break;
        }
    }
    out.push_back(XmlElement("blendMode").with_text("0"));
    out.push_back(XmlElement("featureBlendMode").with_text("0"));
    out.push_back(XmlElement("layerGeometryType").with_text(std::to_string(geometry_type(s.kind))));
    return out;
}

bool labels_enabled(const LayerSymbology& s) { return s.kind == SymbologyKind::points_labelled; }

std::string layer_qml(const LayerSymbology& s) {
    XmlElement root("qgis");
    root.set("version", "3.22.16-Białowieża").set("styleCategories", "Symbology|Labeling")
        .set("labelsEnabled", labels_enabled(s) ? "1" : "0");
    for (auto& e : symbology_elements(s)) root.add(std::move(e));
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + root.to_string();
}

std::string format_number_sv(double value, int decimals) {
    std::string digits = fmt::format("{:.{}f}", std::fabs(value), std::max(decimals, 0));
    const auto dot = digits.find('.');
    std::string whole = digits.substr(0, dot);
    const std::string frac = dot == std::string::npos ? "" : "," + digits.substr(dot + 1);
    // Swedish groups thousands from 10 000 (four-digit numbers stay together).
    if (whole.size() > 4) {
        std::string grouped;
        for (std::size_t i = 0; i < whole.size(); ++i) {
            if (i > 0 && (whole.size() - i) % 3 == 0) grouped += "\u00a0";
            grouped += whole[i];
        }
        whole = grouped;
    }
    const bool negative = value < 0 && digits.find_first_not_of("0.") != std::string::npos;
    return (negative ? "\u2212" : "") + whole + frac;
}

int legend_decimals(const std::vector<double>& breaks) {
    double largest = 0;
    for (const double b : breaks) largest = std::max(largest, std::fabs(b));
    int d = largest >= 100 ? 0 : largest >= 10 ? 1 : 2;
    for (; d < 4; ++d) {
        bool distinct = true;
        for (std::size_t i = 1; i < breaks.size(); ++i) {
            if (breaks[i] != breaks[i - 1] && format_number_sv(breaks[i], d) == format_number_sv(breaks[i - 1], d)) distinct = false;
        }
        if (distinct) break;
    }
    return d;
}

LayerSymbology indicator_symbology(const IndicatorStyleInput& in, const std::string& reason_field) {
    // ColorBrewer (Brewer, Penn State) 5-class sequential schemes, both marked colour-blind safe.
    static const std::vector<Rgb> ylgnbu = {{255, 255, 204}, {161, 218, 180}, {65, 182, 196}, {44, 127, 184}, {37, 52, 148}};
    static const std::vector<Rgb> ylorrd = {{255, 255, 178}, {254, 204, 92}, {253, 141, 60}, {240, 59, 32}, {189, 0, 38}};
    LayerSymbology s;
    s.kind = SymbologyKind::graduated;
    s.field = in.field;
    s.title = in.unit.empty() ? in.title : in.title + " (" + in.unit + ")";
    s.breaks.assign(in.cuts.begin(), in.cuts.end());
    s.reason_field = reason_field;
    switch (in.polarity) {
        case Polarity::neutral: s.colours = ylgnbu; break;
        case Polarity::low_is_good: s.colours = ylorrd; break;
        case Polarity::high_is_good: s.colours.assign(ylorrd.rbegin(), ylorrd.rend()); break;
    }
    const int d = legend_decimals(s.breaks);
    const auto& c = in.cuts;
    auto n = [d](double v) { return format_number_sv(v, d); };
    // "1,5–2,0", but "−1,5 till −0,5": a dash next to a minus sign reads badly.
    auto range = [&n](double a, double b) { return n(a) + (a < 0 || b < 0 ? " till " : "–") + n(b); };
    s.labels = {"Lägst 20 % (högst " + n(c[0]) + ")", "20–40 % (" + range(c[0], c[1]) + ")",
                "40–60 % (" + range(c[1], c[2]) + ")", "60–80 % (" + range(c[2], c[3]) + ")",
                "Högst 20 % (över " + n(c[3]) + ")"};
    return s;
}

std::optional<std::array<double, 4>> quintile_cuts(std::vector<double> values) {
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }), values.end());
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    std::array<double, 4> cuts{};
    for (std::size_t q = 0; q < 4; ++q) {
        const double h = static_cast<double>(values.size() - 1) * 0.2 * static_cast<double>(q + 1);
        const auto lo = static_cast<std::size_t>(std::floor(h));
        const std::size_t hi = std::min(lo + 1, values.size() - 1);
        cuts[q] = values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
    }
    return cuts;
}

LayerSymbology change_symbology(const IndicatorStyleInput& in) {
    LayerSymbology s;
    s.kind = SymbologyKind::categories;
    s.field = in.field + "_forandring";
    s.title = "Förändring: " + in.title;
    const Rgb middle = in.polarity == Polarity::neutral ? Rgb{247, 247, 247} : Rgb{255, 255, 191};
    if (in.polarity == Polarity::neutral) {
        s.categories = {"ökar", "ingen säker förändring", "minskar"};
        s.labels = {"Ökar", "Ingen säker förändring", "Minskar"};
        s.colours = {{94, 60, 153}, middle, {230, 97, 1}};
    } else {
        s.categories = {"förbättras", "ingen säker förändring", "försämras"};
        s.labels = {"Förbättras", "Ingen säker förändring", "Försämras"};
        s.colours = {{26, 150, 65}, middle, {215, 25, 28}};
    }
    s.categories.push_back("kan inte beräknas");
    s.labels.push_back("Kan inte beräknas");
    s.colours.push_back({150, 150, 150});
    return s;
}

}  // namespace omrade::profiles
