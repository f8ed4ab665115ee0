#include "profiles/input/care_centres.hpp"

#include "geo/error.hpp"
#include "geo/reader.hpp"
#include "geo/transform.hpp"
#include "profiles/input/table.hpp"

#include <cmath>
#include <set>

namespace omrade::profiles {

std::optional<std::size_t> CareCentreRegister::find(const std::string& name) const {
    for (std::size_t i = 0; i < centres.size(); ++i) {
        if (centres[i].name == name) return i;
    }
    return std::nullopt;
}

std::size_t match_care_centre(const CareCentreRegister& centres, const std::string& name, const Where& where) {
    if (const auto vc = centres.find(name)) return *vc;
    throw DataError(where, "vårdcentralen '" + name + "' finns inte i vårdcentralsregistret",
                    "stava namnet som i registret (" + centres.source + ")");
}

namespace {


}  // namespace

std::optional<std::size_t> listing_column(const TextTable& t) {
    if (auto c = t.column("listade")) return c;
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < t.header.size(); ++i) {
        if (t.header[i].rfind("listade_", 0) == 0) {
            if (found) {
                throw DataError({t.file, 1, {}, t.header[i]}, "flera kolumner med listade patienter",
                                "behåll en kolumn 'listade' eller en enda 'listade_*'");
            }
            found = i;
        }
    }
    return found;
}

CareCentreRegister read_care_centres(const std::string& source) {
    // Points from any OGR source come as a table of attributes plus geometry; CSV registers carry
    // coordinates in columns. Both end up in one TextTable-like pass below.
    const geo::SourceName name = geo::parse_source(source);
    const bool is_csv = name.layer.empty() && name.dataset.size() > 4 &&
                        name.dataset.substr(name.dataset.size() - 4) == ".csv";
    TextTable table;
    std::vector<std::optional<geo::Point>> ogr_points;
    if (is_csv) {
        table = read_table(source);
    } else {
        geo::Layer layer = geo::read_layer(name, {});
        table.file = layer.source;
        for (const auto& f : layer.fields) table.header.push_back(f.name);
        long line = 0;
        for (const auto& f : layer.features) {
            TextTable::Row row{++line, {}};
            for (const auto& v : f.values) row.cells.push_back(geo::to_text(v));
            table.rows.push_back(std::move(row));
            const auto* p = std::get_if<geo::Point>(&f.geometry);
            ogr_points.push_back(p ? std::optional(*p) : std::nullopt);
        }
    }

    CareCentreRegister reg;
    reg.source = source;
    const std::size_t name_col = table.require_column("vardcentral");
    const auto kommun_col = table.column("kommunkod");
    const auto lage_col = table.column("lage");
    const auto drift_col = table.column("driftform");
    const auto list_col = listing_column(table);
    std::optional<std::size_t> x_col, y_col;
    std::string crs;
    if (is_csv) {
        if (table.column("lon") && table.column("lat")) {
            x_col = table.column("lon");
            y_col = table.column("lat");
            crs = "EPSG:4326";
        } else if (table.column("x_sweref99tm") && table.column("y_sweref99tm")) {
            x_col = table.column("x_sweref99tm");
            y_col = table.column("y_sweref99tm");
            crs = "EPSG:3006";
        } else {
            throw DataError({table.file, 1, {}, "lat/lon"}, "registret saknar koordinatkolumner",
                            "ange lat och lon (WGS84) eller x_sweref99tm och y_sweref99tm");
        }
    }
    std::unique_ptr<geo::Transformer> to_sweref;
    if (crs == "EPSG:4326") to_sweref = std::make_unique<geo::Transformer>("EPSG:4326", "EPSG:3006");

    std::set<std::string> seen;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        CareCentre c;
        c.line = row.line;
        c.name = row.cells[name_col];
        if (c.name.empty()) throw DataError({table.file, row.line, {}, "vardcentral"}, "namnet saknas");
        if (!seen.insert(c.name).second) {
            throw DataError({table.file, row.line, c.name, "vardcentral"},
                            "vårdcentralen '" + c.name + "' förekommer två gånger",
                            "varje vårdcentral får finnas på en rad");
        }
        if (kommun_col) c.kommun = row.cells[*kommun_col];
        if (lage_col) c.position_quality = row.cells[*lage_col];
        if (drift_col) c.operator_kind = row.cells[*drift_col];
        if (list_col) c.listed = number_at(table, row, *list_col, true);
        if (is_csv) {
            const auto x = number_at(table, row, *x_col, true);
            const auto y = number_at(table, row, *y_col, true);
            if (x && y) {
                if (to_sweref && (std::abs(*y) > 90 || std::abs(*x) > 180)) {
                    throw DataError({table.file, row.line, c.name, std::abs(*y) > 90 ? "lat" : "lon"},
                                    "lat " + row.cells[*y_col] + ", lon " + row.cells[*x_col] + " är inget läge på jorden",
                                    "lat ska ligga mellan -90 och 90 och lon mellan -180 och 180 (grader WGS84)");
                }
                geo::Point p(*x, *y);
                if (to_sweref) c.lonlat = p;
                c.position = to_sweref ? to_sweref->apply(p) : p;
            } else if (x || y) {
                throw DataError({table.file, row.line, c.name, x ? table.header[*y_col] : table.header[*x_col]},
                                "bara en av koordinaterna finns", "ange båda eller ingen");
            }
        } else {
            c.position = ogr_points[r];
        }
        if (!c.position && c.position_quality.empty()) c.position_quality = "okand";
        reg.centres.push_back(std::move(c));
    }
    return reg;
}

}  // namespace omrade::profiles
