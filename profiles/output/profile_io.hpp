// Writing a ProfileSet: per-DeSO layer columns, profil.json, profil.csv and the build-report
// sections (row accounting, suppression counts). Only values a ProfileSet publishes are written;
// suppressed values carry no number there, so nothing here can leak them.
#pragma once

#include "profiles/engine/profile.hpp"
#include "profiles/input/table.hpp"
#include "profiles/output/pilot_layers.hpp"

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace omrade::profiles {

// Per-DeSO columns of the totalt values, per indicator: `<id>` (value), `<id>_lagre`,
// `<id>_ovre` (95 % limits; count types only), `<id>_orsak` (why absent: "undertryckt",
// "saknas", "för få för beräkning"; NULL when a value is shown), `<id>_kvintil` (county-wide
// quintile 1–5), `<id>_forandring` (trend or change word: förbättras, försämras, ökar, minskar,
// ingen säker förändring, kan inte beräknas) and `<id>_forandring_orsak` (the method used, or why
// it could not be computed).
std::vector<AreaColumn> profile_columns(const ProfileSet& set, std::size_t area_count);

// Provenance shared by every output: inputs with checksums (including the catalogue), DeSO
// version, catchment method, tool version, synthetic label.
nlohmann::json provenance(const Inputs& in, const std::string& catalogue_file, const std::string& tool_version,
                          bool synthetic);

// profil.json of one pilot (index into Config::pilots).
nlohmann::json profile_json(const ProfileSet& set, const Inputs& in, std::size_t pilot, const nlohmann::json& provenance);

// profil.csv of one pilot: one row per indicator and sex.
void write_profile_csv(std::ostream& out, const ProfileSet& set, const Inputs& in, std::size_t pilot, CsvFormat format);

// Build-report sections: "statistikrader" (what became of every row read) and "indikatorer"
// (year and suppression counts per indicator).
nlohmann::json profile_report(const ProfileSet& set);

// The Swedish words of the catalogue for a polarity ("hog_bra", "lag_bra", "neutral").
const char* polarity_name(Polarity p);

}  // namespace omrade::profiles
