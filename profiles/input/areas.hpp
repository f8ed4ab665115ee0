// The DeSO area set: codes validated against the division version, kommun taken from the code,
// geometry in EPSG:3006.
#pragma once

#include "geo/error.hpp"
#include "geo/layer.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace omrade::profiles {

struct Area {
    std::string code;     // e.g. "0780C1010"
    std::string kommun;   // 4-digit kommun code, the first four characters of a DeSO code
    std::string lan;      // 2-digit län code
    geo::MultiPolygon geometry;  // EPSG:3006
    double area_m2 = 0;
    std::int64_t fid = -1;  // feature id in the source, for messages
};

class AreaSet {
public:
    std::string version;  // "DeSO2025", "DeSO2018", or "" for other area kinds
    std::string source;   // where it was read from
    std::vector<Area> areas;

    std::optional<std::size_t> find(std::string_view code) const;
    std::size_t size() const { return areas.size(); }
    // Rebuilds the code index; call after changing `areas`.
    void index();

private:
    std::unordered_map<std::string, std::size_t> m_index;
};

// True for a DeSO code "KKKKLNNNN": 4 digits, A/B/C, 4 digits.
bool is_deso_code(std::string_view code);

// Strips SCB's "_DeSO2025"/"_DeSO2018" suffix and surrounding spaces. If a suffix names a
// version other than `version` (when both are known), throws DataError at `where`: 2018 and
// 2025 codes are never mixed silently.
std::string normalize_area_code(std::string_view raw, std::string_view version, const Where& where);

// Builds the area set from a polygon layer (already in EPSG:3006). Throws DataError naming the
// feature and field for: a missing code field, an empty or malformed code (when version starts
// with "DeSO"), a duplicate code, a feature without polygon geometry.
AreaSet make_area_set(const geo::Layer& layer, const std::string& code_field,
                      const std::string& version);

}  // namespace omrade::profiles
