// The indicator catalogue (TOML): what each statistics id means, how it is computed, compared,
// protected and grouped in the report. See docs/metod-indikatorer.md for the file format.
#pragma once

#include "profiles/stats/methods.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace omrade::profiles {

// typ: how DeSO values are formed and aggregated.
enum class IndicatorType {
    proportion,  // "andel": numerator/denominator, Wilson interval
    rate,        // "kvot": events per population, Byar / exact Poisson
    dsr,         // "dsr": directly age-standardised rate from age-band counts
    count,       // "antal": a count, Poisson interval
    mean,        // "medel": a published mean/percentage without counts, population-weighted
    index,       // "index": a published index without counts, population-weighted
};

const char* type_name(IndicatorType t);  // the catalogue word: "andel", "kvot", ...
// andel, kvot, dsr, antal are built from counts (and protected); medel, index from values.
bool from_counts(IndicatorType t);

struct Target {
    double value = 0;
    bool at_least = true;  // riktning "minst" (value >= target is met) or "hogst" (value <= target)
    // nivaer (vårdcentral indicators): ascending cut points, e.g. [80, 90] → three levels as in
    // the region's delårsrapport ("80 % eller lägre", "81–89 %", "90 % eller högre"); a value on
    // a cut point belongs to the outer level. `value` is then the last cut in the target's
    // direction (the level that counts as met). labels: one per level, worst first.
    std::vector<double> levels;
    std::vector<std::string> labels;
};

struct StandardPopulation {
    std::string id;    // key in the catalogue, e.g. "esp2013"
    std::string name;  // namn
    std::map<std::string, double> weights;  // age band → weight
};

struct Indicator {
    std::string id;           // catalogue id; also the short field name in the layers
    std::string name;         // namn (Swedish)
    std::string description;  // beskrivning
    std::string unit;         // enhet, e.g. "%", "per 100 000", "tkr"
    IndicatorType type = IndicatorType::proportion;
    double multiplier = 1;    // multiplikator (default 100 andel, 100 000 kvot/dsr, 1 otherwise)
    Polarity polarity = Polarity::neutral;
    double comparison_confidence = 0.95;  // jamforelse.metod: "ki95" → 0.95, "ki998" → 0.998
    std::string comparison_level = "lan"; // jamforelse.niva: "lan" (county) | "riket" (uses benchmark)
    std::optional<double> benchmark;      // benchmark: a fixed comparison value (e.g. riket), totalt
    // benchmark as a table {totalt = .., man = .., kvinnor = ..}: one value per breakdown, so that
    // men are compared with men. A breakdown without a value is "ej jämförd".
    std::map<std::string, double> benchmark_by_sex;
    std::optional<Target> target;         // malvarde
    std::string domain;       // doman: heading in the report
    std::string source;       // kalla: StatRow::indicator in the statistics (default = id)
    std::string standard;     // standardbefolkning id (dsr)
    // vikt (medel, index): what a DeSO value is a mean over, so aggregates and the SII weigh by
    // it. "befolkning" (default), "befolkning 20-64" / "befolkning 20+" (ages from [befolkning]),
    // or the id of a statistics series with the counts (e.g. households).
    std::string weight = "befolkning";
    long weight_line = 0;     // line of vikt, for messages
    std::optional<double> min_numerator, min_denominator;  // [indikator.roj] overrides
    bool synthetic = false;   // syntetisk: made-up demo data
    // befolkning = true: the indicator is the population itself (e.g. SCB's folkmängd), so the
    // report explains its difference from the population table where both are shown.
    bool is_population = false;
    long line = 0;            // line in the catalogue file, for messages
    // niva = "vardcentral": an indicator of a vårdcentral's listed patients (the follow-up, "inom
    // vårdcentralen"), kept in Catalogue::care_centre_indicators, never computed for areas.
    std::string definition;   // definition: how the measure is defined (Swedish)
    std::string data_source;  // datakalla: who delivers it (required for area indicators too)
    std::string area_counterpart;  // motsvarar: id of the same measure for the area's residents
};

struct Catalogue {
    std::string file;
    std::string deprivation = "low_econ";  // [ojamlikhet] rangordning: high value = most deprived
    int county_quantiles = 10;             // [ojamlikhet] kvantiler_lan: deciles for the county's SII
    int area_quantiles = 5;                // kvantiler_omrade: quintiles in a catchment or kommun
    long sii_repetitions = 100000;         // repetitioner: simulations for the SII's interval
    bool sii_intervals = true;             // false: SII/RII point estimates only (omrade check publishes nothing)
    std::vector<Indicator> indicators;     // in file order (area indicators)
    std::vector<Indicator> care_centre_indicators;  // niva = "vardcentral", in file order
    std::map<std::string, StandardPopulation> standards;

    const Indicator* find(std::string_view id) const;
    const Indicator* find_care_centre(std::string_view id) const;
};

// Reads and validates a catalogue. Throws DataError naming the file, the line and the key for
// unknown keys, wrong types, unknown typ/polaritet/metod/niva/riktning, duplicate ids, a dsr
// without a known standardbefolkning, niva "riket" without benchmark, non-positive multipliers
// or weights. Vårdcentral indicators (niva = "vardcentral") take typ andel, per_1000 (a rate per
// 1 000 listed) or kvot, and a malvarde with varde or nivaer (ascending, with optional etiketter,
// one per level); motsvarar must name an area indicator of the same catalogue.
Catalogue load_catalogue(const std::filesystem::path& file);
Catalogue parse_catalogue(std::string_view text, const std::string& file_name);

}  // namespace omrade::profiles
