// How much a pilot's key figures depend on the catchment method: the same figures under every
// method the configured data allows (kanslighet_upptagning.csv).
#pragma once

#include "profiles/inputs.hpp"

#include <optional>
#include <string>
#include <vector>

namespace omrade::profiles {

struct SensitivityRow {
    std::string method;   // "tabell", "listning", "listning (fraktionell)", "narmast", "polygoner"
    std::string source;   // the method's source ("" for narmast)
    bool configured = false;  // the build's own method
    double population = 0;    // Σ share × population
    std::size_t deso_count = 0;  // DeSOs with a share
    // Population-weighted means over the DeSOs with a published value (SCB wide statistics):
    // low_econ, unemp, higher_ed; nullopt when the statistic is missing or no DeSO has a value.
    std::vector<std::optional<double>> figures;
    std::vector<double> figure_coverage;  // share of the population behind each figure
    std::string note;  // why a comparison method could not be computed (then no figures)
};

// The statistics ids used as key figures, in column order.
inline const std::vector<std::string> sensitivity_figures = {"low_econ", "unemp", "higher_ed"};

// One row per method: the configured method, narmast (when any VC has a position) and each
// extra source in config.catchment.compare (listning also fractional). A comparison method that
// fails on its data gives a row with only `note` set (the build goes on); the configured method
// never fails here (load_inputs already built it).
// The catchments of every method and the figures are computed once (CatchmentSensitivity) and
// give each pilot's rows (issue 13: once per build, not once per pilot).
class CatchmentSensitivity {
public:
    explicit CatchmentSensitivity(const Inputs& in);
    CatchmentSensitivity(const CatchmentSensitivity&) = delete;  // holds pointers into itself
    CatchmentSensitivity& operator=(const CatchmentSensitivity&) = delete;
    std::vector<SensitivityRow> rows(std::size_t vc) const;

private:
    struct Method {
        std::string label, source;
        bool configured = false;
        std::optional<Catchments> catchments;  // empty: the method failed on its data (note)
        const Catchments* use = nullptr;       // the configured method: Inputs' own catchments
        std::string note;
    };
    std::vector<Method> m_methods;
    std::vector<double> m_population;
    std::vector<std::vector<double>> m_values;
};

// CatchmentSensitivity(in).rows(vc), for one VC.
std::vector<SensitivityRow> catchment_sensitivity(const Inputs& in, std::size_t vc);

// The same key figures for every VC of the register under the method narmast (one row per VC
// index; a VC without position gets a row with a note). Gives the county overview figures for
// every VC even when the configured method only covers the pilots. Empty when no VC has a position.
std::vector<SensitivityRow> nearest_key_figures(const Inputs& in);

}  // namespace omrade::profiles
