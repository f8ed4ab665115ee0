#include "profiles/report_from_inputs.hpp"

#include "profiles/swedish_format.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>

namespace omrade::profiles::report {

namespace {

constexpr const char* not_compared_colour = "#C9C9C9";

// Swedish names of the statistics ids the demo data carries (SCB's wide table and the synthetic
// health file). Until the indicator catalogue is read by the engine, other ids are shown as is.
struct Label {
    const char* id;
    const char* name;
    const char* short_name;  // DeSO table header
    const char* unit;
    int decimals;
    double multiplier;  // counts: numerator / denominator × multiplier
};

constexpr Label labels[] = {
    {"low_econ", "Låg ekonomisk standard", "Låg ek. standard", "%", 1, 1},
    {"unemp", "Arbetslösa 16–64 år", "Arbetslösa", "%", 1, 1},
    {"employment", "Förvärvsarbetande", "Förvärvsarb.", "%", 1, 1},
    {"higher_ed", "Eftergymnasial utbildning", "Eftergymn. utb.", "%", 1, 1},
    {"foreign", "Utländsk bakgrund", "Utländsk bakgr.", "%", 1, 1},
    {"single", "Ensamhushåll utan barn", "Ensamhushåll", "%", 1, 1},
    {"young", "Andel 20–34 år", "20–34 år", "%", 1, 1},
    {"renters", "Bor i hyresrätt", "Hyresrätt", "%", 1, 1},
    {"flats", "Bor i flerbostadshus", "Flerbostadshus", "%", 1, 1},
    {"growth", "Befolkningsförändring under året", "Bef.förändring", "%", 1, 1},
    {"income", "Medelinkomst", "Medelinkomst", "tkr", 0, 1},
    {"income_med", "Medianinkomst", "Medianinkomst", "tkr", 0, 1},
    {"diabetes", "Diagnostiserad diabetes, 18+", "Diabetes", "%", 1, 100},
    {"depression_angest", "Depression eller ångest, 18+", "Depression/ångest", "%", 1, 100},
    {"fetma", "Fetma (BMI ≥ 30), 18+", "Fetma", "%", 1, 100},
    {"daglig_rokning", "Daglig rökning, 18+", "Daglig rökning", "%", 1, 100},
    {"influensavacc_65", "Influensavaccination 65+", "Influensavacc.", "%", 1, 100},
    {"halsosamtal_50", "Hälsosamtal vid 50 år", "Hälsosamtal 50", "%", 1, 100},
    {"fortida_dodlighet", "Förtida dödlighet 0–74 år", "Förtida död.", "per 100 000", 0, 100000},
};

Label label_of(const std::string& id, bool counts) {
    for (const auto& l : labels) {
        if (id == l.id) return l;
    }
    return {nullptr, nullptr, nullptr, counts ? "%" : "", 1, counts ? 100.0 : 1.0};
}

// One statistics id, latest year, both sexes, all ages: a cell per area.
struct Series {
    std::string id;
    std::string name, short_name, unit;
    int decimals = 1;
    double multiplier = 1;
    int year = 0;
    bool counts = false;
    bool synthetic = false;
    std::vector<Cell> cells;         // per area index (after disclosure control for counts)
    std::vector<double> num, den;    // counts per area (NaN = no row)
};

std::vector<Series> collect_series(const Inputs& in, std::vector<std::string>& unlabelled) {
    std::vector<std::string> ids;
    std::set<std::string> seen;
    for (const auto& r : in.statistics.rows) {
        if (r.sex != "totalt" || r.age != "totalt") continue;
        if (seen.insert(r.indicator).second) ids.push_back(r.indicator);
    }
    const double min_num = in.config.min_numerator, min_den = in.config.min_denominator;
    std::vector<Series> out;
    for (const auto& id : ids) {
        if (id == "pop") continue;  // a count of people: a key figure, not an indicator
        Series s;
        s.id = id;
        s.year = in.statistics.latest_year(id).value_or(0);
        const std::size_t n = in.areas.size();
        s.cells.assign(n, Cell{});
        s.num.assign(n, NAN);
        s.den.assign(n, NAN);
        for (const auto* r : in.statistics.of(id)) {
            if (r->year != s.year || r->sex != "totalt" || r->age != "totalt") continue;
            if (r->source < in.statistics.sources.size() && in.statistics.sources[r->source].synthetic) s.synthetic = true;
            if (r->numerator && r->denominator) {
                s.counts = true;
                s.num[r->area] = *r->numerator;
                s.den[r->area] = *r->denominator;
            } else if (r->value) {
                s.cells[r->area] = Cell::of(*r->value);
            } else if (r->not_published) {
                s.cells[r->area] = {std::nullopt, CellStatus::suppressed, "ej publicerat av källan"};
            }
        }
        const Label l = label_of(id, s.counts);
        if (!l.name) unlabelled.push_back(id);
        s.name = l.name ? l.name : id;
        s.short_name = l.short_name ? l.short_name : id;
        s.unit = l.unit;
        s.decimals = l.decimals;
        s.multiplier = l.multiplier;
        if (s.counts) {
            for (std::size_t a = 0; a < n; ++a) {
                const double x = s.num[a], d = s.den[a];
                if (std::isnan(x) || std::isnan(d)) continue;
                if (d <= 0) {
                    s.cells[a] = {std::nullopt, CellStatus::too_few, "nämnaren är 0"};
                } else if ((x > 0 && x < min_num) || d < min_den) {
                    s.cells[a] = {std::nullopt, CellStatus::suppressed, {}};
                } else {
                    s.cells[a] = Cell::of(x / d * s.multiplier);
                }
            }
        }
        out.push_back(std::move(s));
    }
    return out;
}

struct Weighted {
    std::size_t area;
    double share;
};

// Secondary suppression inside one catchment: a single suppressed DeSO could be recovered
// from the catchment's total minus the published DeSOs, so the published DeSO with the
// smallest denominator is withheld too.
std::vector<Cell> protect_catchment(const Series& s, const std::vector<Weighted>& areas) {
    std::vector<Cell> cells = s.cells;
    if (!s.counts) return cells;
    std::size_t suppressed = 0;
    std::optional<std::size_t> smallest;
    for (const auto& w : areas) {
        if (cells[w.area].status == CellStatus::suppressed) ++suppressed;
        if (cells[w.area].status == CellStatus::ok && (!smallest || s.den[w.area] < s.den[*smallest])) smallest = w.area;
    }
    if (suppressed == 1 && smallest) {
        cells[*smallest] = {std::nullopt, CellStatus::suppressed,
                            "sekundärt undertryckt så att ett annat undertryckt värde inte kan räknas fram ur områdets summa"};
    }
    return cells;
}

double area_population(const Inputs& in, std::size_t a) {
    return in.population.area_total.empty() ? 1.0 : in.population.area_total[a];
}

// The catchment (or county) value: counts summed with weights, values as a population-weighted
// mean of the published DeSO values.
Cell aggregate(const Inputs& in, const Series& s, const std::vector<Weighted>& areas) {
    if (s.counts) {
        double x = 0, d = 0;
        bool any = false;
        for (const auto& w : areas) {
            if (std::isnan(s.num[w.area]) || std::isnan(s.den[w.area])) continue;
            x += w.share * s.num[w.area];
            d += w.share * s.den[w.area];
            any = true;
        }
        if (!any) return {};
        if (d <= 0) return {std::nullopt, CellStatus::too_few, "nämnaren är 0"};
        if ((x > 0 && x < in.config.min_numerator) || d < in.config.min_denominator) {
            return {std::nullopt, CellStatus::suppressed, {}};
        }
        return Cell::of(x / d * s.multiplier);
    }
    double sum = 0, weight = 0;
    for (const auto& w : areas) {
        const Cell& c = s.cells[w.area];
        if (c.status != CellStatus::ok) continue;
        const double k = w.share * area_population(in, w.area);
        sum += k * *c.value;
        weight += k;
    }
    if (weight <= 0) return {};
    return Cell::of(sum / weight);
}

std::vector<Weighted> catchment_of(const Inputs& in, std::size_t vc) {
    std::vector<Weighted> out;
    if (!in.catchments) return out;
    for (const auto& [a, share] : in.catchments->areas_of(vc)) out.push_back({a, share});
    return out;
}

std::vector<Weighted> county_of(const Inputs& in) {
    std::vector<Weighted> out;
    for (std::size_t a = 0; a < in.areas.size(); ++a) out.push_back({a, 1.0});
    return out;
}

std::vector<double> published(const std::vector<Cell>& cells) {
    std::vector<double> v;
    for (const auto& c : cells) {
        if (c.status == CellStatus::ok && c.value) v.push_back(*c.value);
    }
    return v;
}

int band_start(const std::string& band) {
    int v = 0;
    std::size_t i = 0;
    while (i < band.size() && band[i] >= '0' && band[i] <= '9') v = v * 10 + (band[i++] - '0');
    return i == 0 ? -1 : v;
}

std::string today() {
    const auto now = std::chrono::system_clock::now();
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(now)};
    return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
}

std::string method_label(const std::string& method) {
    if (method == "tabell") return "tabell (fastställd lista över DeSO per vårdcentral)";
    if (method == "listning") return "listning (där invånarna är listade)";
    if (method == "narmast") return "närmaste vårdcentral";
    if (method == "polygoner") return "ritade områden (polygoner)";
    return method;
}

Provenance provenance_of(const Inputs& in, const std::vector<Series>& series, const nlohmann::json& report,
                         const std::string& tool_version) {
    Provenance p;
    p.tool_version = tool_version;
    p.built = today();
    p.area_division = in.areas.version.empty() ? "egen indelning" : in.areas.version;
    p.catchment_method = in.catchments ? method_label(in.catchments->method) : "inget upptagningsområde angivet";
    p.config_file = in.config.file.string();
    if (report.contains("indata")) {
        for (const auto& f : report["indata"]) {
            // Paths relative to the config file: the report should not show the build machine's folders.
            std::string source = f.value("kalla", "");
            const std::string dir = in.config.dir.string() + "/";
            if (!in.config.dir.empty() && source.rfind(dir, 0) == 0) source = source.substr(dir.size());
            p.inputs.push_back({f.value("typ", ""), source, f.value("sha256", "")});
        }
    }
    p.synthetic = in.statistics.any_synthetic();
    int lo = 0, hi = 0;
    for (const auto& s : series) {
        if (s.year == 0) continue;
        lo = lo == 0 ? s.year : std::min(lo, s.year);
        hi = std::max(hi, s.year);
    }
    p.data_years = lo == 0 ? "–" : (lo == hi ? std::to_string(lo) : fmt::format("{}\u2013{}", lo, hi));
    if (lo != 0) p.data_years += " (senaste år per indikator)";
    return p;
}

const Series* find_series(const std::vector<Series>& series, const std::string& id) {
    for (const auto& s : series) {
        if (s.id == id) return &s;
    }
    return nullptr;
}

IndicatorRow indicator_row(const Inputs& in, const Series& s, const std::vector<Weighted>& catchment,
                           const std::vector<Cell>& protected_cells) {
    IndicatorRow r;
    r.id = s.id;
    r.name = s.name;
    r.unit = s.unit;
    r.year = std::to_string(s.year);
    r.decimals = s.decimals;
    r.synthetic = s.synthetic;
    r.value = aggregate(in, s, catchment);
    const Cell county = aggregate(in, s, county_of(in));
    if (county.status == CellStatus::ok) r.county = county.value;
    r.comparison = "ej jämförd";
    r.comparison_colour = not_compared_colour;
    std::vector<double> mine;
    for (const auto& w : catchment) {
        const Cell& c = protected_cells[w.area];
        if (c.status == CellStatus::ok) mine.push_back(*c.value);
    }
    if (mine.empty() && std::any_of(catchment.begin(), catchment.end(), [&](const Weighted& w) {
            return protected_cells[w.area].status == CellStatus::suppressed;
        })) {
        r.deso_range_note = "alla undertryckta";
    }
    if (!mine.empty()) {
        r.deso_min = *std::min_element(mine.begin(), mine.end());
        r.deso_max = *std::max_element(mine.begin(), mine.end());
    }
    const auto all = published(s.cells);
    if (!all.empty()) {
        r.county_min = *std::min_element(all.begin(), all.end());
        r.county_max = *std::max_element(all.begin(), all.end());
        const auto q = quantile_cuts_type6(all, 4);
        if (q.size() == 3) {
            r.county_q1 = q[0];
            r.county_q3 = q[2];
        }
    }
    return r;
}

MapLayer map_layer(const Series& s, const std::vector<Cell>& cells) {
    MapLayer m;
    m.title = s.name + (s.unit.empty() ? "" : ", " + s.unit) + ", " + std::to_string(s.year);
    m.unit = s.unit;
    m.decimals = s.decimals;
    m.synthetic = s.synthetic;
    const auto values = published(s.cells);
    m.cuts = quantile_cuts_type6(values, 5);
    if (!values.empty()) {
        m.low = *std::min_element(values.begin(), values.end());
        m.high = *std::max_element(values.begin(), values.end());
    }
    for (const auto& c : cells) {
        m.statuses.push_back(c.status);
        if (c.status != CellStatus::ok || m.cuts.empty()) {
            m.classes.push_back(0);
            continue;
        }
        m.classes.push_back(1 + static_cast<int>(std::upper_bound(m.cuts.begin(), m.cuts.end(), *c.value) - m.cuts.begin()));
    }
    return m;
}

}  // namespace

