// geo/ on the real DeSO 2025 layer of Kronoberg (115 polygons): reading, validity, overlaps,
// overlay with square grids, dissolve.
#include "bench_support.hpp"

#include "geo/overlay.hpp"
#include "geo/reader.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace omrade::bench {
namespace {

std::size_t vertex_count(const std::vector<geo::MultiPolygon>& geoms) {
    std::size_t n = 0;
    for (const auto& g : geoms) n += geo::bg::num_points(g);
    return n;
}

// Case 1: the GeoPackage is in EPSG:3006; reading it into EPSG:4326 reprojects every vertex
// (the path of a user layer in WGS84 into EPSG:3006 costs the same), into EPSG:3006 not at all.
void BM_ReadDeso(benchmark::State& state, const std::string& crs) {
    geo::ReadOptions options;
    options.target_crs = crs;
    std::size_t features = 0;
    for (auto _ : state) {
        geo::Layer layer = geo::read_layer({deso_dataset(), "deso"}, options);
        features = layer.features.size();
        benchmark::DoNotOptimize(layer);
    }
    state.counters["objekt"] = static_cast<double>(features);
    state.counters["hornpunkter"] = static_cast<double>(vertex_count(deso_geometries()));
}
BENCHMARK_CAPTURE(BM_ReadDeso, EPSG3006_ingen_omprojicering, std::string("EPSG:3006"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ReadDeso, EPSG4326_omprojicering, std::string("EPSG:4326"))
    ->Unit(benchmark::kMillisecond);

// Case 2: the geometry checks that `check` and `build` run on the area layer.
void BM_FindInvalid(benchmark::State& state) {
    const auto& geoms = deso_geometries();
    std::size_t invalid = 0;
    for (auto _ : state) {
        auto problems = geo::find_invalid(geoms);
        invalid = problems.size();
        benchmark::DoNotOptimize(problems);
    }
    state.counters["objekt"] = static_cast<double>(geoms.size());
    state.counters["ogiltiga"] = static_cast<double>(invalid);
}
BENCHMARK(BM_FindInvalid)->Unit(benchmark::kMillisecond);

void BM_FindOverlaps(benchmark::State& state) {
    const auto& geoms = deso_geometries();
    std::size_t overlaps = 0;
    for (auto _ : state) {
        auto found = geo::find_overlaps(geoms, profiles::default_min_overlap_m2,
                                        profiles::default_min_overlap_share);
        overlaps = found.size();
        benchmark::DoNotOptimize(found);
    }
    state.counters["objekt"] = static_cast<double>(geoms.size());
    state.counters["overlapp"] = static_cast<double>(overlaps);
}
BENCHMARK(BM_FindOverlaps)->Unit(benchmark::kMillisecond);

// Case 3: DeSO × a square grid over the county's envelope (the grid is built outside the
// timing). "tackning" = Σ intersection areas / Σ DeSO areas, 1 when the grid covers every DeSO
// (slightly above where neighbouring DeSOs overlap).
void BM_IntersectionAreasGrid(benchmark::State& state) {
    const auto& geoms = deso_geometries();
    const double cell = static_cast<double>(state.range(0));
    const auto grid = square_grid(envelope(geoms), cell);
    double deso_area = 0;
    for (const auto& g : geoms) deso_area += geo::area(g);
    std::vector<geo::Intersection> pairs;
    for (auto _ : state) {
        pairs = geo::intersection_areas(geoms, grid);
        benchmark::DoNotOptimize(pairs);
    }
    double covered = 0;
    for (const auto& p : pairs) covered += p.area;
    state.counters["rutor"] = static_cast<double>(grid.size());
    state.counters["par"] = static_cast<double>(pairs.size());
    state.counters["tackning"] = covered / deso_area;
}
BENCHMARK(BM_IntersectionAreasGrid)->ArgName("ruta_m")->Arg(1000)->Arg(250)->Unit(benchmark::kMillisecond);

// Case 4: outlines as `build` draws them (range = gap closing in metres, 5 = outline_close_gaps_m;
// 0 = plain union). Växjö (0780) is the kommun with the most DeSOs.
void dissolve_case(benchmark::State& state, const std::string& kommun) {
    const auto& layer = deso_layer();
    const auto code = layer.require_field("desokod");
    std::vector<const geo::MultiPolygon*> parts;
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        if (kommun.empty() || geo::to_text(layer.features[i].values[code]).rfind(kommun, 0) == 0) {
            parts.push_back(&deso_geometries()[i]);
        }
    }
    const double close_gaps = static_cast<double>(state.range(0));
    geo::MultiPolygon outline;
    for (auto _ : state) {
        outline = geo::dissolve(parts, close_gaps);
        benchmark::DoNotOptimize(outline);
    }
    state.counters["deso"] = static_cast<double>(parts.size());
    state.counters["polygoner"] = static_cast<double>(outline.size());
    state.counters["yta_km2"] = geo::area(outline) / 1e6;
}
void BM_DissolveKommun(benchmark::State& state) { dissolve_case(state, "0780"); }
void BM_DissolveLan(benchmark::State& state) { dissolve_case(state, ""); }
BENCHMARK(BM_DissolveKommun)->ArgName("slut_m")->Arg(0)->Arg(5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DissolveLan)->ArgName("slut_m")->Arg(0)->Arg(5)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace omrade::bench
