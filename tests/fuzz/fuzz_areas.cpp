// Geometry ingestion of the areas: the bytes as a GeoJSON or GeoPackage file read through
// geo::read_layer (reprojection to EPSG:3006, geometry conversion), the DeSO area set
// (make_area_set) and the geometry checks load_inputs makes (invalid polygons repaired with
// MakeValid, overlaps).
#include "fuzz_support.hpp"
#include "vsimem_input.hpp"

#include "geo/error.hpp"
#include "geo/overlay.hpp"
#include "geo/reader.hpp"
#include "profiles/input/areas.hpp"

using namespace omrade;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fuzz::VsimemInput input("fuzz_areas", data, size);
    try {
        const geo::Layer layer = geo::read_layer(geo::parse_source(input.path()));
        const profiles::AreaSet areas = profiles::make_area_set(layer, "desokod", "DeSO2025");
        std::vector<geo::MultiPolygon> geoms;
        for (const auto& a : areas.areas) geoms.push_back(a.geometry);
        for (const auto& p : geo::find_invalid(geoms)) geoms[p.index] = geo::make_valid(geoms[p.index]);
        geo::find_overlaps(geoms, 1.0, 0.001);
    } catch (const DataError&) {
    }
    return 0;
}
