// profiles/ on the demo configuration (shapefiles/kronoberg/omrade.toml): reading every input,
// computing the indicator catalogue, disclosure control.
#include "bench_support.hpp"

#include "profiles/catchments/catchments.hpp"
#include "profiles/disclosure/disclosure.hpp"
#include "profiles/engine/profile.hpp"
#include "profiles/stats/methods.hpp"
#include "profiles/stats/sii.hpp"

#include <benchmark/benchmark.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace omrade::bench {
namespace {

// Case 5: stage 1 of `build` (areas with geometry checks and repair, kommuner, population,
// statistics, register, catchments).
void BM_LoadInputs(benchmark::State& state) {
    const auto& config = demo_config();
    std::size_t areas = 0, rows = 0;
    for (auto _ : state) {
        profiles::Inputs in = profiles::load_inputs(config, true);
        areas = in.areas.size();
        rows = in.statistics.rows.size();
        benchmark::DoNotOptimize(in);
    }
    state.counters["deso"] = static_cast<double>(areas);
    state.counters["statistikrader"] = static_cast<double>(rows);
}
BENCHMARK(BM_LoadInputs)->Unit(benchmark::kMillisecond);

// Case 6: the whole indicator engine (inputs read outside the timing).
void BM_ComputeProfiles(benchmark::State& state) {
    const auto& in = demo_inputs();
    const auto& catalogue = demo_catalogue();
    std::size_t indicators = 0, areas = 0, suppressed = 0;
    for (auto _ : state) {
        profiles::ProfileSet set = profiles::compute_profiles(in, catalogue);
        indicators = set.indicators.size();
        areas = set.areas.size();
        suppressed = 0;
        for (const auto& ip : set.indicators) suppressed += ip.suppression.primary + ip.suppression.secondary;
        benchmark::DoNotOptimize(set);
    }
    state.counters["indikatorer"] = static_cast<double>(indicators);
    state.counters["omraden"] = static_cast<double>(areas);
    state.counters["undertryckta_celler"] = static_cast<double>(suppressed);
}
BENCHMARK(BM_ComputeProfiles)->Unit(benchmark::kMillisecond);

// phe_sii with PHE's 100 000 repetitions for deciles (range(0): 0 rate, 1 proportion): the
// build's largest cost (one call per area, indicator with SII and series year; issue 13).
void BM_PheSii(benchmark::State& state) {
    const bool proportion = state.range(0) == 1;
    std::vector<profiles::SiiQuantile> rows;
    for (int q = 0; q < 10; ++q) {
        const double n = 1000 + 150 * q, x = proportion ? 0.30 * n - 12 * q : 40 + 3 * q;
        const auto e = proportion ? profiles::proportion(x, n, 0.95, 1.0) : profiles::rate(x, n, 0.95, 100000);
        rows.push_back({n, *e.value, *e.lower, *e.upper});
    }
    profiles::SiiOptions o;
    o.type = proportion ? profiles::SiiValueType::proportion : profiles::SiiValueType::rate;
    double upper = 0;
    for (auto _ : state) {
        const auto r = profiles::phe_sii(rows, o);
        upper = *r.sii95.upper;
        benchmark::DoNotOptimize(r);
    }
    state.counters["sii95_ovre"] = upper;
}
BENCHMARK(BM_PheSii)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Case 7 input: one DeSO cell per area from a (synthetic) demo indicator, latest year, totalt:
// influensavacc_65 has 3 primary cells (the usual case), fortida_dodlighet 70 (small counts
// everywhere, the hard case for secondary suppression). Groups are every vårdcentral's catchment from the demo listing matrix
// with fractional shares (31 VCs, the groups overlap), the 8 kommuner and the county.
struct DisclosureCase {
    std::vector<profiles::DisclosureCell> cells;
    std::vector<profiles::DisclosureGroup> groups;
    profiles::DisclosureRules rules;
};

DisclosureCase disclosure_case(const std::string& indicator) {
    const auto& in = demo_inputs();
    DisclosureCase c;
    c.rules = {in.config.min_numerator, in.config.min_denominator, in.config.suppress_zero};
    c.cells.assign(in.areas.size(), profiles::DisclosureCell{0, 0, true});
    const auto year = in.statistics.latest_year(indicator);
    if (!year) throw std::runtime_error("demodata saknar " + indicator);
    for (const auto* row : in.statistics.of(indicator)) {
        if (row->year != *year || row->sex != "totalt" || row->age != "totalt") continue;
        if (!row->numerator || !row->denominator) continue;
        c.cells[row->area] = {*row->numerator, *row->denominator, false};
    }

    profiles::CatchmentConfig listing;
    listing.method = "listning";
    listing.source = (kronoberg_dir() / "demo_listning_deso.csv").string();
    listing.fractional = true;
    const auto catchments = profiles::catchments_from_listing(listing, in.areas, in.centres,
                                                              in.population.area_total);
    for (std::size_t vc = 0; vc < in.centres.centres.size(); ++vc) {
        auto members = catchments.areas_of(vc);
        if (!members.empty()) c.groups.push_back({std::move(members), "vc " + std::to_string(vc)});
    }
    std::map<std::string, profiles::DisclosureGroup> kommuner;
    profiles::DisclosureGroup county{{}, "länet"};
    for (std::size_t a = 0; a < in.areas.size(); ++a) {
        kommuner[in.areas.areas[a].kommun].members.emplace_back(a, 1.0);
        county.members.emplace_back(a, 1.0);
    }
    for (auto& [code, g] : kommuner) {
        g.label = "kommun " + code;
        c.groups.push_back(std::move(g));
    }
    c.groups.push_back(std::move(county));
    return c;
}

void BM_Protect(benchmark::State& state, const std::string& indicator) {
    const DisclosureCase c = disclosure_case(indicator);
    profiles::DisclosureResult result;
    for (auto _ : state) {
        result = profiles::protect(c.cells, c.groups, c.rules);
        benchmark::DoNotOptimize(result);
    }
    std::size_t withheld = 0;
    for (bool b : result.group_suppressed) withheld += b ? 1 : 0;
    state.counters["celler"] = static_cast<double>(c.cells.size());
    state.counters["grupper"] = static_cast<double>(c.groups.size());
    state.counters["primar"] = static_cast<double>(result.primary);
    state.counters["sekundar"] = static_cast<double>(result.secondary);
    state.counters["grupper_undanhallna"] = static_cast<double>(withheld);
}
BENCHMARK_CAPTURE(BM_Protect, influensavacc_65, std::string("influensavacc_65"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Protect, fortida_dodlighet, std::string("fortida_dodlighet"))->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace omrade::bench