std::vector<double> quantile_cuts_type6(std::vector<double> values, int groups) {
    std::vector<double> cuts;
    if (values.empty() || groups < 2) return cuts;
    std::sort(values.begin(), values.end());
    const double n = static_cast<double>(values.size());
    for (int k = 1; k < groups; ++k) {
        const double p = static_cast<double>(k) / groups;
        const double h = (n + 1) * p;  // 1-based position
        const double lo = std::floor(h);
        double q;
        if (lo < 1) {
            q = values.front();
        } else if (lo >= n) {
            q = values.back();
        } else {
            const auto i = static_cast<std::size_t>(lo) - 1;
            q = values[i] + (h - lo) * (values[i + 1] - values[i]);
        }
        cuts.push_back(q);
    }
    return cuts;
}

ReportInput report_from_inputs(const Inputs& in, std::size_t pilot, const PilotLayers& layers,
                               const nlohmann::json& build_report, const std::string& tool_version) {
    const auto& cfg = in.config.pilots.at(pilot);
    const std::size_t vc = in.pilot_vcs.at(pilot);
    std::vector<std::string> unlabelled;
    const auto series = collect_series(in, unlabelled);
    const auto catchment = catchment_of(in, vc);

    ReportInput r;
    r.title = in.config.title;
    r.region = in.config.region;
    r.pilot_id = cfg.id;
    r.pilot_title = cfg.title.empty() ? cfg.care_centre : cfg.title;
    r.care_centre = cfg.care_centre;
    r.provenance = provenance_of(in, series, build_report, tool_version);
    r.min_numerator = in.config.min_numerator;
    r.min_denominator = in.config.min_denominator;

    // Population and age profile.
    const Population& pop = in.population;
    r.pyramid.bands = pop.bands;
    r.pyramid.men.assign(pop.bands.size(), 0);
    r.pyramid.women.assign(pop.bands.size(), 0);
    r.pyramid.county_men.assign(pop.bands.size(), 0);
    r.pyramid.county_women.assign(pop.bands.size(), 0);
    double area_km2 = 0;
    for (const auto& w : catchment) {
        area_km2 += w.share * in.areas.areas[w.area].area_m2 / 1e6;
        if (pop.men.empty()) continue;
        for (std::size_t b = 0; b < pop.bands.size(); ++b) {
            r.pyramid.men[b] += w.share * pop.men[w.area][b];
            r.pyramid.women[b] += w.share * pop.women[w.area][b];
        }
    }
    for (std::size_t a = 0; a < pop.men.size(); ++a) {
        for (std::size_t b = 0; b < pop.bands.size(); ++b) {
            r.pyramid.county_men[b] += pop.men[a][b];
            r.pyramid.county_women[b] += pop.women[a][b];
        }
    }
    double total = 0, young = 0, old = 0, oldest = 0;
    for (std::size_t b = 0; b < pop.bands.size(); ++b) {
        const double v = r.pyramid.men[b] + r.pyramid.women[b];
        const int start = band_start(pop.bands[b]);
        total += v;
        if (start >= 0 && start < 20) young += v;
        if (start >= 65) old += v;
        if (start >= 80) oldest += v;
    }
    auto share_of = [total](double v) { return total > 0 ? Cell::of(100.0 * v / total) : Cell{}; };
    r.key_figures.push_back({"Invånare i området", Cell::of(layers.population), "", 0, "befolkning × andel i området"});
    r.key_figures.push_back({"DeSO i området", Cell::of(static_cast<double>(catchment.size())), "", 0, ""});
    r.key_figures.push_back({"Yta", Cell::of(area_km2), "km²", 0, ""});
    const auto& centre = in.centres.centres.at(vc);
    r.key_figures.push_back({"Listade patienter", centre.listed ? Cell::of(*centre.listed) : Cell{}, "", 0,
                             "vid vårdcentralen enligt registret"});
    r.key_figures.push_back({"0–19 år", share_of(young), "%", 1, "andel av invånarna"});
    r.key_figures.push_back({"65 år och äldre", share_of(old), "%", 1, "andel av invånarna"});
    r.key_figures.push_back({"80 år och äldre", share_of(oldest), "%", 1, "andel av invånarna"});
    if (const auto* s = find_series(series, "low_econ")) {
        r.key_figures.push_back({"Låg ekonomisk standard", aggregate(in, *s, catchment), "%", 1,
                                 "SCB " + std::to_string(s->year)});
    }

    // Indicators: real statistics first, synthetic demo data in their own domain.
    Domain real{"Befolkning och socioekonomi (SCB)", {}};
    Domain synthetic{"Hälsa – SYNTETISKA DEMODATA", {}};
    std::vector<std::vector<Cell>> protected_cells;
    for (const auto& s : series) {
        protected_cells.push_back(protect_catchment(s, catchment));
        (s.synthetic ? synthetic : real).rows.push_back(indicator_row(in, s, catchment, protected_cells.back()));
    }
    if (!real.rows.empty()) r.domains.push_back(std::move(real));
    if (!synthetic.rows.empty()) r.domains.push_back(std::move(synthetic));

    // DeSO table: a few columns that fit on A4.
    const char* deso_ids[] = {"low_econ", "unemp", "higher_ed", "diabetes", "depression_angest", "daglig_rokning"};
    std::vector<std::size_t> chosen;
    for (const char* id : deso_ids) {
        for (std::size_t i = 0; i < series.size(); ++i) {
            if (series[i].id == id) chosen.push_back(i);
        }
    }
    if (chosen.empty()) {
        for (std::size_t i = 0; i < series.size() && i < 7; ++i) chosen.push_back(i);
    }
    for (const auto i : chosen) {
        const auto& s = series[i];
        r.deso_columns.push_back({s.short_name + (s.synthetic ? "*" : ""), s.unit, s.decimals});
    }
    for (const auto& w : catchment) {
        DesoRow row;
        const Area& a = in.areas.areas[w.area];
        row.code = a.code;
        const auto name = in.kommun_names.find(a.kommun);
        row.kommun = name != in.kommun_names.end() ? name->second : a.kommun;
        row.share = w.share;
        row.population = pop.has_data.empty() || !pop.has_data[w.area] ? Cell{} : Cell::of(pop.area_total[w.area]);
        for (const auto i : chosen) row.cells.push_back(protected_cells[i][w.area]);
        r.deso_rows.push_back(std::move(row));
    }

    // Maps: every DeSO of the set, coloured by county quintiles.
    std::set<std::size_t> inside;
    for (const auto& w : catchment) inside.insert(w.area);
    for (std::size_t a = 0; a < in.areas.size(); ++a) {
        r.map_areas.push_back({in.areas.areas[a].code, in.areas.areas[a].geometry, inside.count(a) > 0});
    }
    if (!layers.catchment.features.empty()) {
        if (const auto* mp = std::get_if<geo::MultiPolygon>(&layers.catchment.features.front().geometry)) r.catchment = *mp;
    }
    for (std::size_t v = 0; v < in.centres.centres.size(); ++v) {
        const auto& c = in.centres.centres[v];
        if (c.position) r.centres.push_back({c.name, *c.position, v == vc});
    }
    std::vector<std::size_t> map_series;
    for (std::size_t i = 0; i < series.size(); ++i) {
        if (series[i].id == "low_econ") map_series.push_back(i);
    }
    for (std::size_t i = 0; i < series.size(); ++i) {
        if (series[i].synthetic && series[i].counts) {
            map_series.push_back(i);
            break;
        }
    }
    if (map_series.empty() && !series.empty()) map_series.push_back(0);
    for (const auto i : map_series) {
        // Outside the catchment only the county classes are shown, from the primary rule.
        r.maps.push_back(map_layer(series[i], protected_cells[i]));
    }

    // Sensitivity: the methods available in this build.
    r.sensitivity_columns = {{"Invånare", "", 0}, {"DeSO", "", 0}};
    const Series* low = find_series(series, "low_econ");
    if (low) r.sensitivity_columns.push_back({"Låg ekonomisk standard", "%", 1});
    if (in.catchments) {
        SensitivityRow row{method_label(in.catchments->method),
                           {Cell::of(layers.population), Cell::of(static_cast<double>(catchment.size()))},
                           "metoden som profilen bygger på"};
        if (low) row.cells.push_back(aggregate(in, *low, catchment));
        r.sensitivity.push_back(std::move(row));
    }

    // Method notes.
    if (in.catchments) {
        r.notes.push_back("Upptagningsområde: " + method_label(in.catchments->method) +
                          ". Varje DeSO ingår med en andel (0–100 %); områdets antal är summan av DeSO-antalen "
                          "gånger andelen. Kartans tjocka linje omger DeSO som ingår med minst " +
                          format_percent(100.0 * in.config.catchment.min_share_geometry, 0) + ".");
    }
    r.notes.push_back("SCB-statistik per DeSO: områdets och länets värden är befolkningsviktade medelvärden av "
                      "DeSO-värdena (vikt = invånare × andel i området). SCB:s tabeller har skydd mot röjande "
                      "(slumpmässigt brus), så delar summerar inte exakt till totaler. Konfidensintervall beräknas "
                      "inte för dessa värden.");
    if (!unlabelled.empty()) {
        std::string list;
        for (const auto& u : unlabelled) list += (list.empty() ? "" : ", ") + u;
        r.notes.push_back("Indikatorer utan svensk beskrivning i programmet visas med sitt kolumnnamn ur källan: " + list +
                          ". Se källans dokumentation för definitionen.");
    }
    if (in.statistics.any_synthetic()) {
        r.notes.push_back("Hälsoindikatorerna är SYNTETISKA DEMODATA – inte verkliga hälsodata. De är påhittade av "
                          "en slumpmodell och får inte användas för slutsatser om något verkligt område.");
    }
    r.notes.push_back("Hälsoindikatorer med täljare och nämnare: områdets värde är summan av täljarna delad med "
                      "summan av nämnarna (råa tal, inte åldersstandardiserade), senaste år. Konfidensintervall "
                      "och jämförelse med länet redovisas inte ännu; därför är jämförelsen grå (ej jämförd).");
    r.notes.push_back(fmt::format(
        "Röjandekontroll: ett DeSO-värde med färre än {} händelser eller en nämnare under {} visas inte "
        "(\u201C\u2013\u201D med fotnot). Om bara ett DeSO i området är undertryckt döljs även DeSO:t med minst "
        "nämnare, så att värdet inte kan räknas fram ur områdets summa. DeSO-spannet och länets spridning bygger "
        "bara på redovisade värden.",
        format_number(in.config.min_numerator, 0), format_number(in.config.min_denominator, 0)));
    r.notes.push_back("Kartor: klassgränserna är kvintiler (femtedelar) av länets redovisade DeSO-värden, så samma "
                      "färg betyder samma nivå i alla piloters rapporter. DeSO utanför upptagningsområdet visas "
                      "blekare. Vårdcentralernas lägen är ungefärliga (ofta tätortens mittpunkt).");
    return r;
}

