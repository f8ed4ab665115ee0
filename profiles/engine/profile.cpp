#include "profiles/engine/profile.hpp"

#include "geo/error.hpp"
#include "profiles/disclosure/disclosure.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <fmt/format.h>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>

namespace omrade::profiles {

const char* kind_text(AreaRef::Kind k) {
    switch (k) {
    case AreaRef::Kind::catchment: return "upptagningsomrade";
    case AreaRef::Kind::kommun: return "kommun";
    case AreaRef::Kind::county: return "lan";
    }
    return "";
}

std::optional<std::size_t> ProfileSet::pilot_area(std::size_t pilot) const {
    for (std::size_t i = 0; i < areas.size(); ++i) {
        if (areas[i].kind == AreaRef::Kind::catchment && areas[i].pilot == pilot) return i;
    }
    return std::nullopt;
}

std::optional<std::size_t> ProfileSet::kommun_area(const std::string& code) const {
    for (std::size_t i = 0; i < areas.size(); ++i) {
        if (areas[i].kind == AreaRef::Kind::kommun && areas[i].id == code) return i;
    }
    return std::nullopt;
}

std::string ProfileSet::pilot_kommun(const Inputs& in, std::size_t pilot) const {
    const std::size_t vc = in.pilot_vcs.at(pilot);
    const std::string& k = in.centres.centres.at(vc).kommun;
    if (!k.empty() && kommun_area(k)) return k;
    if (const auto a = pilot_area(pilot); a && !areas[*a].members.empty()) {
        return in.areas.areas[areas[*a].members.front().first].kommun;
    }
    return {};
}

namespace {

// Sex as the engine names it; empty = a breakdown the engine does not use.
std::string normalize_sex(const std::string& s) {
    if (s == "totalt" || s == "alla") return "totalt";
    if (s == "man" || s == "män") return "man";
    if (s == "kvinnor" || s == "kvinna") return "kvinnor";
    return {};
}

// Everything read for one DeSO and one sex in the data year.
struct CellData {
    bool present = false;        // some row exists
    bool not_published = false;  // the total row is ".." at source
    bool has_total = false;      // an age "totalt" row gave x and n
    double x = 0, n = 0;
    std::optional<double> value, lower, upper;  // value rows
    std::map<std::string, std::pair<double, double>> bands;  // dsr: band → (x, n)
};

Estimate not_ok(ValueStatus s, std::string note) {
    Estimate e;
    e.status = s;
    e.note = std::move(note);
    return e;
}

Estimate from_counts_estimate(const Indicator& ind, const StandardPopulation* standard, double x, double n,
                              const std::map<std::string, std::pair<double, double>>& bands, double confidence) {
    switch (ind.type) {
    case IndicatorType::proportion:
        if (n <= 0) return not_ok(ValueStatus::too_few, "nämnaren är 0");
        if (x > n) return not_ok(ValueStatus::missing, "täljaren är större än nämnaren");
        return proportion(x, n, confidence, ind.multiplier);
    case IndicatorType::rate:
        if (n <= 0) return not_ok(ValueStatus::too_few, "nämnaren är 0");
        return rate(x, n, confidence, ind.multiplier);
    case IndicatorType::count: {
        // A count is not a rate: no interval, so never compared with a total (an area of 780
        // cases is not "better" than a county of 9 088). Compare a kvot per population instead.
        (void)confidence;
        Estimate e;
        e.status = ValueStatus::ok;
        e.value = x * ind.multiplier;
        e.note = "antal: inget konfidensintervall, jämförs inte";
        return e;
    }
    case IndicatorType::dsr: {
        // Every band keeps its standard weight; an empty band (0 events, 0 population) counts 0,
        // as phe_dsr and `omrade stats dsr`. Events without population were refused in collect().
        std::vector<AgeBandCount> b;
        for (const auto& [band, xn] : bands) b.push_back({xn.first, xn.second, standard->weights.at(band)});
        if (b.empty()) return not_ok(ValueStatus::too_few, "inga åldersgrupper");
        return dsr(b, confidence, ind.multiplier);
    }
    case IndicatorType::mean:
    case IndicatorType::index: break;
    }
    return not_ok(ValueStatus::missing, "");
}

// Drops every number of a suppressed value (see the invariant in profile.hpp).
Estimate suppressed_estimate() { return not_ok(ValueStatus::suppressed, "röjandekontroll"); }

bool has_interval(const Estimate& e) { return e.status == ValueStatus::ok && e.lower && e.upper; }

Rating rate_against(const Estimate& e, std::optional<double> benchmark, Polarity p) {
    if (!benchmark || !has_interval(e)) return Rating::not_compared;
    return rate_comparison(compare(e, *benchmark), p);
}

std::vector<AreaRef> make_areas(const Inputs& in) {
    std::vector<AreaRef> out;
    if (in.catchments) {
        for (std::size_t p = 0; p < in.config.pilots.size(); ++p) {
            AreaRef r;
            r.kind = AreaRef::Kind::catchment;
            r.id = in.config.pilots[p].id;
            r.name = in.config.pilots[p].title;
            r.pilot = p;
            r.members = in.catchments->areas_of(in.pilot_vcs.at(p));
            out.push_back(std::move(r));
        }
    }
    std::map<std::string, AreaRef> kommuner;
    for (std::size_t a = 0; a < in.areas.size(); ++a) {
        const auto& code = in.areas.areas[a].kommun;
        auto& k = kommuner[code];
        k.kind = AreaRef::Kind::kommun;
        k.id = code;
        const auto name = in.kommun_names.find(code);
        k.name = name != in.kommun_names.end() ? name->second : code;
        k.members.emplace_back(a, 1.0);
    }
    for (auto& [code, k] : kommuner) out.push_back(std::move(k));
    AreaRef county;
    county.kind = AreaRef::Kind::county;
    county.id = in.areas.size() ? in.areas.areas[0].lan : "";
    county.name = "Länet";
    for (std::size_t a = 0; a < in.areas.size(); ++a) county.members.emplace_back(a, 1.0);
    out.push_back(std::move(county));
    return out;
}

// Deprivation per area (the ranking variable for SII/RII): latest year, totalt.
std::vector<std::optional<double>> deprivation_values(const Inputs& in, const std::string& id) {
    std::vector<std::optional<double>> out(in.areas.size());
    const auto year = in.statistics.latest_year(id);
    if (!year) return out;  // no such statistics: nothing is ranked, every SII says why
    for (const auto* r : in.statistics.of(id)) {
        if (r->year != *year || normalize_sex(r->sex) != "totalt" || r->age != "totalt") continue;
        if (r->value) out[r->area] = *r->value;
        else if (r->numerator && r->denominator && *r->denominator > 0) out[r->area] = *r->numerator / *r->denominator;
    }
    return out;
}

// An age range "20-64" or "20+" (whole years); nullopt when the text is not one.
std::optional<std::pair<double, double>> age_range(const std::string& text) {
    const auto digits = [](const std::string& t) { return !t.empty() && t.find_first_not_of("0123456789") == std::string::npos; };
    if (text.size() > 1 && text.back() == '+' && digits(text.substr(0, text.size() - 1)))
        return std::make_pair(std::stod(text.substr(0, text.size() - 1)), std::numeric_limits<double>::infinity());
    const auto dash = text.find('-');
    if (dash == std::string::npos) return std::nullopt;
    const std::string lo = text.substr(0, dash), hi = text.substr(dash + 1);
    if (!digits(lo) || !digits(hi) || std::stod(hi) < std::stod(lo)) return std::nullopt;
    return std::make_pair(std::stod(lo), std::stod(hi));
}

// The weight of each DeSO value of a medel/index indicator (Indicator::weight): the population,
// the population of an age range summed over whole [befolkning] bands, or a statistics series.
struct MeanWeights {
    std::vector<double> per_area;
    std::string label;  // Swedish, for the value's note
};

MeanWeights mean_weights(const Inputs& in, const Catalogue& cat, const Indicator& ind) {
    MeanWeights out;
    const Where where{cat.file, ind.weight_line ? ind.weight_line : ind.line, ind.id, "indikator." + ind.id + ".vikt"};
    const std::string prefix = "befolkning";
    if (ind.weight == prefix) {
        out.per_area = in.population.area_total;
        out.label = "befolkningsviktat medelvärde av DeSO-värden";
        return out;
    }
    if (ind.weight.rfind(prefix + " ", 0) == 0) {
        const std::string range_text = ind.weight.substr(prefix.size() + 1);
        const auto range = age_range(range_text);
        if (!range) {
            throw DataError(where, "okänt åldersintervall '" + range_text + "'",
                            "skriv t.ex. vikt = \"befolkning 20-64\" eller \"befolkning 20+\"");
        }
        std::vector<std::size_t> used;
        for (std::size_t b = 0; b < in.population.bands.size(); ++b) {
            const auto band = age_range(in.population.bands[b]);
            if (!band) {
                throw DataError(where, "åldersgruppen '" + in.population.bands[b] + "' i befolkningen kan inte jämföras med '" + range_text + "'",
                                "befolkningens åldersgrupper ska skrivas som 20-24 eller 80+");
            }
            const bool inside = band->first >= range->first && band->second <= range->second;
            const bool outside = band->second < range->first || band->first > range->second;
            if (!inside && !outside) {
                throw DataError(where, "åldersgruppen '" + in.population.bands[b] + "' i befolkningen går över gränsen för '" + range_text + "'",
                                "välj ett intervall som följer befolkningens åldersgrupper");
            }
            if (inside) used.push_back(b);
        }
        if (used.empty()) throw DataError(where, "ingen åldersgrupp i befolkningen ligger i '" + range_text + "'");
        out.per_area.assign(in.areas.size(), 0.0);
        for (std::size_t a = 0; a < in.areas.size() && a < in.population.total.size(); ++a)
            for (std::size_t b : used) out.per_area[a] += in.population.total[a][b];
        std::string shown = range_text;
        if (const auto d = shown.find('-'); d != std::string::npos) shown.replace(d, 1, "–");
        out.label = "medelvärde av DeSO-värden viktat med befolkningen " + shown + " år";
        return out;
    }
    // A statistics series with the counts the mean is over (e.g. households), latest year, totalt.
    const auto year = in.statistics.latest_year(ind.weight);
    if (!year) {
        throw DataError(where, "vikten '" + ind.weight + "' är varken befolkning eller en statistik i [[statistik]]",
                        "använd \"befolkning\", \"befolkning 20-64\" eller id:t för en statistik med antal");
    }
    out.per_area.assign(in.areas.size(), 0.0);
    for (const auto* r : in.statistics.of(ind.weight)) {
        if (r->year != *year || normalize_sex(r->sex) != "totalt" || r->age != "totalt") continue;
        if (r->value) out.per_area[r->area] = *r->value;
        else if (r->numerator) out.per_area[r->area] = *r->numerator;
    }
    out.label = "medelvärde av DeSO-värden viktat med " + ind.weight + " " + std::to_string(*year);
    return out;
}

// The SII's quantiles of one area, computed once for every indicator: DeSOs ranked by the
// deprivation measure (ties by DeSO code, never by file order) and cut by their population in the
// area (population × share). Parallel to AreaRef::members; 0 = not ranked.
struct AreaQuantiles {
    int groups = 0;              // 0: too few DeSOs (note says why)
    std::vector<int> of_member;
    std::string note;
};

// Only the areas some output shows get an SII: every catchment, the county and the kommuner a
// pilot's profile compares with. The other kommuner say why (the simulation is the build's
// largest cost, and nothing would read them).
std::vector<AreaQuantiles> sii_quantiles(const Inputs& in, const Catalogue& cat, const ProfileSet& set,
                                         const std::vector<std::optional<double>>& deprivation) {
    std::set<std::string> shown_kommuner;
    for (std::size_t p = 0; p < in.config.pilots.size(); ++p) {
        if (set.pilot_area(p)) shown_kommuner.insert(set.pilot_kommun(in, p));
    }
    std::vector<AreaQuantiles> out;
    for (const auto& r : set.areas) {
        if (r.kind == AreaRef::Kind::kommun && !shown_kommuner.count(r.id)) {
            AreaQuantiles q;
            q.of_member.assign(r.members.size(), 0);
            q.note = "SII beräknas bara för kommuner som en pilots profil jämför med";
            out.push_back(std::move(q));
            continue;
        }
        const int groups = r.kind == AreaRef::Kind::county ? cat.county_quantiles : cat.area_quantiles;
        std::vector<RankedUnit> units;
        for (const auto& [a, w] : r.members) {
            const double pop = a < in.population.area_total.size() ? in.population.area_total[a] : 0.0;
            units.push_back({deprivation[a] ? *deprivation[a] : std::numeric_limits<double>::quiet_NaN(), w * pop,
                             in.areas.areas[a].code});
        }
        AreaQuantiles q;
        q.of_member = population_quantiles(units, groups);
        if (std::any_of(q.of_member.begin(), q.of_member.end(), [](int v) { return v > 0; })) {
            q.groups = groups;
        } else {
            q.note = "färre än " + std::to_string(groups) + " DeSO med befolkning och värde för " + cat.deprivation + " (" +
                     (groups == 10 ? "deciler" : groups == 5 ? "kvintiler" : std::to_string(groups) + " kvantiler") + ")";
        }
        out.push_back(std::move(q));
    }
    return out;
}

// Marks an SII/RII as withheld by disclosure control (no numbers, as every suppressed value).
void withhold(Estimate& e) {
    if (e.status == ValueStatus::ok) e = suppressed_estimate();
}

enum class RowUse : unsigned char { unseen, used, other_year, other_breakdown, not_published };

// Threads for the indicator engine: OMRADE_THREADS when set (1 = sequential), else every core.
unsigned engine_threads() {
    if (const char* e = std::getenv("OMRADE_THREADS")) {
        char* end = nullptr;
        const long v = std::strtol(e, &end, 10);
        if (end != e && *end == '\0' && v >= 1 && v <= 256) return static_cast<unsigned>(v);
    }
    return std::max(1u, std::thread::hardware_concurrency());
}

// fn(0..n-1) on up to `threads` threads, indices taken in order. An exception stops the
// remaining work; the one from the lowest index is rethrown, as a sequential loop would throw it
// (later indices may have run, but their results are discarded with the exception).
template <typename Fn>
void parallel_for(std::size_t n, unsigned threads, const Fn& fn) {
    const std::size_t workers = std::min<std::size_t>(threads, n);
    if (workers <= 1) {
        for (std::size_t i = 0; i < n; ++i) fn(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::vector<std::exception_ptr> errors(n);
    auto work = [&] {
        for (;;) {
            const std::size_t i = next.fetch_add(1);
            if (i >= n || failed.load()) return;
            try {
                fn(i);
            } catch (...) {
                errors[i] = std::current_exception();
                failed.store(true);
            }
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
}

// The statistics rows of each source indicator, in file order: every engine looks at its
// indicator's rows only, not at all rows of the country for each indicator and year.
class RowIndex {
public:
    explicit RowIndex(const Statistics& stats) {
        for (std::size_t i = 0; i < stats.rows.size(); ++i) m_rows[stats.rows[i].indicator].push_back(i);
    }
    const std::vector<std::size_t>& of(const std::string& indicator) const {
        static const std::vector<std::size_t> none;
        const auto it = m_rows.find(indicator);
        return it == m_rows.end() ? none : it->second;
    }

private:
    std::unordered_map<std::string, std::vector<std::size_t>> m_rows;
};

class IndicatorEngine {
public:
    IndicatorEngine(const Inputs& in, const RowIndex& index, const Catalogue& cat, const std::vector<AreaRef>& areas,
                    const std::vector<AreaQuantiles>& quantiles, std::vector<RowUse>& use)
        : m_in(in), m_index(index), m_cat(cat), m_areas(areas), m_quantiles(quantiles), m_use(use) {}

    // `year`: compute that year instead of the latest (the series, series.hpp).
    IndicatorProfile run(const Indicator& ind, std::optional<int> year = std::nullopt) {
        m_year = year;
        IndicatorProfile out;
        out.indicator = ind;
        m_standard = ind.standard.empty() ? nullptr : &m_cat.standards.at(ind.standard);
        m_cells.clear();
        m_bands.clear();
        m_weights = {};
        m_value_counts = false;
        collect(ind, out);
        if (!out.year) return out;
        if (from_counts(ind.type) && !m_value_counts) counts(ind, out);
        else values(ind, out);
        compare_and_summarise(ind, out);
        return out;
    }

private:
    const Inputs& m_in;
    const RowIndex& m_index;
    const Catalogue& m_cat;
    const std::vector<AreaRef>& m_areas;
    const std::vector<AreaQuantiles>& m_quantiles;  // per area: the SII's quantile of each member
    std::vector<RowUse>& m_use;
    const StandardPopulation* m_standard = nullptr;
    std::optional<int> m_year;  // forced data year (series); empty = the latest
    bool m_value_counts = false;  // typ antal from published values (e.g. SCB's folkmängd): summed
    std::map<std::string, std::vector<CellData>> m_cells;  // sex → per area
    std::set<std::string> m_bands;  // dsr: every age band in the indicator's rows
    MeanWeights m_weights;          // medel/index: the weight of each DeSO value

    Where where(const Indicator& ind, const std::string& key) const { return {m_cat.file, ind.line, ind.id, key}; }

    // A share above 100 % or a rate without its population is impossible input, not a value.
    void check_counts(const Indicator& ind, const StatRow& r) const {
        if (ind.type != IndicatorType::proportion && ind.type != IndicatorType::rate) return;
        const std::string& code = m_in.areas.areas[r.area].code;
        const std::string& file = m_in.statistics.sources[r.source].source;
        if (r.numerator && !r.denominator) {
            throw DataError({file, r.line, code, "namnare"},
                            std::string("nämnaren saknas för ") + ind.id + " (typ " + type_name(ind.type) + ") år " +
                                std::to_string(r.year),
                            "en andel eller kvot behöver både taljare och namnare; ange namnare eller '..' för ej publicerat");
        }
        if (ind.type == IndicatorType::proportion && r.numerator && r.denominator && *r.numerator > *r.denominator) {
            throw DataError({file, r.line, code, "taljare"},
                            fmt::format("täljaren {} är större än nämnaren {} (en andel på {:.0f} %) för {} år {}",
                                        *r.numerator, *r.denominator, 100.0 * *r.numerator / *r.denominator, ind.id, r.year),
                            "en andel kan inte överstiga 100 %; kontrollera raden (förväxlade kolumner?)");
        }
    }

    // Nothing usable in the profile year would publish an indicator that is empty everywhere.
    void require_used_rows(const Indicator& ind, int year) const {
        std::size_t used = 0, not_published = 0, other = 0;
        for (std::size_t i : m_index.of(ind.source)) {
            if (m_in.statistics.rows[i].year != year) continue;
            if (m_use[i] == RowUse::used) ++used;
            else if (m_use[i] == RowUse::not_published) ++not_published;
            else ++other;
        }
        if (used > 0) return;
        throw DataError(where(ind, "indikator." + ind.id + ".kalla"),
                        fmt::format("'{}' har inga användbara värden för profilåret {} ({} rader ej publicerade, {} med annan "
                                    "uppdelning)",
                                    ind.source, year, not_published, other),
                        "ta bort indikatorn ur katalogen eller lägg till data för året");
    }

    void collect(const Indicator& ind, IndicatorProfile& out) {
        const auto& stats = m_in.statistics;
        bool any = false, counts_rows = false, value_rows = false;
        const auto& rows = m_index.of(ind.source);
        for (std::size_t i : rows) {
            const auto& r = stats.rows[i];
            any = true;
            if (stats.sources[r.source].synthetic) out.indicator.synthetic = true;
            if (r.numerator || r.denominator) counts_rows = true;
            if (r.value) value_rows = true;
        }
        if (!any) check_indicator_sources(m_cat, stats);
        m_value_counts = ind.type == IndicatorType::count && !counts_rows && value_rows;
        if (from_counts(ind.type) && !m_value_counts && !counts_rows && value_rows) {
            throw DataError(where(ind, "indikator." + ind.id + ".typ"),
                            std::string("typ ") + type_name(ind.type) + " behöver täljare och nämnare, men '" + ind.source +
                                "' har bara värden",
                            "använd typ medel eller index för publicerade värden");
        }
        if (!from_counts(ind.type) && counts_rows && !value_rows) {
            throw DataError(where(ind, "indikator." + ind.id + ".typ"),
                            std::string("typ ") + type_name(ind.type) + " behöver publicerade värden, men '" + ind.source +
                                "' har täljare och nämnare",
                            "använd typ andel, kvot, dsr eller antal");
        }
        // The data year: the latest with any published row.
        for (std::size_t i : rows) {
            const auto& r = stats.rows[i];
            if (!r.not_published && (!out.year || r.year > *out.year)) out.year = r.year;
        }
        if (!out.year) out.year = stats.latest_year(ind.source);
        if (m_year) out.year = m_year;
        const std::size_t n_areas = m_in.areas.size();
        for (std::size_t i : rows) {
            const auto& r = stats.rows[i];
            if (r.year != *out.year) {
                m_use[i] = RowUse::other_year;
                continue;
            }
            const std::string sex = normalize_sex(r.sex);
            const bool band = r.age != "totalt";
            if (sex.empty() || (band && ind.type != IndicatorType::dsr)) {
                m_use[i] = RowUse::other_breakdown;
                continue;
            }
            auto& per_area = m_cells[sex];
            if (per_area.empty()) per_area.resize(n_areas);
            CellData& c = per_area[r.area];
            c.present = true;
            if (r.not_published) {
                m_use[i] = RowUse::not_published;
                if (!band) c.not_published = true;
                continue;
            }
            m_use[i] = RowUse::used;
            if (band) {
                if (!m_standard->weights.count(r.age)) {
                    throw DataError({m_in.statistics.sources[r.source].source, r.line, m_in.areas.areas[r.area].code, "aldersgrupp"},
                                    "åldersgruppen '" + r.age + "' saknar vikt i standardbefolkningen '" + ind.standard + "'",
                                    "lägg till den under [standardbefolkning." + ind.standard + ".vikter] i " + m_cat.file);
                }
                if (r.numerator.value_or(0) > 0 && r.denominator.value_or(0) <= 0) {
                    throw DataError({m_in.statistics.sources[r.source].source, r.line, m_in.areas.areas[r.area].code, "aldersgrupp"},
                                    "DeSO " + m_in.areas.areas[r.area].code + ", åldersgrupp '" + r.age + "': " +
                                        std::to_string(static_cast<long long>(*r.numerator)) + " händelser men befolkningen 0",
                                    "kontrollera befolkningen i åldersgruppen; en tom åldersgrupp har 0 händelser och befolkning 0");
                }
                c.bands[r.age] = {r.numerator.value_or(0), r.denominator.value_or(0)};
                m_bands.insert(r.age);
            } else {
                check_counts(ind, r);
                c.has_total = r.numerator.has_value();
                c.x = r.numerator.value_or(0);
                c.n = r.denominator.value_or(0);
                c.value = r.value;
                c.lower = r.lower;
                c.upper = r.upper;
            }
        }
        if (!m_year) require_used_rows(ind, *out.year);
        // A dsr DeSO without an age "totalt" row: its counts are the sum of its bands.
        for (auto& [sex, per_area] : m_cells) {
            for (auto& c : per_area) {
                if (!c.has_total && !c.bands.empty() && !c.not_published) {
                    for (const auto& [b, xn] : c.bands) {
                        c.x += xn.first;
                        c.n += xn.second;
                    }
                    c.has_total = true;
                }
            }
        }
        // Totalt derived from the sexes when only they are given.
        if (!m_cells.count("totalt") && m_cells.count("man") && m_cells.count("kvinnor")) {
            auto& t = m_cells["totalt"];
            t.resize(n_areas);
            for (std::size_t a = 0; a < n_areas; ++a) {
                const auto& m = m_cells["man"][a];
                const auto& k = m_cells["kvinnor"][a];
                auto& c = t[a];
                c.present = m.present || k.present;
                c.not_published = m.not_published || k.not_published;
                c.has_total = m.has_total && k.has_total;
                c.x = m.x + k.x;
                c.n = m.n + k.n;
                c.bands = m.bands;
                for (const auto& [b, xn] : k.bands) {
                    c.bands[b].first += xn.first;
                    c.bands[b].second += xn.second;
                }
            }
        }
        if (!m_cells.count("totalt")) m_cells["totalt"].resize(n_areas);
        out.sexes.push_back({"totalt", {}, {}, {}});
        const bool by_sex = m_cells.count("man") && m_cells.count("kvinnor") && from_counts(ind.type) && !m_value_counts;
        if (by_sex) {
            out.sexes.push_back({"man", {}, {}, {}});
            out.sexes.push_back({"kvinnor", {}, {}, {}});
        }
        for (auto& s : out.sexes) {
            s.deso.resize(n_areas);
            s.areas.resize(m_areas.size());
        }
    }

    bool cell_missing(const Indicator& ind, const CellData& c) const {
        if (!c.present || c.not_published || !c.has_total) return true;
        // 0 of 0 is nobody: nothing to compute and nothing to protect.
        return ind.type != IndicatorType::count && c.n <= 0 && c.x <= 0;
    }

    Estimate missing_reason(const Indicator& ind, const CellData& c) const {
        if (!c.present) return not_ok(ValueStatus::missing, "uppgift saknas");
        if (c.not_published) return not_ok(ValueStatus::missing, "ej publicerat av källan");
        if (!c.has_total) return not_ok(ValueStatus::missing, "täljare saknas");
        (void)ind;
        return not_ok(ValueStatus::too_few, "nämnaren är 0");
    }

    void set_counts_estimates(const Indicator& ind, double x, double n,
                              const std::map<std::string, std::pair<double, double>>& bands, Estimate& e95,
                              Estimate& e998, std::optional<double>& num, std::optional<double>& den) {
        // A band absent from this area's rows but present elsewhere is empty here (0 of 0): its
        // standard weight stays in the DSR's Σw.
        auto all = bands;
        for (const auto& b : m_bands) all.try_emplace(b, 0.0, 0.0);
        e95 = from_counts_estimate(ind, m_standard, x, n, all, 0.95);
        e998 = from_counts_estimate(ind, m_standard, x, n, all, 0.998);
        num = x;
        if (ind.type != IndicatorType::count) den = n;
    }

    // Quantile sums of one breakdown of area i over every DeSO with data, published or not: the
    // SII must not select on the outcome by leaving suppressed DeSOs out.
    struct QuantileSums {
        std::vector<double> x, n;
        std::vector<std::map<std::string, std::pair<double, double>>> bands;
    };
    QuantileSums quantile_sums(const Indicator& ind, const std::string& sex, std::size_t i) const {
        const AreaQuantiles& q = m_quantiles[i];
        const auto g = static_cast<std::size_t>(q.groups);
        QuantileSums s{std::vector<double>(g, 0.0), std::vector<double>(g, 0.0), std::vector<std::map<std::string, std::pair<double, double>>>(g)};
        const auto& members = m_areas[i].members;
        const auto& data = m_cells.at(sex);
        for (std::size_t j = 0; j < members.size(); ++j) {
            if (q.of_member[j] == 0) continue;
            const auto k = static_cast<std::size_t>(q.of_member[j] - 1);
            const auto [a, w] = members[j];
            const CellData& c = data[a];
            if (cell_missing(ind, c)) continue;
            s.x[k] += w * c.x;
            s.n[k] += w * c.n;
            for (const auto& [b, xn] : c.bands) {
                s.bands[k][b].first += w * xn.first;
                s.bands[k][b].second += w * xn.second;
            }
        }
        return s;
    }

    static void sii_not_computed(AreaValue& v, ValueStatus status, const std::string& note) {
        v.inequality.sii95 = v.inequality.sii998 = v.inequality.rii95 = v.inequality.rii998 = not_ok(status, note);
        v.inequality_quantiles = 0;
    }

    // The SII of a count indicator: phe_sii on the quantiles' own values and 95 % limits
    // (proportion: Wilson, as shares, logit scale; rate and dsr: log scale).
    void counts_sii(const Indicator& ind, const std::string& sex, std::size_t i, AreaValue& v) const {
        const AreaQuantiles& q = m_quantiles[i];
        if (ind.type == IndicatorType::count) return sii_not_computed(v, ValueStatus::missing, "SII beräknas inte för antal");
        if (q.groups == 0) return sii_not_computed(v, ValueStatus::too_few, q.note);
        const QuantileSums s = quantile_sums(ind, sex, i);
        SiiOptions o;
        o.repetitions = m_cat.sii_repetitions;
        o.interval = m_cat.sii_intervals;
        o.type = ind.type == IndicatorType::proportion ? SiiValueType::proportion : SiiValueType::rate;
        o.multiplier = ind.type == IndicatorType::proportion ? ind.multiplier : 1.0;
        std::vector<SiiQuantile> rows;
        for (std::size_t k = 0; k < s.x.size(); ++k) {
            const std::string which = "kvantil " + std::to_string(k + 1);
            if (s.n[k] <= 0) return sii_not_computed(v, ValueStatus::too_few, which + " saknar befolkning");
            Estimate e;
            if (ind.type == IndicatorType::proportion) {
                if (s.x[k] > s.n[k]) return sii_not_computed(v, ValueStatus::missing, which + ": täljaren är större än nämnaren");
                e = proportion(s.x[k], s.n[k], 0.95, 1.0);
            } else if (ind.type == IndicatorType::rate) {
                e = rate(s.x[k], s.n[k], 0.95, ind.multiplier);
            } else {
                auto bands = s.bands[k];
                for (const auto& b : m_bands) bands.try_emplace(b, 0.0, 0.0);
                e = from_counts_estimate(ind, m_standard, s.x[k], s.n[k], bands, 0.95);
            }
            if (e.status != ValueStatus::ok) return sii_not_computed(v, ValueStatus::too_few, which + ": " + e.note);
            rows.push_back({s.n[k], *e.value, *e.lower, *e.upper});
        }
        v.inequality = phe_sii(rows, o);
        v.inequality_quantiles = q.groups;
    }

    // The SII's slope and intercept as published linear combinations of one breakdown's cells
    // (value_q = X_q / N_q is linear in the numerators; the denominators count as known). Only
    // proportions and rates: a DSR is linear in band counts, not in the DeSO totals protected
    // here, so a DSR's SII is withheld instead when the area has a suppressed DeSO.
    std::optional<std::size_t> add_sii_groups(const Indicator& ind, const std::string& sex, std::size_t i,
                                              std::size_t cells_per_area, std::size_t offset,
                                              std::vector<DisclosureGroup>& groups) const {
        if (ind.type != IndicatorType::proportion && ind.type != IndicatorType::rate) return std::nullopt;
        const AreaQuantiles& q = m_quantiles[i];
        if (q.groups == 0) return std::nullopt;
        const QuantileSums s = quantile_sums(ind, sex, i);
        if (std::any_of(s.n.begin(), s.n.end(), [](double n) { return n <= 0; })) return std::nullopt;
        const SiiCoefficients c = sii_coefficients(s.n);
        DisclosureGroup slope{{}, m_areas[i].name + " SII " + sex, true}, intercept{{}, m_areas[i].name + " RII " + sex, true};
        const auto& members = m_areas[i].members;
        const auto& data = m_cells.at(sex);
        for (std::size_t j = 0; j < members.size(); ++j) {
            if (q.of_member[j] == 0) continue;
            const auto k = static_cast<std::size_t>(q.of_member[j] - 1);
            const auto [a, w] = members[j];
            if (cell_missing(ind, data[a])) continue;
            const std::size_t cell = a * cells_per_area + offset;
            if (c.slope[k] != 0) slope.members.emplace_back(cell, c.slope[k] * w / s.n[k]);
            if (c.intercept[k] != 0) intercept.members.emplace_back(cell, c.intercept[k] * w / s.n[k]);
        }
        const std::size_t first = groups.size();
        groups.push_back(std::move(slope));
        groups.push_back(std::move(intercept));
        return first;
    }

    void counts(const Indicator& ind, IndicatorProfile& out) {
        const std::size_t n_areas = m_in.areas.size();
        const bool by_sex = out.sexes.size() == 3;
        // Disclosure control in two passes, because protect() guards cells, not withheld totals:
        // modelling a DeSO's totalt as a group over its sex cells would leave a withheld DeSO
        // totalt recoverable as "catchment minus the other DeSOs" (the e2e attacker found it in the
        // demo: diabetes 0780C1050, 4 cases, = Teleborg's total minus published DeSO totals).
        // Pass 1 protects the DeSO totalt values against the area totals; pass 2 the sex cells
        // against the area totals per sex. They are then tied together: a DeSO shows its sexes only
        // when its totalt and both sexes pass, and an area shows its sex totals only when all
        // three of its totals pass, so that totalt = män + kvinnor reveals nothing withheld.
        // Each pass also holds every area's SII (slope and intercept, so also the RII) as
        // published combinations of the same cells, listed before the totals so that, when a
        // published value must go, the SII goes before the area's own value.
        DisclosureRules rules;
        rules.min_numerator = ind.min_numerator.value_or(m_in.config.min_numerator);
        rules.min_denominator = ind.type == IndicatorType::count ? 0.0 : ind.min_denominator.value_or(m_in.config.min_denominator);
        rules.suppress_zero = m_in.config.suppress_zero;
        auto cell_of = [&](const CellData& c) {
            DisclosureCell d;
            d.numerator = c.x;
            d.denominator = ind.type == IndicatorType::count ? 0.0 : c.n;
            d.missing = cell_missing(ind, c);
            return d;
        };
        const std::size_t n_groups = m_areas.size();
        std::vector<DisclosureCell> total_cells;
        for (std::size_t a = 0; a < n_areas; ++a) total_cells.push_back(cell_of(m_cells["totalt"][a]));
        std::vector<DisclosureGroup> total_groups;
        std::vector<std::optional<std::size_t>> sii_total_group(n_groups);
        for (std::size_t i = 0; i < n_groups; ++i) sii_total_group[i] = add_sii_groups(ind, "totalt", i, 1, 0, total_groups);
        const std::size_t total_offset = total_groups.size();
        for (const auto& r : m_areas) total_groups.push_back({r.members, r.name, false});
        const DisclosureResult pass1 = protect(total_cells, total_groups, rules);
        out.suppression.cells = total_cells.size();
        out.suppression.primary = pass1.primary;
        out.suppression.secondary = pass1.secondary;

        std::vector<bool> deso_total_suppressed(n_areas), deso_sex_suppressed(n_areas, false);
        std::vector<bool> sex_cell_own(n_areas * 2, false);  // pass 2 itself suppressed (DeSO, sex)
        std::vector<bool> area_total_withheld(n_groups), area_sex_withheld(n_groups, false);
        std::vector<bool> sii_total_withheld(n_groups, false), rii_total_withheld(n_groups, false);
        std::vector<bool> sii_sex_withheld(n_groups, false), rii_sex_withheld(n_groups, false);
        for (std::size_t a = 0; a < n_areas; ++a) deso_total_suppressed[a] = pass1.cells[a] != Suppression::none;
        for (std::size_t i = 0; i < n_groups; ++i) {
            area_total_withheld[i] = pass1.group_suppressed[total_offset + i];
            if (sii_total_group[i]) {
                sii_total_withheld[i] = pass1.group_suppressed[*sii_total_group[i]];
                rii_total_withheld[i] = sii_total_withheld[i] || pass1.group_suppressed[*sii_total_group[i] + 1];
            }
        }
        if (by_sex) {
            std::vector<DisclosureCell> sex_cells;
            for (std::size_t a = 0; a < n_areas; ++a) {
                sex_cells.push_back(cell_of(m_cells["man"][a]));
                sex_cells.push_back(cell_of(m_cells["kvinnor"][a]));
            }
            std::vector<DisclosureGroup> sex_groups;
            std::vector<std::optional<std::size_t>> sii_sex_group(n_groups * 2);
            for (std::size_t i = 0; i < n_groups; ++i) {
                sii_sex_group[i * 2] = add_sii_groups(ind, "man", i, 2, 0, sex_groups);
                sii_sex_group[i * 2 + 1] = add_sii_groups(ind, "kvinnor", i, 2, 1, sex_groups);
            }
            const std::size_t sex_offset = sex_groups.size();
            for (const auto& r : m_areas) {
                for (std::size_t s = 0; s < 2; ++s) {
                    DisclosureGroup g{{}, r.name + (s == 0 ? " män" : " kvinnor"), false};
                    for (const auto& [a, w] : r.members) g.members.emplace_back(a * 2 + s, w);
                    sex_groups.push_back(std::move(g));
                }
            }
            const DisclosureResult pass2 = protect(sex_cells, sex_groups, rules);
            out.suppression.cells += sex_cells.size();
            out.suppression.primary += pass2.primary;
            out.suppression.secondary += pass2.secondary;
            for (std::size_t a = 0; a < n_areas * 2; ++a) sex_cell_own[a] = pass2.cells[a] != Suppression::none;
            for (std::size_t a = 0; a < n_areas; ++a) {
                deso_sex_suppressed[a] = deso_total_suppressed[a] || pass2.cells[a * 2] != Suppression::none ||
                                         pass2.cells[a * 2 + 1] != Suppression::none;
            }
            for (std::size_t i = 0; i < n_groups; ++i) {
                area_sex_withheld[i] = area_total_withheld[i] || pass2.group_suppressed[sex_offset + i * 2] ||
                                       pass2.group_suppressed[sex_offset + i * 2 + 1];
                // As the totals: the sexes' SII only when totalt's and both sexes' pass.
                sii_sex_withheld[i] = sii_total_withheld[i];
                rii_sex_withheld[i] = rii_total_withheld[i];
                for (std::size_t s = 0; s < 2; ++s) {
                    if (!sii_sex_group[i * 2 + s]) continue;
                    const std::size_t g = *sii_sex_group[i * 2 + s];
                    sii_sex_withheld[i] = sii_sex_withheld[i] || pass2.group_suppressed[g];
                    rii_sex_withheld[i] = rii_sex_withheld[i] || pass2.group_suppressed[g] || pass2.group_suppressed[g + 1];
                }
            }
        }
        for (std::size_t i = 0; i < n_groups; ++i) {
            if (area_total_withheld[i]) ++out.suppression.groups_withheld;
            if (by_sex && area_sex_withheld[i]) out.suppression.groups_withheld += 2;
        }

        // DeSO values.
        for (auto& sv : out.sexes) {
            const auto& data = m_cells[sv.sex];
            for (std::size_t a = 0; a < n_areas; ++a) {
                const CellData& c = data[a];
                DesoValue& d = sv.deso[a];
                const bool suppressed = sv.sex == "totalt" ? deso_total_suppressed[a] : deso_sex_suppressed[a];
                if (cell_missing(ind, c)) {
                    d.ci95 = d.ci998 = missing_reason(ind, c);
                } else if (suppressed) {
                    d.ci95 = d.ci998 = suppressed_estimate();
                    // A sex cell hidden because its DeSO's totalt or other sex is: no rule of its own.
                    if (sv.sex != "totalt" && !sex_cell_own[a * 2 + (sv.sex == "man" ? 0 : 1)]) ++out.suppression.consequential;
                } else {
                    set_counts_estimates(ind, c.x, c.n, c.bands, d.ci95, d.ci998, d.numerator, d.denominator);
                }
            }
        }
        // Aggregates: weighted counts, the method applied to the sums.
        for (std::size_t i = 0; i < m_areas.size(); ++i) {
            const auto& r = m_areas[i];
            for (std::size_t s = 0; s < out.sexes.size(); ++s) {
                auto& sv = out.sexes[s];
                AreaValue& v = sv.areas[i];
                const bool withheld = s == 0 ? area_total_withheld[i] : area_sex_withheld[i];
                double x = 0, n = 0;
                std::size_t with_data = 0;
                bool any_suppressed = false;
                std::map<std::string, std::pair<double, double>> bands;
                for (const auto& [a, w] : r.members) {
                    const CellData& c = m_cells[sv.sex][a];
                    if (cell_missing(ind, c)) continue;
                    ++with_data;
                    any_suppressed = any_suppressed || (s == 0 ? deso_total_suppressed[a] : deso_sex_suppressed[a]);
                    x += w * c.x;
                    n += w * c.n;
                    for (const auto& [b, xn] : c.bands) {
                        bands[b].first += w * xn.first;
                        bands[b].second += w * xn.second;
                    }
                }
                if (with_data == 0) {
                    v.ci95 = v.ci998 = not_ok(ValueStatus::missing, "uppgift saknas för områdets DeSO");
                } else if (withheld) {
                    v.ci95 = v.ci998 = suppressed_estimate();
                } else {
                    set_counts_estimates(ind, x, n, bands, v.ci95, v.ci998, v.numerator, v.denominator);
                }
                // Earlier years feed the series, which is totalt only: no SII by sex there.
                if (s == 0 || !m_year) counts_sii(ind, sv.sex, i, v);
                else sii_not_computed(v, ValueStatus::missing, "SII per kön beräknas bara för profilåret");
                const bool sii_withheld = (s == 0 ? sii_total_withheld[i] : sii_sex_withheld[i]) ||
                                          (ind.type == IndicatorType::dsr && any_suppressed);
                const bool rii_withheld = sii_withheld || (s == 0 ? rii_total_withheld[i] : rii_sex_withheld[i]);
                if (sii_withheld) {
                    withhold(v.inequality.sii95);
                    withhold(v.inequality.sii998);
                }
                if (rii_withheld) {
                    withhold(v.inequality.rii95);
                    withhold(v.inequality.rii998);
                }
            }
        }
    }

    void values(const Indicator& ind, IndicatorProfile& out) {
        const std::size_t n_areas = m_in.areas.size();
        auto& sv = out.sexes[0];
        const auto& data = m_cells["totalt"];
        for (std::size_t a = 0; a < n_areas; ++a) {
            const CellData& c = data[a];
            DesoValue& d = sv.deso[a];
            if (!c.present) d.ci95 = not_ok(ValueStatus::missing, "uppgift saknas");
            else if (!c.value) d.ci95 = not_ok(ValueStatus::missing, "ej publicerat av källan");
            else {
                d.ci95.status = ValueStatus::ok;
                d.ci95.value = c.value;
                d.ci95.lower = c.lower;
                d.ci95.upper = c.upper;
            }
            d.ci998 = d.ci95;
            if (d.ci998.status == ValueStatus::ok) d.ci998.lower = d.ci998.upper = std::nullopt;  // published at 95 % only
        }
        // Intensive values cannot be summed: means weighted by what each value is a mean over
        // (the catalogue's vikt). Published counts are extensive: weighted sums.
        if (!m_value_counts) m_weights = mean_weights(m_in, m_cat, ind);
        const MeanWeights& weights = m_weights;
        const auto& pop = weights.per_area;
        for (std::size_t i = 0; i < m_areas.size(); ++i) {
            double sum = 0, weight = 0;
            for (const auto& [a, w] : m_areas[i].members) {
                const auto& d = sv.deso[a];
                if (d.ci95.status != ValueStatus::ok) continue;
                if (m_value_counts) {
                    sum += w * *d.ci95.value;
                    weight += w;
                    continue;
                }
                if (pop.empty() || pop[a] <= 0) continue;
                sum += w * pop[a] * *d.ci95.value;
                weight += w * pop[a];
            }
            AreaValue& v = sv.areas[i];
            if (weight > 0) {
                v.ci95.status = ValueStatus::ok;
                v.ci95.value = m_value_counts ? sum : sum / weight;
                v.ci95.note = m_value_counts ? "summa av DeSO-värden" : weights.label;
            } else {
                v.ci95 = not_ok(ValueStatus::missing, "inga DeSO-värden med befolkning i området");
            }
            v.ci998 = v.ci95;
            values_sii(i, v);
        }
    }

    // The SII of published values (medel, index): each quantile's value is the weighted mean of
    // its DeSO values (the catalogue's vikt), its population the sum of the weights. Published
    // values carry no uncertainty the method could use, so point estimates only.
    void values_sii(std::size_t i, AreaValue& v) const {
        if (m_value_counts) return sii_not_computed(v, ValueStatus::missing, "SII beräknas inte för antal");
        const AreaQuantiles& q = m_quantiles[i];
        if (q.groups == 0) return sii_not_computed(v, ValueStatus::too_few, q.note);
        const auto g = static_cast<std::size_t>(q.groups);
        std::vector<double> sum(g, 0.0), weight(g, 0.0);
        const auto& members = m_areas[i].members;
        const auto& data = m_cells.at("totalt");
        for (std::size_t j = 0; j < members.size(); ++j) {
            if (q.of_member[j] == 0) continue;
            const auto k = static_cast<std::size_t>(q.of_member[j] - 1);
            const auto [a, w] = members[j];
            if (!data[a].present || !data[a].value || a >= m_weights.per_area.size() || m_weights.per_area[a] <= 0) continue;
            sum[k] += w * m_weights.per_area[a] * *data[a].value;
            weight[k] += w * m_weights.per_area[a];
        }
        std::vector<SiiQuantile> rows;
        for (std::size_t k = 0; k < g; ++k) {
            if (weight[k] <= 0) return sii_not_computed(v, ValueStatus::too_few, "kvantil " + std::to_string(k + 1) + " saknar värden");
            rows.push_back({weight[k], sum[k] / weight[k], 0, 0});
        }
        SiiOptions o;
        o.interval = false;
        v.inequality = phe_sii(rows, o);
        v.inequality_quantiles = q.groups;
    }

    void compare_and_summarise(const Indicator& ind, IndicatorProfile& out) {
        const std::size_t county = m_areas.size() - 1;
        for (auto& sv : out.sexes) {
            // The benchmark of the same breakdown: men against men, never the totalt value.
            std::optional<double> bench;
            std::string bench_note;
            const char* who = sv.sex == "man" ? "män" : sv.sex == "kvinnor" ? "kvinnor" : "totalt";
            if (ind.comparison_level == "riket") {
                const auto it = ind.benchmark_by_sex.find(sv.sex);
                if (it != ind.benchmark_by_sex.end()) bench = it->second;
                else bench_note = std::string("inget riksvärde för ") + who + " i katalogen";
            } else if (sv.areas[county].ci95.status == ValueStatus::ok) {
                bench = sv.areas[county].ci95.value;
            } else {
                bench_note = std::string("länets värde för ") + who + " är " + status_text(sv.areas[county].ci95.status);
            }
            if (sv.sex == "totalt") out.benchmark = bench;
            sv.benchmark = bench;
            auto note_for = [&](const Estimate& e, Rating r) -> std::string {
                if (r != Rating::not_compared || e.status != ValueStatus::ok) return {};
                if (ind.type == IndicatorType::count) return "antal jämförs inte";
                if (!has_interval(e)) return "värdet saknar konfidensintervall";
                return bench_note;
            };
            for (auto& d : sv.deso) {
                const Estimate& e = ind.comparison_confidence > 0.99 ? d.ci998 : d.ci95;
                d.rating = rate_against(e, bench, ind.polarity);
                d.comparison_note = note_for(e, d.rating);
            }
            if (sv.sex == "totalt") {
                std::vector<double> published;
                for (const auto& d : sv.deso) {
                    if (d.ci95.status == ValueStatus::ok) published.push_back(*d.ci95.value);
                }
                if (published.size() >= 5) {
                    out.quintile_cuts = quantile_cuts(published, 5);
                    for (auto& d : sv.deso) {
                        if (d.ci95.status == ValueStatus::ok) d.quintile = quantile_of(*d.ci95.value, out.quintile_cuts);
                    }
                }
            }
            for (std::size_t i = 0; i < m_areas.size(); ++i) {
                AreaValue& v = sv.areas[i];
                v.rating95 = rate_against(v.ci95, bench, ind.polarity);
                v.rating998 = rate_against(v.ci998, bench, ind.polarity);
                v.comparison_note = note_for(ind.comparison_confidence > 0.99 ? v.ci998 : v.ci95,
                                             ind.comparison_confidence > 0.99 ? v.rating998 : v.rating95);
                for (const auto& [a, w] : m_areas[i].members) {
                    ++v.deso_count;
                    const auto& d = sv.deso[a];
                    if (d.ci95.status != ValueStatus::ok) continue;
                    ++v.deso_published;
                    const double x = *d.ci95.value;
                    v.deso_min = v.deso_min ? std::min(*v.deso_min, x) : x;
                    v.deso_max = v.deso_max ? std::max(*v.deso_max, x) : x;
                }
                if (ind.target && v.ci95.status == ValueStatus::ok) {
                    const bool met = ind.target->at_least ? *v.ci95.value >= ind.target->value : *v.ci95.value <= ind.target->value;
                    v.target_status = met ? "uppnått" : "inte uppnått";
                }
            }
        }
        for (const auto& d : out.sexes[0].deso) {
            if (d.ci95.status == ValueStatus::suppressed) ++out.suppression.deso_suppressed;
        }
    }
};

// Every earlier year of each indicator computed like the profile year (its own disclosure
// control), then trend and change (series.hpp). Additive: the profile year's values are untouched.
// The SII quantiles are those of the profile year (its population and deprivation ranking), so
// that a change in the SII is a change in the outcome, not in how the DeSOs were grouped.
void add_series(const Inputs& in, const RowIndex& index, const Catalogue& catalogue, ProfileSet& set,
                const std::vector<AreaQuantiles>& quantiles, unsigned threads) {
    // Every (indicator, earlier year) is independent: computed in parallel, each with its own
    // engine, and put back in order.
    struct Task {
        std::size_t indicator;
        int year;
    };
    std::vector<Task> tasks;
    std::vector<std::set<int>> years(set.indicators.size()), converted(set.indicators.size());
    for (std::size_t i = 0; i < set.indicators.size(); ++i) {
        const auto& profile = set.indicators[i];
        if (!profile.year) continue;
        for (std::size_t k : index.of(profile.indicator.source)) {
            const auto& r = in.statistics.rows[k];
            if (r.year > *profile.year) continue;
            years[i].insert(r.year);
            if (r.converted) converted[i].insert(r.year);
        }
        for (const int y : years[i])
            if (y != *profile.year) tasks.push_back({i, y});
    }
    std::vector<IndicatorProfile> earlier(tasks.size());
    parallel_for(tasks.size(), threads, [&](std::size_t t) {
        std::vector<RowUse> scratch(in.statistics.rows.size(), RowUse::unseen);
        IndicatorEngine engine(in, index, catalogue, set.areas, quantiles, scratch);
        earlier[t] = engine.run(set.indicators[tasks[t].indicator].indicator, tasks[t].year);
    });
    std::size_t t = 0;
    for (std::size_t i = 0; i < set.indicators.size(); ++i) {
        auto& profile = set.indicators[i];
        if (!profile.year) continue;
        std::vector<const IndicatorProfile*> per_year;
        for (const int y : years[i]) {
            if (y == *profile.year) per_year.push_back(&profile);
            else per_year.push_back(&earlier[t++]);
        }
        profile.series = make_series(profile, per_year, set.areas, {converted[i].begin(), converted[i].end()});
    }
}

}  // namespace

void check_indicator_sources(const Catalogue& catalogue, const Statistics& statistics, Problems& problems) {
    std::set<std::string> present;
    for (const auto& r : statistics.rows) present.insert(r.indicator);
    std::vector<std::string> ids;
    for (const auto& s : statistics.sources) ids.insert(ids.end(), s.indicators.begin(), s.indicators.end());
    for (const auto& ind : catalogue.indicators) {
        if (present.count(ind.source)) continue;
        const auto near = closest_name(ind.source, ids);
        // kalla defaults to the id: name the key the user wrote.
        const std::string key = ind.source == ind.id ? "indikator.id" : "indikator." + ind.id + ".kalla";
        problems.add(DataError({catalogue.file, ind.line, ind.id, key},
                               "statistiken '" + ind.source + "' finns inte i någon [[statistik]]-källa",
                               (near ? "menade du '" + *near + "'? " : std::string()) +
                                   "kontrollera kalla i katalogen och [[statistik]] i konfigurationen"));
    }
}

ProfileSet compute_profiles(const Inputs& in, const Catalogue& catalogue) {
    ProfileSet set;
    set.areas = make_areas(in);
    set.deprivation = catalogue.deprivation;
    const auto deprivation = deprivation_values(in, catalogue.deprivation);
    const auto quantiles = sii_quantiles(in, catalogue, set, deprivation);
    // The indicators are independent: computed in parallel (each with its own engine and row
    // accounting), the results and the accounting put together in catalogue order, so that the
    // output is the same with any number of threads.
    const unsigned threads = engine_threads();
    std::vector<RowUse> use(in.statistics.rows.size(), RowUse::unseen);
    const RowIndex index(in.statistics);
    set.indicators.resize(catalogue.indicators.size());
    std::vector<std::vector<std::pair<std::size_t, RowUse>>> touched(catalogue.indicators.size());
    parallel_for(catalogue.indicators.size(), threads, [&](std::size_t i) {
        std::vector<RowUse> own(in.statistics.rows.size(), RowUse::unseen);
        IndicatorEngine engine(in, index, catalogue, set.areas, quantiles, own);
        set.indicators[i] = engine.run(catalogue.indicators[i]);
        // An engine marks the rows of its indicator only.
        for (std::size_t r : index.of(catalogue.indicators[i].source))
            if (own[r] != RowUse::unseen) touched[i].emplace_back(r, own[r]);
    });
    for (std::size_t i = 0; i < touched.size(); ++i) {
        for (const auto& [r, u] : touched[i]) use[r] = u;  // a later indicator of the same rows wins, as in sequence
        if (set.indicators[i].indicator.synthetic) set.synthetic = true;
    }
    add_series(in, index, catalogue, set, quantiles, threads);
    for (const auto& src : in.statistics.sources) {
        RowAccounting acc;
        acc.source = src.source;
        // A converted source's rows are the DeSO 2025 rows made from it (its 2018 rows are
        // accounted for in the input report's "omrakning").
        acc.read = src.revision ? src.rows_joined + src.rows_outside : src.rows_read;
        acc.outside = src.rows_outside;
        set.rows.push_back(acc);
    }
    for (std::size_t i = 0; i < use.size(); ++i) {
        auto& acc = set.rows[in.statistics.rows[i].source];
        switch (use[i]) {
        case RowUse::unseen: ++acc.not_in_catalogue; break;
        case RowUse::used: ++acc.used; break;
        case RowUse::other_year: ++acc.other_year; break;
        case RowUse::other_breakdown: ++acc.other_breakdown; break;
        case RowUse::not_published: ++acc.not_published; break;
        }
    }
    return set;
}

}  // namespace omrade::profiles
