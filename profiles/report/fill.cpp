#include "profiles/report/fill.hpp"

#include "profiles/engine/sensitivity.hpp"

#include "profiles/report/swedish_format.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>

namespace omrade::profiles::report {

namespace {

// The engine's status and note as a report cell. A suppressed value carries no number in the
// engine; the cell gets none either, and the report's standard footnote gives the reason.
Cell cell_of(const Estimate& e) {
    switch (e.status) {
    case ValueStatus::ok: return e.value ? Cell::of(*e.value) : Cell{};
    case ValueStatus::missing: return {std::nullopt, CellStatus::missing, e.note};
    case ValueStatus::too_few: return {std::nullopt, CellStatus::too_few, e.note};
    case ValueStatus::suppressed: return {std::nullopt, CellStatus::suppressed, {}};
    }
    return {};
}

// What fits the 2–6 A4 pages: two maps fill one page; the DeSO table takes five indicators.
constexpr std::size_t map_indicators = 2;
constexpr std::size_t deso_table_indicators = 5;

bool compared_at_998(const Indicator& ind) { return ind.comparison_confidence > 0.99; }

Rating area_rating(const Indicator& ind, const AreaValue& v) { return compared_at_998(ind) ? v.rating998 : v.rating95; }

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
    if (method == "listning (fraktionell)") return "listning, fraktionell (andel av de listade per DeSO)";
    if (method == "narmast") return "närmaste vårdcentral";
    if (method == "polygoner") return "ritade områden (polygoner)";
    return method;
}

std::string year_range(const ProfileSet* set) {
    int lo = 0, hi = 0;
    if (set) {
        for (const auto& p : set->indicators) {
            if (!p.year) continue;
            lo = lo == 0 ? *p.year : std::min(lo, *p.year);
            hi = std::max(hi, *p.year);
        }
    }
    if (lo == 0) return "\u2013";
    return (lo == hi ? std::to_string(lo) : fmt::format("{}\u2013{}", lo, hi)) + " (senaste år per indikator)";
}

// The provenance json of profile_io (shared with profil.json), as the report shows it.
Provenance provenance_of(const Inputs& in, const EngineResult& engine) {
    const nlohmann::json& j = engine.provenance;
    Provenance p;
    p.tool_version = j.value("version", "");
    p.built = today();
    const std::string division = j.value("indelning", in.areas.version);
    p.area_division = division.empty() ? "egen indelning" : division;
    const std::string method = j.value("upptagningsmetod", "");
    p.catchment_method = method.empty() ? "inget upptagningsområde angivet" : method_label(method);
    p.config_file = in.config.file.filename().string();
    if (j.contains("indata")) {
        for (const auto& f : j["indata"]) {
            // Never the build machine's folders (reports are mailed): a path below the config
            // file's folder relative to it, any other only its file name; the checksum says
            // which file it was.
            std::string source = f.value("kalla", "");
            const std::string dir = in.config.dir.string() + "/";
            if (!in.config.dir.empty() && source.rfind(dir, 0) == 0) {
                source = source.substr(dir.size());
            } else if (!source.empty() && source.front() == '/') {
                const auto bar = source.find('|');
                const std::string file = source.substr(0, bar);
                source = file.substr(file.rfind('/') + 1) + (bar == std::string::npos ? "" : source.substr(bar));
            }
            p.inputs.push_back({f.value("typ", ""), source, f.value("sha256", "")});
        }
    }
    p.synthetic = j.value("syntetiska_data", in.statistics.any_synthetic());
    p.data_years = year_range(engine.profiles);
    return p;
}

std::vector<double> published_deso_values(const IndicatorProfile& p) {
    std::vector<double> v;
    if (p.sexes.empty()) return v;
    for (const auto& d : p.sexes[0].deso) {
        if (d.ci95.status == ValueStatus::ok && d.ci95.value) v.push_back(*d.ci95.value);
    }
    return v;
}

std::string target_text(const Indicator& ind, int decimals) {
    if (!ind.target) return {};
    const double t = ind.target->value;
    return std::string(ind.target->at_least ? "minst " : "högst ") +
           format_with_unit(t, ind.unit == "%" ? "%" : ind.unit, std::floor(t) == t ? 0 : decimals);
}

std::string comparison_text(const Indicator& ind, Rating r) {
    if (r == Rating::not_compared) return "ej jämförd";
    std::string t = rating_text(r);
    if (ind.comparison_level == "riket") t += " (riket)";
    if (compared_at_998(ind)) t += " (99,8\u00A0%)";
    return t;
}

// Arrow of a development: up, down, level, nothing when not computed.
std::string development_arrow(const Development& d) {
    const bool trend = d.basis == Development::Basis::trend;
    const bool up = trend ? d.trend.direction == TrendDirection::increasing : d.change.direction == ChangeDirection::increase;
    const bool down = trend ? d.trend.direction == TrendDirection::decreasing : d.change.direction == ChangeDirection::decrease;
    if (d.basis == Development::Basis::none) return "";
    return up ? "↑" : down ? "↓" : "→";
}

bool has_series(const IndicatorProfile& p) { return p.series.years.size() >= 2 && !p.sexes.empty(); }

void add_trend(IndicatorRow& r, const IndicatorProfile& p, std::size_t area) {
    if (!has_series(p) || area >= p.series.areas.size()) return;
    const Development& d = p.series.areas[area].development;
    r.trend = d.word;
    r.trend_colour = rating_colour(d.rating);
    r.trend_arrow = development_arrow(d);
    r.trend_reason = d.reason;
    r.converted = !p.series.converted_years.empty();
}

// "60,0 % 2024 (71,0 % 2023), mål högst 50 %": the latest value, the previous year's, the target.
std::string series_summary(const IndicatorProfile& p, const AreaSeries& as, int decimals, const std::string& target) {
    const std::string unit = p.indicator.unit == "%" ? "%" : p.indicator.unit;
    std::string out;
    for (std::size_t k = as.points.size(); k-- > 0;) {
        const SeriesPoint& pt = as.points[k];
        if (pt.ci95.status != ValueStatus::ok || !pt.ci95.value) continue;
        const std::string v = format_with_unit(*pt.ci95.value, unit, decimals) + " " + std::to_string(pt.year);
        if (out.empty()) {
            out = v;
        } else {
            out += " (" + v + ")";
            break;
        }
    }
    if (out.empty()) out = "inga värden";
    if (!target.empty()) out += ", mål " + target;
    return out;
}

SeriesChart series_chart(const ProfileSet& set, const IndicatorProfile& p, std::size_t area) {
    const Indicator& ind = p.indicator;
    SeriesChart c;
    c.id = ind.id;
    c.name = ind.name;
    c.unit = ind.unit;
    c.decimals = display_decimals(ind);
    c.years = p.series.years;
    c.synthetic = ind.synthetic;
    const AreaSeries& as = p.series.areas.at(area);
    const AreaSeries& county = p.series.areas.at(set.county_area());
    for (std::size_t k = 0; k < as.points.size(); ++k) {
        const Estimate& e = as.points[k].ci95;
        c.area.push_back(cell_of(e));
        c.lower.push_back(e.status == ValueStatus::ok ? e.lower : std::nullopt);
        c.upper.push_back(e.status == ValueStatus::ok ? e.upper : std::nullopt);
        c.county.push_back(cell_of(county.points.at(k).ci95));
    }
    if (ind.target) c.target = ind.target->value;
    c.target_text = target_text(ind, c.decimals);
    c.word = as.development.word;
    c.word_colour = rating_colour(as.development.rating);
    c.reason = as.development.reason;
    c.summary = series_summary(p, as, c.decimals, c.target_text);
    return c;
}

GapChart gap_chart(const ProfileSet& set, const IndicatorProfile& p) {
    const Indicator& ind = p.indicator;
    GapChart g;
    g.id = ind.id;
    g.name = ind.name;
    g.unit = ind.unit;
    g.decimals = display_decimals(ind);
    g.years = p.series.years;
    g.synthetic = ind.synthetic;
    const AreaSeries& county = p.series.areas.at(set.county_area());
    for (const auto& pt : county.points) {
        g.sii.push_back(cell_of(pt.sii));
        g.lower.push_back(pt.sii.status == ValueStatus::ok ? pt.sii.lower : std::nullopt);
        g.upper.push_back(pt.sii.status == ValueStatus::ok ? pt.sii.upper : std::nullopt);
    }
    g.verdict = county.gap.word;
    g.reason = county.gap.reason;
    return g;
}

IndicatorRow indicator_row(const ProfileSet& set, const IndicatorProfile& p, std::size_t area) {
    const Indicator& ind = p.indicator;
    IndicatorRow r;
    r.id = ind.id;
    r.name = ind.name;
    r.unit = ind.unit;
    r.year = p.year ? std::to_string(*p.year) : "\u2013";
    r.decimals = display_decimals(ind);
    r.synthetic = ind.synthetic;
    if (p.sexes.empty()) return r;
    const SexValues& total = p.sexes[0];
    const AreaValue& v = total.areas.at(area);
    r.value = cell_of(v.ci95);
    // The interval shown is the one the colour comes from (99.8 % for a ki998 comparison).
    const Estimate& shown = compared_at_998(ind) ? v.ci998 : v.ci95;
    if (shown.status == ValueStatus::ok) {
        r.lower = shown.lower;
        r.upper = shown.upper;
    }
    r.county = cell_of(total.areas.at(set.county_area()).ci95);
    const Rating rating = area_rating(ind, v);
    r.comparison = comparison_text(ind, rating);
    r.comparison_colour = rating_colour(rating);
    r.deso_min = v.deso_min;
    r.deso_max = v.deso_max;
    r.deso_published = v.deso_published;
    r.deso_count = v.deso_count;
    if (v.deso_published == 0) {
        const bool any_suppressed = std::any_of(set.areas[area].members.begin(), set.areas[area].members.end(),
                                                [&](const auto& m) { return total.deso[m.first].ci95.status == ValueStatus::suppressed; });
        r.deso_range_note = any_suppressed ? "alla undertryckta" : "saknas";
    }
    const auto all = published_deso_values(p);
    if (!all.empty()) {
        r.county_min = *std::min_element(all.begin(), all.end());
        r.county_max = *std::max_element(all.begin(), all.end());
        const auto q = quantile_cuts_type6(all, 4);
        if (q.size() == 3) {
            r.county_q1 = q[0];
            r.county_q3 = q[2];
        }
    }
    if (ind.type == IndicatorType::count) {
        r.spine_note = "antal: jämförs inte med länets summa";
    } else if (all.empty() && p.suppression.deso_suppressed > 0) {
        r.spine_note = "länets DeSO-värden är undertryckta";
    }
    r.target = target_text(ind, r.decimals);
    r.target_status = v.target_status;
    add_trend(r, p, area);
    return r;
}

MapLayer map_layer(const IndicatorProfile& p) {
    const Indicator& ind = p.indicator;
    MapLayer m;
    m.title = ind.name + (ind.unit.empty() ? "" : ", " + ind.unit) + (p.year ? ", " + std::to_string(*p.year) : "");
    m.unit = ind.unit;
    m.decimals = display_decimals(ind);
    m.synthetic = ind.synthetic;
    m.cuts = p.quintile_cuts;
    const auto values = published_deso_values(p);
    if (!values.empty()) {
        m.low = *std::min_element(values.begin(), values.end());
        m.high = *std::max_element(values.begin(), values.end());
    }
    if (p.sexes.empty()) return m;
    for (const auto& d : p.sexes[0].deso) {
        m.statuses.push_back(cell_of(d.ci95).status);
        m.classes.push_back(d.ci95.status == ValueStatus::ok ? d.quintile : 0);
    }
    return m;
}

KeyFigure indicator_key_figure(const ProfileSet& set, const IndicatorProfile& p, std::size_t area) {
    const Indicator& ind = p.indicator;
    const int decimals = display_decimals(ind);
    const std::string unit = ind.unit == "%" ? "%" : ind.unit;
    KeyFigure k{ind.name, {}, unit, decimals, {}};
    if (p.sexes.empty()) return k;
    const AreaValue& v = p.sexes[0].areas.at(area);
    k.value = cell_of(v.ci95);
    std::string note;
    const Estimate& shown = compared_at_998(ind) ? v.ci998 : v.ci95;
    if (shown.status == ValueStatus::ok && shown.lower && shown.upper) {
        note = std::string(compared_at_998(ind) ? "99,8\u00A0% KI " : "95\u00A0% KI ") + format_number(*shown.lower, decimals) +
               "\u2013" + format_number(*shown.upper, decimals) + "; ";
    }
    const AreaValue& county = p.sexes[0].areas.at(set.county_area());
    if (county.ci95.status == ValueStatus::ok) {
        note += "länet " + format_with_unit(*county.ci95.value, unit == "%" ? "%" : "", decimals);
    }
    const Rating rating = area_rating(ind, v);
    if (rating != Rating::not_compared) note += std::string(" (") + comparison_text(ind, rating) + ")";
    if (p.year) note += (note.empty() ? "" : ", ") + std::to_string(*p.year);
    if (ind.synthetic) note += " \u2013 SYNTETISKA DEMODATA";
    k.note = note;
    return k;
}

std::string indicator_label(const ProfileSet* set, const std::string& id) {
    if (set) {
        for (const auto& p : set->indicators) {
            if (p.indicator.id == id) return p.indicator.name;
        }
    }
    return id;
}

// Method and suppression notes: how the figures were made, from the catalogue and the engine's
// suppression counts.
std::vector<std::string> method_notes(const Inputs& in, const EngineResult& engine) {
    std::vector<std::string> notes;
    if (in.catchments) {
        notes.push_back("Upptagningsområde: " + method_label(in.catchments->method) +
                        ". Varje DeSO ingår med en andel (0–100 %); områdets antal är summan av DeSO-antalen "
                        "gånger andelen. Kartans tjocka linje omger DeSO som ingår med minst " +
                        format_percent(100.0 * in.config.catchment.min_share_geometry, 0) + ".");
    }
    if (!engine.profiles) {
        notes.push_back("Ingen indikatorkatalog är angiven i konfigurationen ([indikatorer] katalog), så rapporten "
                        "visar bara befolkning och upptagningsområde. Lägg till en katalog (se "
                        "docs/metod-indikatorer.md) för indikatorer med konfidensintervall och jämförelser.");
        return notes;
    }
    const ProfileSet& set = *engine.profiles;
    std::set<std::string> standards;
    std::size_t counts = 0, values = 0;
    for (const auto& p : set.indicators) {
        (from_counts(p.indicator.type) ? counts : values) += 1;
        if (p.indicator.type == IndicatorType::dsr && engine.catalogue) {
            const auto s = engine.catalogue->standards.find(p.indicator.standard);
            if (s != engine.catalogue->standards.end()) standards.insert(s->second.name);
        }
    }
    std::string catalogue_name = in.config.catalogue;
    if (const auto slash = catalogue_name.find_last_of('/'); slash != std::string::npos) catalogue_name = catalogue_name.substr(slash + 1);
    notes.push_back(fmt::format(
        "Indikatorerna ({} st) och deras namn, enheter, riktning (högt eller lågt är bra), jämförelsenivå och "
        "målvärden kommer från indikatorkatalogen {}. Varje indikator redovisas för sitt senaste år med data.",
        set.indicators.size(), catalogue_name));
    if (counts > 0) {
        std::string std_text;
        for (const auto& s : standards) std_text += (std_text.empty() ? "" : ", ") + s;
        notes.push_back(
            "Indikatorer med täljare och nämnare (andel, kvot, åldersstandardiserad kvot): områdets värde räknas "
            "från DeSO-talen summerade med andelen i området. 95 % konfidensintervall (KI): Wilsons metod för "
            "andelar, Byars metod (exakta Poissongränser under 10 händelser) för kvoter och Dobsons metod för "
            "åldersstandardiserade kvoter" +
            (std_text.empty() ? std::string() : " (standardbefolkning: " + std_text + ")") + ".");
    }
    if (values > 0) {
        notes.push_back("SCB-statistik utan antal (medelvärden och andelar som SCB publicerar per DeSO): områdets "
                        "och länets värden är befolkningsviktade medelvärden av DeSO-värdena. För dessa finns "
                        "inget konfidensintervall och därför ingen jämförelse med länet (grå: ej jämförd). SCB:s "
                        "tabeller har skydd mot röjande (slumpmässigt brus), så delar summerar inte exakt till "
                        "totaler.");
    }
    notes.push_back("Jämförelse med länet som i Fingertips (Public Health England): ligger länets värde inom "
                    "områdets konfidensintervall är skillnaden inte säkerställd (likvärdigt); annars bättre eller "
                    "sämre efter indikatorns riktning, eller högre/lägre när riktning saknas. Markeringen "
                    "\u201D(99,8 %)\u201D betyder att indikatorn jämförs med 99,8 % KI (strängare).");
    SuppressionCounts total;
    std::string per_indicator;
    for (const auto& p : set.indicators) {
        const auto& s = p.suppression;
        total.cells += s.cells;
        total.primary += s.primary;
        total.secondary += s.secondary;
        total.groups_withheld += s.groups_withheld;
        total.deso_suppressed += s.deso_suppressed;
        if (s.deso_suppressed > 0) {
            per_indicator += (per_indicator.empty() ? "" : ", ") + p.indicator.name + " " + std::to_string(s.deso_suppressed);
        }
    }
    std::string overrides;
    for (const auto& p : set.indicators) {
        const auto& ind = p.indicator;
        if (!ind.min_numerator && !ind.min_denominator) continue;
        overrides += (overrides.empty() ? "" : "; ") + ind.name + ": täljare under " +
                     format_number(ind.min_numerator.value_or(in.config.min_numerator), 0) + ", nämnare under " +
                     format_number(ind.min_denominator.value_or(in.config.min_denominator), 0);
    }
    notes.push_back(fmt::format(
        "Röjandekontroll: ett DeSO-värde med färre än {} händelser eller en nämnare under {} visas inte "
        "(primär undertryckning){}. Därtill döljs fler värden (sekundär undertryckning) så att inget "
        "undertryckt värde kan räknas fram ur redovisade summor för upptagningsområden, kommuner och länet, "
        "och kön skyddas tillsammans. I hela bygget: {} celler under kontroll, {} primärt och {} sekundärt "
        "undertryckta, {} summor undanhållna; {} DeSO-värden visas som undertryckta{}. DeSO-spannet, kartorna "
        "och länets spridning bygger bara på redovisade värden.",
        format_number(in.config.min_numerator, 0), format_number(in.config.min_denominator, 0),
        overrides.empty() ? "" : " (egna gränser: " + overrides + ")", total.cells, total.primary, total.secondary,
        total.groups_withheld, total.deso_suppressed, per_indicator.empty() ? "" : " (" + per_indicator + ")"));
    if (set.synthetic) {
        std::string names;
        for (const auto& p : set.indicators) {
            if (p.indicator.synthetic) names += (names.empty() ? "" : ", ") + p.indicator.name;
        }
        notes.push_back("SYNTETISKA DEMODATA – inte verkliga hälsodata: " + names +
                        ". Värdena är påhittade av en slumpmodell och får inte användas för slutsatser om något "
                        "verkligt område.");
    }
    notes.push_back("Kartor: klassgränserna är kvintiler (femtedelar) av länets redovisade DeSO-värden, samma som i "
                    "QGIS-projektet, så samma färg betyder samma nivå i alla piloters rapporter. DeSO utanför "
                    "upptagningsområdet visas blekare; undertryckta DeSO är streckade. Vårdcentralernas lägen är "
                    "ungefärliga (ofta tätortens mittpunkt).");
    return notes;
}

// "A, B och C".
std::string name_list(const std::vector<std::size_t>& vcs, const CareCentreRegister& centres) {
    std::string out;
    for (std::size_t i = 0; i < vcs.size(); ++i) {
        out += (i == 0 ? "" : i + 1 == vcs.size() ? " och " : ", ") + centres.centres.at(vcs[i]).name;
    }
    return out;
}

// The other VCs registered at vc's position (within 1 mm), from shared_positions().
std::vector<std::size_t> same_position_as(const std::vector<std::vector<std::size_t>>& groups, std::size_t vc) {
    for (const auto& g : groups) {
        if (!std::binary_search(g.begin(), g.end(), vc)) continue;
        std::vector<std::size_t> out;
        for (const auto v : g) {
            if (v != vc) out.push_back(v);
        }
        return out;
    }
    return {};
}

bool all_in(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
    return std::all_of(a.begin(), a.end(), [&](std::size_t v) { return std::find(b.begin(), b.end(), v) != b.end(); });
}

std::string position_remark(const CareCentre& c) {
    return c.position_quality == "tatort" ? " (tätortens punkt, inte mottagningens adress)" : "";
}

// The share range of the shared DeSOs: "17 %" or "20–50 %".
std::string share_range(const std::vector<SharedArea>& areas) {
    double lo = 1, hi = 0;
    for (const auto& a : areas) {
        lo = std::min(lo, a.share);
        hi = std::max(hi, a.share);
    }
    const std::string l = format_number(100.0 * lo, 0), h = format_number(100.0 * hi, 0);
    return l == h ? format_percent(100.0 * lo, 0) : l + "\u2013" + format_percent(100.0 * hi, 0);
}

// Paragraphs that state a pilot's shared DeSOs where its figures are shown (report).
std::vector<std::string> sharing_paragraphs(const Inputs& in, std::size_t vc, const CatchmentSharing& s,
                                            const std::vector<std::size_t>& same_position, std::size_t deso_count) {
    std::vector<std::string> out;
    const auto& c = in.centres.centres.at(vc);
    const bool nearest = in.catchments && in.catchments->method == "narmast";
    if (!s.same_catchment.empty()) {
        std::string p = c.name + " har samma upptagningsområde som " + name_list(s.same_catchment, in.centres);
        if (nearest && all_in(s.same_catchment, same_position)) {
            p += ": vårdcentralsregistret ger dem samma läge" + position_remark(c) +
                 ", och med metoden närmaste vårdcentral delar de då varje DeSO lika";
        }
        p += ". Varje DeSO ingår med andelen " + share_range(s.areas) +
             ", så invånare och antal i profilen är DeSO-talen gånger andelen, och deras profiler visar samma värden "
             "som den här.";
        out.push_back(std::move(p));
    } else if (!s.areas.empty()) {
        std::string p = std::to_string(s.areas.size()) + " av områdets " + std::to_string(deso_count) +
                        " DeSO delas med andra vårdcentraler (" + name_list(s.partners, in.centres) +
                        ") och ingår med andelen " + share_range(s.areas) +
                        ": se kolumnerna Andel i området och Delas med i DeSO-tabellen. På kartorna har de "
                        "delade DeSO:erna streckad kant.";
        out.push_back(std::move(p));
    }
    if (!same_position.empty() && !(nearest && !s.same_catchment.empty())) {
        out.push_back("I vårdcentralsregistret har " + c.name + " samma läge som " + name_list(same_position, in.centres) +
                      position_remark(c) + ". Med metoden närmaste vårdcentral (känslighetstabellen) delar de därför "
                      "DeSO:erna lika.");
    }
    return out;
}

std::string kind_text(const Indicator& ind) {
    switch (ind.type) {
    case IndicatorType::proportion: return "andel (täljare av nämnare)";
    case IndicatorType::rate: return "kvot (händelser per invånare)";
    case IndicatorType::dsr: return "åldersstandardiserad kvot";
    case IndicatorType::count: return "antal (summa över DeSO)";
    case IndicatorType::mean: return "medelvärde av DeSO-värden (vikt: " + ind.weight + ")";
    case IndicatorType::index: return "index, medelvärde av DeSO-värden (vikt: " + ind.weight + ")";
    }
    return {};
}

std::vector<Definition> definitions_of(const ProfileSet& set) {
    std::vector<Definition> out;
    for (const auto& p : set.indicators) {
        const Indicator& ind = p.indicator;
        std::string years = p.year ? std::to_string(*p.year) : "\u2013";
        if (p.series.years.size() >= 2) years = std::to_string(p.series.years.front()) + "\u2013" + std::to_string(p.series.years.back());
        out.push_back({ind.name, ind.description, ind.unit, kind_text(ind), ind.data_source, years, ind.synthetic});
    }
    return out;
}

// The two population figures where a population indicator is shown beside the key figure.
std::string population_note(const ProfileSet& set, std::size_t area, double key_population) {
    for (const auto& p : set.indicators) {
        if (!p.indicator.is_population || p.sexes.empty()) continue;
        const Estimate& e = p.sexes[0].areas.at(area).ci95;
        if (e.status != ValueStatus::ok || !e.value) return {};
        const double diff = *e.value - key_population;
        if (std::abs(diff) < 0.5) return {};
        return "Två befolkningstal: Invånare i området (" + format_number(key_population, 0) +
               ") räknas ur SCB:s befolkning efter ålder och kön, indikatorn " + p.indicator.name + " (" +
               format_number(*e.value, 0) + ") ur SCB:s totala folkmängd. Skillnaden, " + format_number(std::abs(diff), 0) +
               " personer (" + format_number(100.0 * std::abs(diff) / std::max(key_population, 1.0), 2) +
               "\u00A0%), kommer av att SCB skyddar varje tabell med slumpmässigt brus, så att delar inte summerar "
               "exakt till totaler. Andelar och kvoter använder befolkningstabellen.";
    }
    return {};
}

std::vector<DesoColumn> sensitivity_columns(const ProfileSet* set) {
    std::vector<DesoColumn> cols = {{"Invånare", "", 0}, {"DeSO", "", 0}};
    for (const auto& id : sensitivity_figures) cols.push_back({indicator_label(set, id), "%", 1});
    return cols;
}

report::SensitivityRow sensitivity_row(const profiles::SensitivityRow& s) {
    report::SensitivityRow r;
    r.method = method_label(s.method);
    if (!s.note.empty() && s.deso_count == 0) {
        r.note = s.note;
        const Cell none{std::nullopt, CellStatus::missing, {}};
        r.cells.assign(2 + sensitivity_figures.size(), none);
        return r;
    }
    r.cells = {Cell::of(s.population), Cell::of(static_cast<double>(s.deso_count))};
    std::string partial;
    for (std::size_t i = 0; i < sensitivity_figures.size(); ++i) {
        const auto v = i < s.figures.size() ? s.figures[i] : std::nullopt;
        r.cells.push_back(v ? Cell::of(*v) : Cell{std::nullopt, CellStatus::missing, "statistiken saknas för metodens DeSO"});
        const double cover = i < s.figure_coverage.size() ? s.figure_coverage[i] : 0.0;
        if (v && cover < 0.995) partial = format_percent(100.0 * cover, 0);
    }
    r.note = s.configured ? "metoden som profilen bygger på" : s.note;
    if (!partial.empty()) r.note += (r.note.empty() ? "" : "; ") + std::string("värden för minst ") + partial + " av invånarna";
    return r;
}

}  // namespace

