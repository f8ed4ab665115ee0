// Case 8, Sweden scale: the Kronoberg DeSO layer copied 10 × 5 times side by side (50 × 115 =
// 5 750 polygons; Sweden has about 6 000 DeSOs, and 50 × the 9 400 km² of Kronoberg's DeSOs,
// lakes included, is about Sweden's 450 000 km²) through find_overlaps and intersection_areas
// against a 1 km grid.
// Memory: VmHWM (peak resident set size) is reset before the case's data is built, so the
// counter `topp_MiB` is the case's own peak, input included.
#include "bench_support.hpp"

#include "geo/overlay.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

namespace omrade::bench {
namespace {

constexpr int copies_x = 10, copies_y = 5;

// Offsets: multiples of 1 km (the grid stays aligned) larger than the county's envelope
// (155 × 98 km), so the copies do not touch.
double offset(double extent) { return (std::ceil(extent / 1000.0) + 5.0) * 1000.0; }

struct ScaleLayer {
    std::vector<geo::MultiPolygon> areas;
    double dx = 0, dy = 0;
};

ScaleLayer scale_layer() {
    const auto& deso = deso_geometries();
    const geo::Box env = envelope(deso);
    ScaleLayer s;
    s.dx = offset(env.max_corner().x() - env.min_corner().x());
    s.dy = offset(env.max_corner().y() - env.min_corner().y());
    s.areas = replicate(deso, copies_x, copies_y, s.dx, s.dy);
    return s;
}

void publish_memory(benchmark::State& state, double baseline_kib) {
    const double peak = proc_status_kib("VmHWM");
    state.counters["topp_MiB"] = peak / 1024.0;
    state.counters["fore_MiB"] = baseline_kib / 1024.0;
}

void BM_ScaleFindOverlaps(benchmark::State& state) {
    if (!reset_peak_rss()) state.SkipWithError("kan inte nollställa VmHWM (/proc/self/clear_refs)");
    const double baseline = proc_status_kib("VmRSS");
    const ScaleLayer s = scale_layer();
    std::size_t overlaps = 0;
    for (auto _ : state) {
        auto found = geo::find_overlaps(s.areas, profiles::default_min_overlap_m2,
                                        profiles::default_min_overlap_share);
        overlaps = found.size();
        benchmark::DoNotOptimize(found);
    }
    state.counters["objekt"] = static_cast<double>(s.areas.size());
    state.counters["overlapp"] = static_cast<double>(overlaps);
    publish_memory(state, baseline);
}
BENCHMARK(BM_ScaleFindOverlaps)->Unit(benchmark::kSecond);

// The grid: the 1 km squares that meet Kronoberg's DeSOs (as a grid of populated squares would),
// copied with the same offsets as the areas.
void BM_ScaleIntersectionAreas(benchmark::State& state) {
    if (!reset_peak_rss()) state.SkipWithError("kan inte nollställa VmHWM (/proc/self/clear_refs)");
    const double baseline = proc_status_kib("VmRSS");
    const ScaleLayer s = scale_layer();
    std::vector<geo::MultiPolygon> grid;
    {
        const auto& deso = deso_geometries();
        const auto county_grid = square_grid(envelope(deso), 1000.0);
        std::vector<bool> used(county_grid.size(), false);
        for (const auto& p : geo::intersection_areas(deso, county_grid)) used[p.target] = true;
        std::vector<geo::MultiPolygon> cells;
        for (std::size_t i = 0; i < county_grid.size(); ++i) {
            if (used[i]) cells.push_back(county_grid[i]);
        }
        grid = replicate(cells, copies_x, copies_y, s.dx, s.dy);
    }
    double area_in = 0;
    for (const auto& g : s.areas) area_in += geo::area(g);
    std::vector<geo::Intersection> pairs;
    for (auto _ : state) {
        pairs = geo::intersection_areas(s.areas, grid);
        benchmark::DoNotOptimize(pairs);
    }
    double covered = 0;
    for (const auto& p : pairs) covered += p.area;
    state.counters["objekt"] = static_cast<double>(s.areas.size());
    state.counters["rutor"] = static_cast<double>(grid.size());
    state.counters["par"] = static_cast<double>(pairs.size());
    state.counters["tackning"] = covered / area_in;
    publish_memory(state, baseline);
}
BENCHMARK(BM_ScaleIntersectionAreas)->Unit(benchmark::kSecond);

}  // namespace
}  // namespace omrade::bench

BENCHMARK_MAIN();