IndexInput index_from_inputs(const Inputs& in, const std::vector<std::size_t>& pilots,
                             const nlohmann::json& build_report, const std::string& tool_version) {
    std::vector<std::string> unlabelled;
    const auto series = collect_series(in, unlabelled);
    IndexInput x;
    x.title = in.config.title;
    x.region = in.config.region;
    x.provenance = provenance_of(in, series, build_report, tool_version);
    const Series* low = find_series(series, "low_econ");
    x.columns = {{"Invånare i upptagningsområdet", "", 0}, {"DeSO", "", 0}};
    if (low) x.columns.push_back({"Låg ekonomisk standard", "%", 1});
    x.columns.push_back({"Listade patienter", "", 0});

    auto cells_of = [&](std::size_t vc) {
        const auto areas = catchment_of(in, vc);
        std::vector<Cell> cells;
        const Cell none{std::nullopt, CellStatus::missing, "inget upptagningsområde för vårdcentralen i underlaget"};
        if (areas.empty()) {
            cells = {none, none};
            if (low) cells.push_back(none);
        } else {
            cells = {Cell::of(in.catchments->accounting.population_per_vc.at(vc)), Cell::of(static_cast<double>(areas.size()))};
            if (low) cells.push_back(aggregate(in, *low, areas));
        }
        const auto& c = in.centres.centres[vc];
        cells.push_back(c.listed ? Cell::of(*c.listed) : Cell{});
        return cells;
    };

    for (const auto p : pilots) {
        const auto& cfg = in.config.pilots.at(p);
        const std::size_t vc = in.pilot_vcs.at(p);
        IndexPilot ip{cfg.id, cfg.title.empty() ? cfg.care_centre : cfg.title, {}, {}};
        ip.links = {{"Områdesprofil (utskrivbar)", cfg.id + "/profil.html"}, {"GeoPackage för QGIS", cfg.id + "/" + cfg.id + ".gpkg"}};
        const auto cells = cells_of(vc);
        for (std::size_t i = 0; i < x.columns.size(); ++i) {
            ip.key_figures.push_back({x.columns[i].name, cells[i], x.columns[i].unit, x.columns[i].decimals, ""});
        }
        x.pilots.push_back(std::move(ip));
    }
    std::set<std::size_t> pilot_vcs;
    for (const auto p : pilots) pilot_vcs.insert(in.pilot_vcs.at(p));
    for (std::size_t v = 0; v < in.centres.centres.size(); ++v) {
        const auto& c = in.centres.centres[v];
        const auto name = in.kommun_names.find(c.kommun);
        const std::string kommun = name != in.kommun_names.end() ? name->second
                                   : c.kommun.empty()            ? "okänd"
                                                                 : c.kommun + " (utanför länet)";
        x.centres.push_back({c.name, kommun, pilot_vcs.count(v) > 0,
                             cells_of(v)});
    }
    std::stable_sort(x.centres.begin(), x.centres.end(), [](const IndexCentre& a, const IndexCentre& b) {
        return a.kommun != b.kommun ? a.kommun < b.kommun : a.name < b.name;
    });
    if (in.catchments) {
        x.notes.push_back("Upptagningsområden: " + method_label(in.catchments->method) +
                          ". Invånare = summan av DeSO-befolkningen gånger andelen i området.");
    }
    if (low) {
        x.notes.push_back("Låg ekonomisk standard: befolkningsviktat medelvärde av DeSO-värdena (SCB " +
                          std::to_string(low->year) + ").");
    }
    x.notes.push_back("Listade patienter enligt vårdcentralsregistret.");
    return x;
}

}  // namespace omrade::profiles::report
