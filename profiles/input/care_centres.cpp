#include "profiles/input/care_centres.hpp"

#include "geo/error.hpp"
#include "geo/reader.hpp"
#include "geo/transform.hpp"
#include "profiles/input/table.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace omrade::profiles {

std::optional<std::size_t> CareCentreRegister::find(const std::string& name) const {
    for (std::size_t i = 0; i < centres.size(); ++i) {
        if (centres[i].name == name) return i;
    }
    return std::nullopt;
}

std::string care_centre_key(std::string_view name) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        if (c == 0xC3 && i + 1 < name.size()) {
            auto d = static_cast<unsigned char>(name[i + 1]);
            if (d >= 0x80 && d <= 0x9E && d != 0x97) d = static_cast<unsigned char>(d + 0x20);
            out += static_cast<char>(c);
            out += static_cast<char>(d);
            ++i;
            continue;
        }
        out += static_cast<char>(std::tolower(c));
    }
    for (const char* prefix : {"vårdcentralen ", "vardcentralen ", "vårdcentral ", "vardcentral "}) {
        const std::string p = prefix;
        if (out.size() > p.size() && out.compare(0, p.size(), p) == 0) return out.substr(p.size());
    }
    return out;
}

std::size_t match_care_centre(const CareCentreRegister& centres, const std::string& name, const Where& where) {
    if (const auto vc = centres.find(name)) return *vc;
    const std::string key = care_centre_key(name);
    for (std::size_t i = 0; i < centres.centres.size(); ++i) {
        if (key.empty() || care_centre_key(centres.centres[i].name) != key) continue;
        auto& log = centres.loose_matches;
        auto it = std::find_if(log.begin(), log.end(), [&](const LooseMatch& m) { return m.written == name && m.file == where.file; });
        if (it == log.end()) log.push_back({name, centres.centres[i].name, where.file, where.line, 1});
        else ++it->count;
        return i;
    }
    std::vector<std::string> names;
    for (const auto& c : centres.centres) names.push_back(c.name);
    // Near misses are looked for without the "Vårdcentralen" prefix on either side.
    std::vector<std::string> keys;
    for (const auto& n : names) keys.push_back(care_centre_key(n));
    std::string near;
    if (const auto k = closest_name(key, keys)) near = names[static_cast<std::size_t>(std::find(keys.begin(), keys.end(), *k) - keys.begin())];
    throw DataError(where, "vårdcentralen '" + name + "' finns inte i vårdcentralsregistret",
                    (near.empty() ? std::string() : "menade du '" + near + "'? ") + "stava namnet som i registret (" +
                        centres.source + ")");
}

std::optional<std::size_t> listing_column(const TextTable& t) {
    if (auto c = t.column("listade")) return c;
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < t.header.size(); ++i) {
        if (column_key(t.header[i]).rfind("listade", 0) == 0) {
            if (found) {
                throw DataError({t.file, 1, {}, t.header[i]}, "flera kolumner med listade patienter",
                                "behåll en kolumn 'listade' eller en enda 'listade_*'");
            }
            found = i;
        }
    }
    return found;
}

CareCentreRegister read_care_centres(const std::string& source, const FieldMap& fields, Problems& problems) {
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
    table.map_fields(fields, {"vardcentral", "kommunkod", "lat", "lon", "x_sweref99tm", "y_sweref99tm", "lage", "driftform",
                              "listade"});
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

    std::map<std::string, std::pair<std::string, long>> seen;  // care_centre_key → name, line
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        problems.attempt([&] {
        CareCentre c;
        c.line = row.line;
        c.name = row.cells[name_col];
        if (c.name.empty()) throw DataError({table.file, row.line, {}, table.header[name_col]}, "namnet saknas");
        if (auto [it, fresh] = seen.emplace(care_centre_key(c.name), std::make_pair(c.name, row.line)); !fresh) {
            throw DataError({table.file, row.line, c.name, table.header[name_col]},
                            it->second.first == c.name
                                ? "vårdcentralen '" + c.name + "' förekommer två gånger (även rad " + std::to_string(it->second.second) + ")"
                                : "vårdcentralen '" + c.name + "' kan inte skiljas från '" + it->second.first + "' på rad " +
                                      std::to_string(it->second.second),
                            "varje vårdcentral får finnas på en rad; namn jämförs utan skillnad på stora och små bokstäver och "
                            "utan ett inledande 'Vårdcentralen'");
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
        });
    }
    return reg;
}

}  // namespace omrade::profiles
