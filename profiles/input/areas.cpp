#include "profiles/input/areas.hpp"

#include "geo/error.hpp"

#include <cctype>

namespace omrade::profiles {

std::optional<std::size_t> AreaSet::find(std::string_view code) const {
    const auto it = m_index.find(std::string(code));
    if (it == m_index.end()) return std::nullopt;
    return it->second;
}

void AreaSet::index() {
    m_index.clear();
    for (std::size_t i = 0; i < areas.size(); ++i) m_index.emplace(areas[i].code, i);
}

bool is_deso_code(std::string_view c) {
    if (c.size() != 9) return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 7, 8}) {
        if (!std::isdigit(static_cast<unsigned char>(c[i]))) return false;
    }
    return c[4] == 'A' || c[4] == 'B' || c[4] == 'C';
}

std::string normalize_area_code(std::string_view raw, std::string_view version, const Where& where) {
    std::size_t b = 0, e = raw.size();
    while (b < e && std::isspace(static_cast<unsigned char>(raw[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(raw[e - 1]))) --e;
    std::string code(raw.substr(b, e - b));
    const auto us = code.find("_DeSO");
    if (us != std::string::npos) {
        const std::string suffix_version = code.substr(us + 1);
        if (!version.empty() && suffix_version != version) {
            throw DataError(where,
                            "koden '" + code + "' hör till indelningen " + suffix_version +
                                " men områdena är " + std::string(version),
                            "DeSO 2018 och 2025 blandas aldrig; flytta statistiken med "
                            "'omrade interpolate' eller använd rätt områdesfil");
        }
        code.erase(us);
    }
    return code;
}

AreaSet make_area_set(const geo::Layer& layer, const std::string& code_field,
                      const std::string& version) {
    AreaSet set;
    set.version = version;
    set.source = layer.source;
    if (layer.features.empty()) {
        throw DataError({layer.source, 0, {}, {}}, "områdeslagret har inga objekt",
                        "kontrollera källan och lagernamnet (|layername=...)");
    }
    const std::size_t code_col = layer.require_field(code_field);
    const bool deso = version.rfind("DeSO", 0) == 0;
    std::unordered_map<std::string, std::int64_t> seen;
    for (const auto& f : layer.features) {
        const Where where{layer.source, 0, "fid " + std::to_string(f.fid), code_field};
        const std::string code = normalize_area_code(geo::to_text(f.values[code_col]), version, where);
        if (code.empty()) throw DataError(where, "områdeskoden saknas");
        if (deso && !is_deso_code(code)) {
            throw DataError(where, "'" + code + "' är ingen DeSO-kod",
                            "en DeSO-kod har 9 tecken: 4 siffror kommunkod, A/B/C, 4 siffror");
        }
        // From here on the message names the code the user searches for, and the feature id.
        const Where at{layer.source, 0, code + " (fid " + std::to_string(f.fid) + ")", code_field};
        if (auto [it, inserted] = seen.emplace(code, f.fid); !inserted) {
            throw DataError(at, "DeSO-koden '" + code + "' förekommer två gånger (även fid " +
                                       std::to_string(it->second) + ")",
                            "varje område får finnas en gång i områdeslagret");
        }
        const auto* mp = std::get_if<geo::MultiPolygon>(&f.geometry);
        if (!mp || mp->empty()) {
            throw DataError({layer.source, 0, at.feature, "geometri"},
                            std::holds_alternative<std::monostate>(f.geometry) ? "området saknar geometri (NULL eller tom)"
                                                                               : "området är en punkt, inte en polygon",
                            "rita om området eller ta bort det ur områdeslagret");
        }
        Area a;
        a.code = code;
        a.kommun = deso ? code.substr(0, 4) : std::string();
        a.lan = deso ? code.substr(0, 2) : std::string();
        a.geometry = *mp;
        a.area_m2 = geo::area(*mp);
        a.fid = f.fid;
        set.areas.push_back(std::move(a));
    }
    set.index();
    return set;
}

}  // namespace omrade::profiles
