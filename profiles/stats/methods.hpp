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

// Confidence levels are 0 < c < 1 (0.95, 0.998); anything else, negative counts or a numerator
// above the denominator of a proportion throw std::invalid_argument (callers validate input and
// name the file and line). A zero denominator gives status missing with a note.

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
// Directly standardised rate with Dobson limits (phe_dsr); too_few when Σ events < 10. Every
// band's standard weight is in Σw; a band with population 0 and 0 events contributes 0; events in
// a band with population 0 throw std::invalid_argument (callers name the area and band).
Estimate dsr(const std::vector<AgeBandCount>& bands, double confidence = 0.95, double multiplier = 100000.0);

// Mean with a t-distribution interval from the values (phe_mean). Needs at least 2 values.
Estimate mean(const std::vector<double>& values, double confidence = 0.95);

// Quantile groups exactly as phe_quantile with invert = FALSE (PHEindicatormethods, OHID
// "Assigning deprivation categories"): over the N finite values, rank = 1 + number of smaller
// values (ties share the lowest rank), group = floor((n+1) - ceil(((N+1) - rank) / (N/n))), 0 -> 1.
// Groups are by value, not by polarity (1 = lowest values). Non-finite values are missing and get
// group 0; when N < n no value is assigned (all 0), as phe_quantile returns NA.
std::vector<int> quantile_groups(const std::vector<double>& values, int groups);
// The same assignment as n-1 inner cut points: cut k (k = 1..n-1) is the lowest value of group
// k+1 (of the next non-empty group above it if group k+1 is empty, +inf if none), so that
// quantile_of(v) = 1 + number of cuts <= v reproduces quantile_groups() for every input value.
// Empty when fewer finite values than groups: the caller must treat that as "not assigned".
std::vector<double> quantile_cuts(std::vector<double> values, int groups);
int quantile_of(double value, const std::vector<double>& cuts);  // 0 for a non-finite value

// The slope and relative index of inequality: profiles/stats/sii.hpp (phe_sii).

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
// Fingertips colours (fingertipscharts scale_fill_phe): better #92D050, similar #FFC000,
// worse #C00000, higher #BED2FF, lower #5555E6, not compared #C9C9C9.
const char* rating_colour(Rating r);
const char* rating_text(Rating r);  // Swedish: "bättre", "likvärdigt", "sämre", "högre", "lägre", ""

}  // namespace omrade::profiles
