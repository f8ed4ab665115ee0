// Issue 13: disclosure control at Swedish scale. Every table protect() is given while the engine
// computes the embedded default (74 tables: every counted indicator, both passes, every series
// year; recorded through set_protect_observer) is replicated N times side by side as N counties
// of one country: cells and local groups (catchments, kommuner and their SII/RII) copied with new
// cell indices, the county's groups ("Länet …") joined into one national group per table over all
// copies. BM_ProtectSweden/N protects all 74 tables (the disclosure work of one `omrade check` of
// N counties with 2 pilots each); topp_MiB is the peak resident memory of the case, data included.
#include "bench_support.hpp"

#include "profiles/disclosure/disclosure.hpp"
#include "profiles/engine/profile.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace omrade::bench {
namespace {

struct Table {
    std::vector<profiles::DisclosureCell> cells;
    std::vector<profiles::DisclosureGroup> groups;
    profiles::DisclosureRules rules;
};

const std::vector<Table>& demo_tables() {
    static const std::vector<Table> tables = [] {
        std::vector<Table> out;
        profiles::set_protect_observer([&](const auto& cells, const auto& groups, const auto& rules, const auto&) {
            out.push_back({cells, groups, rules});
        });
        (void)profiles::compute_profiles(demo_inputs(), demo_catalogue());
        profiles::set_protect_observer({});
        return out;
    }();
    return tables;
}

bool is_county(const profiles::DisclosureGroup& g) { return g.label.rfind("Länet", 0) == 0; }

Table replicate(const Table& t, std::size_t copies) {
    Table out;
    out.rules = t.rules;
    const std::size_t n = t.cells.size();
    for (std::size_t k = 0; k < copies; ++k) out.cells.insert(out.cells.end(), t.cells.begin(), t.cells.end());
    for (const auto& g : t.groups) {
        if (is_county(g)) {
            profiles::DisclosureGroup all{{}, g.label, g.combination};
            for (std::size_t k = 0; k < copies; ++k)
                for (const auto& [i, w] : g.members) all.members.emplace_back(i + k * n, w);
            out.groups.push_back(std::move(all));
            continue;
        }
        for (std::size_t k = 0; k < copies; ++k) {
            profiles::DisclosureGroup c{{}, g.label + " " + std::to_string(k + 1), g.combination};
            for (const auto& [i, w] : g.members) c.members.emplace_back(i + k * n, w);
            out.groups.push_back(std::move(c));
        }
    }
    return out;
}

void BM_ProtectSweden(benchmark::State& state) {
    const auto copies = static_cast<std::size_t>(state.range(0));
    const auto& demo = demo_tables();
    if (!reset_peak_rss()) state.SkipWithError("kan inte nollställa VmHWM (/proc/self/clear_refs)");
    std::vector<Table> tables;
    for (const auto& t : demo) tables.push_back(replicate(t, copies));
    std::size_t cells = 0, groups = 0, primary = 0, secondary = 0, withheld = 0;
    for (auto _ : state) {
        primary = secondary = withheld = 0;
        for (const auto& t : tables) {
            const auto r = profiles::protect(t.cells, t.groups, t.rules);
            primary += r.primary;
            secondary += r.secondary;
            for (bool b : r.group_suppressed) withheld += b ? 1 : 0;
            benchmark::DoNotOptimize(r);
        }
    }
    for (const auto& t : tables) {
        cells += t.cells.size();
        groups += t.groups.size();
    }
    state.counters["tabeller"] = static_cast<double>(tables.size());
    state.counters["celler"] = static_cast<double>(cells);
    state.counters["grupper"] = static_cast<double>(groups);
    state.counters["primar"] = static_cast<double>(primary);
    state.counters["sekundar"] = static_cast<double>(secondary);
    state.counters["undanhallna"] = static_cast<double>(withheld);
    state.counters["topp_MiB"] = proc_status_kib("VmHWM") / 1024.0;
}
BENCHMARK(BM_ProtectSweden)->Arg(1)->Arg(6)->Arg(12)->Arg(24)->Arg(54)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace omrade::bench