int display_decimals(const Indicator& ind) {
    if (ind.unit == "%") return 1;
    if (ind.type == IndicatorType::count || ind.unit == "tkr" || ind.unit == "per 100 000" || ind.unit == "personer") return 0;
    return 1;
}

std::vector<std::size_t> main_indicators(const ProfileSet& set, std::size_t limit) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < set.indicators.size() && out.size() < limit; ++i) {
        if (set.indicators[i].indicator.id == set.deprivation) out.push_back(i);
    }
    std::set<std::string> domains;
    for (std::size_t i = 0; i < set.indicators.size() && out.size() < limit; ++i) {
        const Indicator& ind = set.indicators[i].indicator;
        if (!from_counts(ind.type) || ind.type == IndicatorType::count || ind.id == set.deprivation) continue;
        if (domains.insert(ind.domain).second) out.push_back(i);
    }
    return out;
}

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

ReportInput pilot_report(const Inputs& in, std::size_t pilot, const PilotLayers& layers, const EngineResult& engine,
                         const std::vector<profiles::SensitivityRow>& sensitivity) {
    const auto& cfg = in.config.pilots.at(pilot);
    const std::size_t vc = in.pilot_vcs.at(pilot);
    std::vector<std::pair<std::size_t, double>> catchment;
    if (in.catchments) catchment = in.catchments->areas_of(vc);
    const ProfileSet* set = engine.profiles;
    const std::optional<std::size_t> area = set ? set->pilot_area(pilot) : std::nullopt;

    ReportInput r;
    r.title = in.config.title;
    r.region = in.config.region;
    r.pilot_id = cfg.id;
    r.pilot_title = cfg.title.empty() ? cfg.care_centre : cfg.title;
    r.care_centre = cfg.care_centre;
    r.provenance = provenance_of(in, engine);
    r.min_numerator = in.config.min_numerator;
    r.min_denominator = in.config.min_denominator;

    // Population and age profile (not indicators: the population table by age and sex).
    const Population& pop = in.population;
    r.pyramid.bands = pop.bands;
    r.pyramid.men.assign(pop.bands.size(), 0);
    r.pyramid.women.assign(pop.bands.size(), 0);
    r.pyramid.county_men.assign(pop.bands.size(), 0);
    r.pyramid.county_women.assign(pop.bands.size(), 0);
    double area_km2 = 0;
    for (const auto& [a, share] : catchment) {
        area_km2 += share * in.areas.areas[a].area_m2 / 1e6;
        if (pop.men.empty()) continue;
        for (std::size_t b = 0; b < pop.bands.size(); ++b) {
            r.pyramid.men[b] += share * pop.men[a][b];
            r.pyramid.women[b] += share * pop.women[a][b];
        }
    }
    for (std::size_t a = 0; a < pop.men.size(); ++a) {
        for (std::size_t b = 0; b < pop.bands.size(); ++b) {
            r.pyramid.county_men[b] += pop.men[a][b];
            r.pyramid.county_women[b] += pop.women[a][b];
        }
    }
    double total = 0, old = 0;
    for (std::size_t b = 0; b < pop.bands.size(); ++b) {
        const double v = r.pyramid.men[b] + r.pyramid.women[b];
        total += v;
        if (band_start(pop.bands[b]) >= 65) old += v;
    }
    r.key_figures.push_back({"Invånare i området", Cell::of(layers.population), "", 0, "befolkning × andel i området"});
    const CatchmentSharing sharing = in.catchments ? sharing_of(*in.catchments, vc) : CatchmentSharing{};
    r.sharing = sharing_paragraphs(in, vc, sharing, same_position_as(shared_positions(in.centres), vc), catchment.size());
    r.key_figures.push_back({"DeSO i området", Cell::of(static_cast<double>(catchment.size())), "", 0,
                             sharing.areas.empty() ? "" : "varav " + std::to_string(sharing.areas.size()) + " delade med andra vårdcentraler"});
    r.key_figures.push_back({"Yta", Cell::of(area_km2), "km²", 0, ""});
    const auto& centre = in.centres.centres.at(vc);
    r.key_figures.push_back({"Listade patienter", centre.listed ? Cell::of(*centre.listed) : Cell{}, "", 0,
                             "vid vårdcentralen enligt registret"});
    r.key_figures.push_back({"65 år och äldre", total > 0 ? Cell::of(100.0 * old / total) : Cell{}, "%", 1, "andel av invånarna"});

    // Indicators, maps and DeSO table: the engine's figures only.
    std::vector<std::size_t> main;
    if (set && area) {
        main = main_indicators(*set, deso_table_indicators);
        for (const auto i : main) {
            if (r.key_figures.size() >= 8) break;
            r.key_figures.push_back(indicator_key_figure(*set, set->indicators[i], *area));
        }
        std::map<std::string, std::size_t> domain_index;
        for (const auto& p : set->indicators) {
            const std::string name = p.indicator.domain.empty() ? "Övrigt" : p.indicator.domain;
            auto [it, added] = domain_index.try_emplace(name, r.domains.size());
            if (added) r.domains.push_back({name, {}});
            r.domains[it->second].rows.push_back(indicator_row(*set, p, *area));
        }
        // Utveckling: every indicator with two years or more (counts are not charted, as not mapped).
        for (const auto& p : set->indicators) {
            if (!has_series(p) || p.indicator.type == IndicatorType::count) continue;
            r.development.push_back(series_chart(*set, p, *area));
            r.gaps.push_back(gap_chart(*set, p));
        }
        r.definitions = definitions_of(*set);
        r.population_note = population_note(*set, *area, layers.population);
        for (auto& d : r.domains) {
            const bool all_synthetic = std::all_of(d.rows.begin(), d.rows.end(), [](const IndicatorRow& row) { return row.synthetic; });
            if (all_synthetic) d.name += " \u2013 SYNTETISKA DEMODATA";
        }
    }

    // DeSO table.
    for (const auto i : main) {
        const Indicator& ind = set->indicators[i].indicator;
        r.deso_columns.push_back({ind.name + (ind.synthetic ? "*" : ""), ind.unit, display_decimals(ind)});
    }
    for (const auto& [a, share] : catchment) {
        DesoRow row;
        const Area& ar = in.areas.areas[a];
        row.code = ar.code;
        const auto name = in.kommun_names.find(ar.kommun);
        row.kommun = name != in.kommun_names.end() ? name->second : ar.kommun;
        row.share = share;
        for (const auto& sa : sharing.areas) {
            if (sa.area == a) row.shared_with = sa.others.size() <= 2 ? shared_with_text(sa, in.centres)
                                                                     : std::to_string(sa.others.size()) + " andra";
        }
        row.population = pop.has_data.empty() || !pop.has_data[a] ? Cell{} : Cell::of(pop.area_total[a]);
        for (const auto i : main) {
            const auto& sexes = set->indicators[i].sexes;
            row.cells.push_back(sexes.empty() ? Cell{} : cell_of(sexes[0].deso.at(a).ci95));
        }
        r.deso_rows.push_back(std::move(row));
    }

    // Maps: the DeSOs of the pilot's surroundings (its kommuner and their neighbours, as in its
    // layers), coloured by the engine's county quintile.
    std::map<std::size_t, double> inside;
    for (const auto& [a, share] : catchment) inside[a] = share;
    const auto& around = layers.surroundings;
    for (std::size_t a = 0; a < in.areas.size(); ++a) {
        const auto it = inside.find(a);
        if (it == inside.end() && !std::binary_search(around.begin(), around.end(), in.areas.areas[a].kommun)) continue;
        r.map_areas.push_back({in.areas.areas[a].code, in.areas.areas[a].geometry, it != inside.end(),
                               it != inside.end() && it->second < 1 - 1e-9});
    }
    if (!layers.catchment.features.empty()) {
        if (const auto* mp = std::get_if<geo::MultiPolygon>(&layers.catchment.features.front().geometry)) r.catchment = *mp;
    }
    // The vårdcentraler of the pilot's layer (its surroundings; fid = register index + 1).
    for (const auto& f : layers.centres.features) {
        const auto v = static_cast<std::size_t>(f.fid - 1);
        const auto& c = in.centres.centres.at(v);
        if (c.position) r.centres.push_back({c.name, *c.position, v == vc});
    }
    for (std::size_t k = 0; k < main.size() && k < map_indicators; ++k) r.maps.push_back(map_layer(set->indicators[main[k]]));

    // Sensitivity to the catchment method (catchment_sensitivity, as kanslighet_upptagning.csv).
    r.sensitivity_columns = sensitivity_columns(set);
    for (const auto& s : sensitivity) r.sensitivity.push_back(sensitivity_row(s));

    r.notes = method_notes(in, engine);
    return r;
}

