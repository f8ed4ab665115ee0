// Statistical methods as in PHEindicatormethods / Fingertips (DOMAIN.md §4–5). Pure functions on
// counts; no I/O. Multipliers scale value and limits (100 = per cent, 100 000 = per 100 000).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles {

// Why a value is absent. Suppressed ≠ missing ≠ too few, everywhere.
enum class ValueStatus {
    ok,
    missing,      // "saknas": no data
    too_few,      // "för få för beräkning": the method is not defined for these counts (e.g. DSR < 10)
    suppressed,   // "undertryckt": disclosure control (set by the engine, never by a method)
};

// Swedish word for a status ("", "saknas", "för få för beräkning", "undertryckt").
const char* status_text(ValueStatus s);

struct Estimate {
    std::optional<double> value, lower, upper;  // all set when status == ok
    ValueStatus status = ValueStatus::missing;
    std::string note;  // Swedish explanation when not ok, e.g. "nämnaren är 0"
};

// Wilson score interval for numerator/denominator (phe_proportion). 0 <= num <= den, den > 0.
Estimate proportion(double numerator, double denominator, double confidence = 0.95, double multiplier = 100.0);

// Crude rate with Byar's approximation, exact Poisson (chi-square) limits below 10 events
// (phe_rate).
Estimate rate(double numerator, double denominator, double confidence = 0.95, double multiplier = 100000.0);

struct AgeBandCount {
    double numerator = 0;    // events in the band
    double denominator = 0;  // population in the band
    double standard = 0;     // standard population weight of the band
};
// Directly standardised rate with Dobson limits (phe_dsr); too_few when Σ events < 10.
Estimate dsr(const std::vector<AgeBandCount>& bands, double confidence = 0.95, double multiplier = 100000.0);

// Mean with a t-distribution interval from the values (phe_mean). Needs at least 2 values.
Estimate mean(const std::vector<double>& values, double confidence = 0.95);

// Quantile boundaries as phe_quantile (R quantile type 6 over the non-missing values): returns
// the n-1 inner cut points for n groups, and quantile_of() gives the group 1..n of a value
// (1 = lowest). Groups are by value, not by polarity.
std::vector<double> quantile_cuts(std::vector<double> values, int groups);
int quantile_of(double value, const std::vector<double>& cuts);

// Slope and relative index of inequality (phe_sii without Monte Carlo CIs: the interval comes from
// the weighted least-squares standard error). Units are ordered from most to least deprived;
// `population` weights each unit; rank = cumulative mid-point of population share.
struct InequalityUnit {
    double value = 0;
    double population = 0;
};
struct Inequality {
    Estimate sii;  // value at rank 1 minus value at rank 0 (most deprived = rank 0)
    Estimate rii;  // ratio of fitted values at ranks 1 and 0
};
Inequality slope_index(const std::vector<InequalityUnit>& ordered_most_deprived_first, double confidence = 0.95);

// Fingertips comparison of an area with a benchmark value.
enum class Comparison {
    not_compared,  // no value or no benchmark
    similar,       // benchmark inside the interval
    higher,        // interval entirely above the benchmark
    lower,         // interval entirely below
};
Comparison compare(const Estimate& area, double benchmark);

// Polarity of an indicator: whether high values are good, bad or neither (RAG vs blue).
enum class Polarity { high_is_good, low_is_good, neutral };
enum class Rating { not_compared, better, similar, worse, higher, lower };
Rating rate_comparison(Comparison c, Polarity p);
// Fingertips colours (hex, colour-blind-safe variant for better/similar/worse and the blue pair).
const char* rating_colour(Rating r);
const char* rating_text(Rating r);  // Swedish: "bättre", "likvärdigt", "sämre", "högre", "lägre", ""

}  // namespace omrade::profiles
