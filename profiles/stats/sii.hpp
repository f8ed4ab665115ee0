// Slope and relative index of inequality as PHEindicatormethods' phe_sii (R/SII_function.R and
// SimulationFunc in R/utils.R; Low & Low 2004). Pure functions; no I/O.
//
// Input: one row per quantile of a deprivation measure, quantile 1 (most deprived) first, with
// its population, value and 95 % limits. The population share a and the cumulative mid-point
// rank b of each quantile give the weighted least-squares fit value = intercept + slope·b
// (phe_sii: lm(sqrt(a)·y ~ sqrt(a) + b·sqrt(a) - 1)). SII = multiplier·slope (fitted value at
// rank 1 minus rank 0), RII = (intercept + slope) / intercept (its inverse for a negative
// multiplier).
//
// The interval is PHE's simulation: per quantile a standard error from the 95 % limits on the
// transformed scale (log for rates, logit for proportions, none for other values),
// se = (upper − lower) / (2·qnorm(0.975)); `repetitions` draws of every quantile's value from
// Normal(transformed value, se), transformed back, refitted; the limits are the sorted draws at
// positions round(R·(1 − c')) and round(R·c'), c' = c + (1 − c)/2. The random numbers are
// std::mt19937_64 from a fixed seed with Marsaglia's polar method, so output is reproducible on
// every platform; R's own stream differs, so limits agree with phe_sii within the simulation's
// noise, point estimates exactly.
#pragma once

#include "profiles/stats/methods.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace omrade::profiles {

// phe_sii's value_type: 0 other (no transform), 1 rate (log), 2 proportion (logit; values and
// limits as shares 0–1).
enum class SiiValueType { other = 0, rate = 1, proportion = 2 };

struct SiiQuantile {
    double population = 0;  // > 0
    double value = 0;
    double lower = 0, upper = 0;  // 95 % limits
};

struct SiiOptions {
    SiiValueType type = SiiValueType::other;
    double multiplier = 1;          // scales the SII and its limits (phe_sii's multiplier)
    long repetitions = 100000;      // >= 1000, as phe_sii
    std::uint64_t seed = 20251001;  // the simulation's seed: same input, same limits
    bool interval = true;           // false: point estimates only (the values have no limits)
};

struct SiiResult {
    Estimate sii95, sii998;  // value with the 95 % and 99.8 % limits
    Estimate rii95, rii998;
};

// The least-squares coefficients of the fit in the quantile values: intercept = Σ g_q·y_q and
// slope = Σ h_q·y_q, from the populations only (a quantile's value enters linearly). Used for
// the point estimates and to express the SII as a published linear combination of counts in
// disclosure control. Throws std::invalid_argument for fewer than 2 quantiles or a population
// that is not > 0.
struct SiiCoefficients {
    std::vector<double> intercept, slope;
};
SiiCoefficients sii_coefficients(const std::vector<double>& populations);

// Population quantiles of a deprivation measure, for the SII of small areas: units are ordered
// most deprived first (higher deprivation value first; equal values by `key` ascending, e.g.
// the DeSO code, so the file order never matters) and cut by cumulative population: a unit goes
// to quantile floor(groups·m) + 1 where m is the population share of the units before it plus
// half its own, except that no quantile is skipped and every quantile keeps at least one unit
// (so 5 DeSOs in quintiles are one each). Units with a non-finite deprivation or population <= 0
// get 0 (not ranked); with fewer ranked units than groups every unit gets 0.
struct RankedUnit {
    double deprivation = 0;
    double population = 0;
    std::string key;
};
std::vector<int> population_quantiles(const std::vector<RankedUnit>& units, int groups);

// The SII and RII of ordered quantiles (quantile 1 = most deprived first). Throws
// std::invalid_argument for fewer than 5 or more than 100 quantiles, a population <= 0,
// repetitions < 1000, non-finite values, or (proportions) values or limits outside 0–1; callers
// validate input and name the file and line. Limits that cannot be transformed (a proportion's
// limit at 0 or 1, a rate's lower limit 0) give point estimates without limits and a note.
SiiResult phe_sii(const std::vector<SiiQuantile>& ordered, const SiiOptions& options);

}  // namespace omrade::profiles