IndexInput index_report(const Inputs& in, const std::vector<std::size_t>& pilots, const EngineResult& engine) {
    const ProfileSet* set = engine.profiles;
    IndexInput x;
    x.title = in.config.title;
    x.region = in.config.region;
    x.provenance = provenance_of(in, engine);
    x.columns = {{"Invånare i upptagningsområdet", "", 0}, {"DeSO", "", 0}, {"Listade patienter", "", 0}};
    // Every VC under narmast as well, so the county table has figures for the VCs the configured
    // method does not cover (the demo's tabell only covers the pilots).
    const std::vector<profiles::SensitivityRow> nearest = nearest_key_figures(in);
    if (!nearest.empty()) {
        x.columns.push_back({"Invånare, närmaste vårdcentral", "", 0});
        x.columns.push_back({"Låg ekonomisk standard, närmaste vårdcentral", "%", 1});
    }

    auto cells_of = [&](std::size_t vc) {
        std::vector<Cell> cells;
        std::vector<std::pair<std::size_t, double>> areas;
        if (in.catchments) areas = in.catchments->areas_of(vc);
        if (areas.empty()) {
            const Cell none{std::nullopt, CellStatus::missing, "inget upptagningsområde för vårdcentralen i underlaget"};
            cells = {none, none};
        } else {
            cells = {Cell::of(in.catchments->accounting.population_per_vc.at(vc)), Cell::of(static_cast<double>(areas.size()))};
        }
        const auto& c = in.centres.centres[vc];
        cells.push_back(c.listed ? Cell::of(*c.listed) : Cell{});
        if (!nearest.empty()) {
            const profiles::SensitivityRow& r = nearest.at(vc);
            if (!r.note.empty()) {
                const Cell none{std::nullopt, CellStatus::missing, r.note};
                cells.push_back(none);
                cells.push_back(none);
            } else {
                cells.push_back(Cell::of(r.population));
                const auto& low = r.figures.at(0);
                cells.push_back(low ? Cell::of(*low) : Cell{std::nullopt, CellStatus::missing, "värde saknas för områdets DeSO"});
            }
        }
        return cells;
    };

    const auto positions = shared_positions(in.centres);
    for (const auto p : pilots) {
        const auto& cfg = in.config.pilots.at(p);
        const std::size_t vc = in.pilot_vcs.at(p);
        IndexPilot ip{cfg.id, cfg.title.empty() ? cfg.care_centre : cfg.title, {}, {}};
        if (in.catchments) {
            const CatchmentSharing s = sharing_of(*in.catchments, vc);
            const auto same_position = same_position_as(positions, vc);
            if (!s.same_catchment.empty()) {
                ip.sharing = "Samma upptagningsområde som " + name_list(s.same_catchment, in.centres) +
                             (all_in(s.same_catchment, same_position) && in.catchments->method == "narmast"
                                  ? " (samma läge i vårdcentralsregistret, så närmaste-metoden delar varje DeSO lika)"
                                  : "") +
                             ": därför samma värden. Varje DeSO ingår med andelen " + share_range(s.areas) + ".";
            } else if (!s.areas.empty()) {
                ip.sharing = std::to_string(s.areas.size()) + " av områdets DeSO delas med andra vårdcentraler (" +
                             name_list(s.partners, in.centres) + "), med andelen " + share_range(s.areas) +
                             "; se profilen.";
            }
        }
        ip.links = {{"Områdesprofil (utskrivbar)", cfg.id + "/profil.html"},
                    {"QGIS-projekt", cfg.id + "/" + cfg.id + ".qgs"},
                    {"GeoPackage", cfg.id + "/" + cfg.id + ".gpkg"}};
        if (set) ip.links.push_back({"profil.json", cfg.id + "/profil.json"});
        const auto cells = cells_of(vc);
        for (std::size_t i = 0; i < 2; ++i) ip.key_figures.push_back({x.columns[i].name, cells[i], "", 0, ""});
        const auto area = set ? set->pilot_area(p) : std::nullopt;
        if (area) {
            for (const auto i : main_indicators(*set, 2)) ip.key_figures.push_back(indicator_key_figure(*set, set->indicators[i], *area));
            for (const auto& pr : set->indicators) {
                if (!has_series(pr) || pr.indicator.type == IndicatorType::count) continue;
                const Development& d = pr.series.areas.at(*area).development;
                ip.trends.push_back({pr.indicator.name, d.word, rating_colour(d.rating), development_arrow(d)});
            }
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
        IndexCentre ic{c.name, kommun, pilot_vcs.count(v) > 0, cells_of(v)};
        const auto same_position = same_position_as(positions, v);
        if (!same_position.empty()) {
            ic.note = "samma läge i registret som " + name_list(same_position, in.centres) + position_remark(c) +
                      (nearest.empty() ? std::string() : ": närmaste-kolumnerna delar DeSO:erna lika mellan dem");
        }
        x.centres.push_back(std::move(ic));
    }
    std::stable_sort(x.centres.begin(), x.centres.end(), [](const IndexCentre& a, const IndexCentre& b) {
        return a.kommun != b.kommun ? a.kommun < b.kommun : a.name < b.name;
    });
    if (in.catchments) {
        x.notes.push_back("Upptagningsområden: " + method_label(in.catchments->method) +
                          ". Invånare = summan av DeSO-befolkningen gånger andelen i området.");
    }
    if (set) {
        x.notes.push_back("Piloternas indikatorvärden är desamma som i respektive profil.html och profil.json "
                          "(indikatormotorn, med röjandekontroll). Indikatorer med konfidensintervall och "
                          "röjandekontroll beräknas bara för piloternas upptagningsområden.");
    }
    x.notes.push_back("Listade patienter enligt vårdcentralsregistret.");
    if (!nearest.empty()) {
        x.notes.push_back("Kolumnerna \"närmaste vårdcentral\" visar samma nyckeltal för alla vårdcentraler när varje DeSO "
                          "knyts till närmaste vårdcentral (metoden narmast, avstånd från DeSO:ns befolkningsviktade mitt "
                          "eller inre punkt; vårdcentraler på samma adress delar DeSO:n lika). Det är en jämförelse, inte "
                          "regionens indelning. Låg ekonomisk standard är befolkningsviktat medel av SCB:s DeSO-värden.");
    }
    return x;
}

}  // namespace omrade::profiles::report
