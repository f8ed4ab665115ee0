#include "profiles/input/jsonstat.hpp"

#include "geo/error.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <fstream>
#include <sstream>

namespace omrade::profiles {

namespace {

using nlohmann::json;

struct Dimension {
    std::string id;
    std::vector<std::string> codes;  // by position
};

[[noreturn]] void fail(const std::string& file, const std::string& field, const std::string& problem) {
    throw DataError({file, 0, {}, field}, problem,
                    "filen ska vara ett JSON-stat 2.0-dataset, t.ex. ett svar från SCB:s API med format json-stat2");
}

constexpr std::size_t max_cells = 20'000'000;

std::vector<std::string> category_codes(const json& dim, const std::string& id, std::size_t size,
                                        const std::string& file) {
    const json* category = dim.contains("category") ? &dim["category"] : nullptr;
    if (!category) fail(file, id, "dimensionen saknar category");
    if (category->contains("index")) {
        const json& index = (*category)["index"];
        // size is the number of categories: checked before anything of that size is allocated.
        if (index.size() != size) {
            fail(file, id, fmt::format("category.index har {} kategorier men size anger {}", index.size(), size));
        }
        std::vector<std::string> codes(size);
        if (index.is_array()) {
            for (std::size_t i = 0; i < size; ++i) codes[i] = index[i].get<std::string>();
            return codes;
        }
        for (const auto& [code, pos] : index.items()) {
            if (!pos.is_number_unsigned() || pos.get<std::size_t>() >= size || !codes[pos.get<std::size_t>()].empty()) {
                fail(file, id, "category.index har en ogiltig position för '" + code + "'");
            }
            codes[pos.get<std::size_t>()] = code;
        }
        return codes;
    }
    // Without an index the dimension has a single category, named by its label.
    if (size == 1 && category->contains("label") && (*category)["label"].size() == 1) {
        return {(*category)["label"].begin().key()};
    }
    fail(file, id, "category.index saknas");
}

std::string sex_name(const std::string& code) {
    if (code == "1") return "man";
    if (code == "2") return "kvinnor";
    if (code == "1+2" || code == "tot" || code == "totalt") return "totalt";
    return code;
}

std::string age_name(const std::string& code) {
    if (code == "tot" || code == "totalt" || code == "tot1") return "totalt";
    return code;
}

bool has_role(const json& doc, const char* role, const std::string& id) {
    if (!doc.contains("role") || !doc["role"].contains(role)) return false;
    for (const auto& r : doc["role"][role]) {
        if (r.is_string() && r.get<std::string>() == id) return true;
    }
    return false;
}

std::string status_at(const json& doc, std::size_t i) {
    if (!doc.contains("status")) return {};
    const json& s = doc["status"];
    if (s.is_string()) return s.get<std::string>();
    if (s.is_array()) return i < s.size() && s[i].is_string() ? s[i].get<std::string>() : std::string();
    if (s.is_object()) {
        const auto it = s.find(std::to_string(i));
        if (it != s.end() && it->is_string()) return it->get<std::string>();
    }
    return {};
}

}  // namespace

TextTable jsonstat_to_table(std::string_view json_text, const std::string& file, const std::string& code_field) {
    json doc;
    try {
        doc = json::parse(json_text);
    } catch (const json::exception& e) {
        // parse_error, and out_of_range for a number beyond a double (406, e.g. 777E17771).
        throw DataError({file, 0, {}, {}}, std::string("ogiltig JSON (") + e.what() + ")",
                        "kontrollera att filen är ett helt API-svar i JSON-stat2");
    }
    if (!doc.is_object() || !doc.contains("id") || !doc.contains("size") || !doc.contains("dimension") ||
        !doc.contains("value")) {
        fail(file, {}, "JSON-stat-datasetet saknar id, size, dimension eller value");
    }
    try {
        const json& ids = doc["id"];
        const json& sizes = doc["size"];
        if (!ids.is_array() || !sizes.is_array() || ids.size() != sizes.size()) fail(file, "size", "id och size har olika längd");
        std::vector<Dimension> dims;
        std::size_t total = 1;
        for (std::size_t d = 0; d < ids.size(); ++d) {
            const std::string id = ids[d].get<std::string>();
            const auto size = sizes[d].get<std::size_t>();
            if (!doc["dimension"].contains(id)) fail(file, id, "dimensionen beskrivs inte under 'dimension'");
            dims.push_back({id, category_codes(doc["dimension"][id], id, size, file)});
            // One row per cell, also for a sparse value object: the cell count is bounded (SCB's
            // API gives at most 150 000 cells per response) and cannot overflow.
            if (size != 0 && total > max_cells / size) {
                throw DataError({file, 0, {}, "size"}, fmt::format("datasetet har fler än {} celler", max_cells),
                                "hämta färre regioner, år eller indikatorer per fil från API:t");
            }
            total *= size;
        }
        auto find_dim = [&](const char* name, const char* role) -> std::optional<std::size_t> {
            for (std::size_t d = 0; d < dims.size(); ++d) {
                if (dims[d].id == name || has_role(doc, role, dims[d].id)) return d;
            }
            return std::nullopt;
        };
        const auto region = find_dim("Region", "geo");
        const auto contents = find_dim("ContentsCode", "metric");
        const auto time = find_dim("Tid", "time");
        const auto sex = find_dim("Kon", "");
        const auto age = find_dim("Alder", "");
        if (!region) fail(file, "Region", "datasetet har ingen regiondimension (Region)");

        const json& values = doc["value"];
        if (values.is_array() && values.size() != total) {
            fail(file, "value", "value har " + std::to_string(values.size()) + " värden men size ger " + std::to_string(total));
        }

        TextTable t;
        t.file = file;
        t.encoding = "JSON-stat2";
        t.header = {code_field, "indikator"};
        if (time) t.header.push_back("ar");
        t.header.insert(t.header.end(), {"kon", "aldersgrupp", "varde"});

        std::vector<std::size_t> pos(dims.size(), 0);
        for (std::size_t i = 0; i < total; ++i) {
            // Row-major order: the last dimension varies fastest.
            std::size_t rest = i;
            for (std::size_t d = dims.size(); d-- > 0;) {
                pos[d] = rest % dims[d].codes.size();
                rest /= dims[d].codes.size();
            }
            std::string indicator = contents ? dims[*contents].codes[pos[*contents]] : std::string("varde");
            for (std::size_t d = 0; d < dims.size(); ++d) {
                const bool known = (region && d == *region) || (contents && d == *contents) || (time && d == *time) ||
                                   (sex && d == *sex) || (age && d == *age);
                if (!known && dims[d].codes.size() > 1) indicator += "_" + dims[d].codes[pos[d]];
            }
            TextTable::Row row;
            row.line = static_cast<long>(i) + 1;
            row.cells.push_back(dims[*region].codes[pos[*region]]);
            row.cells.push_back(indicator);
            if (time) {
                const std::string& year = dims[*time].codes[pos[*time]];
                const bool is_year = year.size() == 4 && std::all_of(year.begin(), year.end(), [](unsigned char c) {
                                         return std::isdigit(c) != 0;
                                     });
                if (!is_year) {
                    throw DataError({file, 0, dims[*time].id + "=" + year, dims[*time].id},
                                    "tidskoden '" + year + "' är inte ett år",
                                    "hämta årsvärden (t.ex. 2024) från API:t");
                }
                row.cells.push_back(year);
            }
            row.cells.push_back(sex ? sex_name(dims[*sex].codes[pos[*sex]]) : "totalt");
            row.cells.push_back(age ? age_name(dims[*age].codes[pos[*age]]) : "totalt");
            const json* v = nullptr;
            if (values.is_array()) {
                v = &values[i];
            } else if (values.is_object()) {
                const auto it = values.find(std::to_string(i));
                if (it != values.end()) v = &*it;
            }
            if (v && !v->is_number() && !v->is_null()) {
                // JSON-stat2 values are numbers or null (not published); anything else is a broken file.
                throw DataError({file, 0, dims[*region].codes[pos[*region]], "value[" + std::to_string(i) + "]"},
                                "värdet " + v->dump() + " är inget tal",
                                "JSON-stat2 har tal eller null i value; hämta datasetet på nytt från API:t");
            }
            if (v && v->is_number()) row.cells.push_back(fmt::format("{}", v->get<double>()));
            else row.cells.push_back(status_at(doc, i) == "-" ? "-" : "..");
            t.rows.push_back(std::move(row));
        }
        return t;
    } catch (const json::exception& e) {
        fail(file, {}, std::string("JSON-stat-datasetet har fel struktur (") + e.what() + ")");
    }
}

TextTable read_jsonstat(const std::string& path, const std::string& code_field) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError({path, 0, {}, {}}, "filen finns inte eller kan inte läsas", "kontrollera sökvägen");
    std::ostringstream s;
    s << in.rdbuf();
    return jsonstat_to_table(s.str(), path, code_field);
}

}  // namespace omrade::profiles
