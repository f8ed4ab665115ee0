#include "profiles/followup/source.hpp"

#include "geo/error.hpp"
#include "profiles/input/table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

namespace omrade::profiles {

namespace {

const char* const month_names[] = {"januari", "februari", "mars",     "april",   "maj",      "juni",
                                   "juli",    "augusti",  "september", "oktober", "november", "december"};

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// "Ingen data" (any case), empty and '..' are missing.
bool is_no_data(const std::string& text) {
    const std::string t = lower(trimmed(text));
    return t.empty() || t == "ingen data" || t == "..";
}

const char* kind_word(Period::Kind k) {
    switch (k) {
        case Period::Kind::year: return "år";
        case Period::Kind::tertial: return "tertial";
        case Period::Kind::month: return "månad";
    }
    return "";
}

}  // namespace

std::string Period::label() const {
    switch (kind) {
        case Kind::year: return std::to_string(year);
        case Kind::tertial: return fmt::format("{}T{}", year, part);
        case Kind::month: return fmt::format("{}-{:02d}", year, part);
    }
    return {};
}

std::string Period::text() const {
    switch (kind) {
        case Kind::year: return std::to_string(year);
        case Kind::tertial: return fmt::format("tertial {} {}", part, year);
        case Kind::month: return fmt::format("{} {}", month_names[part - 1], year);
    }
    return {};
}

double Period::index() const {
    switch (kind) {
        case Kind::year: return year;
        case Kind::tertial: return year * 3.0 + part - 1;
        case Kind::month: return year * 12.0 + part - 1;
    }
    return 0;
}

std::optional<Period> parse_period(std::string_view raw) {
    const std::string s = trimmed(raw);
    const auto year_ok = [](int y) { return y >= 1900 && y <= 2200; };
    if (s.size() == 4 && all_digits(s)) {
        const int y = std::stoi(s);
        if (year_ok(y)) return Period{Period::Kind::year, y, 0};
    }
    if (s.size() == 6 && all_digits(std::string_view(s).substr(0, 4)) && (s[4] == 'T' || s[4] == 't') &&
        s[5] >= '1' && s[5] <= '3') {
        const int y = std::stoi(s.substr(0, 4));
        if (year_ok(y)) return Period{Period::Kind::tertial, y, s[5] - '0'};
    }
    if (s.size() == 7 && all_digits(std::string_view(s).substr(0, 4)) && s[4] == '-' &&
        all_digits(std::string_view(s).substr(5))) {
        const int y = std::stoi(s.substr(0, 4));
        const int m = std::stoi(s.substr(5));
        if (year_ok(y) && m >= 1 && m <= 12) return Period{Period::Kind::month, y, m};
    }
    return std::nullopt;
}

FollowupData read_followup(const std::string& source, bool synthetic, const CareCentreRegister& centres,
                           const Catalogue& catalogue, const FieldMap& fields, Problems& problems) {
    TextTable t = read_table(source);
    t.map_fields(fields, {"vardcentral", "indikator", "period", "taljare", "namnare", "varde"});
    const std::size_t vc_col = t.require_column("vardcentral");
    const std::size_t ind_col = t.require_column("indikator");
    const std::size_t period_col = t.require_column("period");
    const auto num_col = t.column("taljare");
    const auto den_col = t.column("namnare");
    const auto value_col = t.column("varde");
    if (num_col.has_value() != den_col.has_value()) {
        throw DataError({t.file, 1, {}, num_col ? "namnare" : "taljare"}, "kolumnen saknas",
                        "täljare och nämnare hör ihop: ange båda kolumnerna taljare och namnare");
    }
    if (!num_col && !value_col) {
        throw DataError({t.file, 1, {}, "taljare"}, "kolumnerna taljare och namnare (eller varde) saknas",
                        "ange taljare,namnare eller varde där bara andelen levereras; kolumner som finns: " + t.header_list());
    }

    FollowupData data;
    data.file = t.file;
    data.synthetic = synthetic;
    std::map<std::string, std::pair<Period::Kind, long>> kinds;  // indicator → kind, first line
    std::map<std::tuple<std::size_t, std::string, Period>, long> seen;
    for (const auto& row : t.rows) {
        ++data.rows_read;
        problems.attempt([&] {
        const auto where = [&](std::size_t col, const std::string& feature = {}) {
            return Where{t.file, row.line, feature, t.header[col]};
        };
        const std::string name = trimmed(row.cells[vc_col]);
        FollowupRow r;
        r.line = row.line;
        r.centre = match_care_centre(centres, name, where(vc_col));
        r.indicator = trimmed(row.cells[ind_col]);
        const Indicator* ind = catalogue.find_care_centre(r.indicator);
        if (!ind) {
            std::string ids;
            std::vector<std::string> known;
            for (const auto& i : catalogue.care_centre_indicators) {
                ids += (ids.empty() ? "" : ", ") + i.id;
                known.push_back(i.id);
            }
            const auto near = closest_name(r.indicator, known);
            throw DataError(where(ind_col, name), "indikatorn '" + r.indicator + "' är ingen vårdcentralsindikator i katalogen",
                            ids.empty() ? "lägg till den i katalogen med niva = \"vardcentral\""
                                        : (near ? "menade du '" + *near + "'? " : std::string()) + "kända: " + ids);
        }
        const auto period = parse_period(row.cells[period_col]);
        if (!period) {
            throw DataError(where(period_col, name), "perioden '" + row.cells[period_col] + "' går inte att läsa",
                            "skriv år (2024), tertial (2025T1) eller månad (2025-03)");
        }
        r.period = *period;
        if (auto [it, fresh] = kinds.emplace(r.indicator, std::make_pair(period->kind, row.line));
            !fresh && it->second.first != period->kind) {
            throw DataError(where(period_col, name),
                            fmt::format("indikatorn {} har perioder av två slag: {} här, {} på rad {}", r.indicator,
                                        kind_word(period->kind), kind_word(it->second.first), it->second.second),
                            "en indikator följs upp per år, per tertial eller per månad, inte blandat");
        }
        if (auto [it, fresh] = seen.emplace(std::make_tuple(r.centre, r.indicator, r.period), row.line); !fresh) {
            throw DataError(where(period_col, name),
                            fmt::format("{} {} {} förekommer redan på rad {}", name, r.indicator, r.period.label(), it->second),
                            "varje vårdcentral, indikator och period får bara finnas en gång");
        }
        const auto number = [&](std::size_t col) -> std::optional<double> {
            const std::string& text = row.cells[col];
            if (is_no_data(text)) return std::nullopt;
            const Cell c = parse_cell(text);
            if (c.status == CellStatus::Dash) return 0.0;
            if (c.status != CellStatus::Number) {
                throw DataError(where(col, name), "'" + text + "' är inte ett tal",
                                "skriv ett tal, eller 'Ingen data' / lämna tomt när värdet saknas");
            }
            if (c.value < 0) throw DataError(where(col, name), "negativt värde '" + text + "'", "antal kan inte vara negativa");
            return c.value;
        };
        if (num_col) {
            r.numerator = number(*num_col);
            r.denominator = number(*den_col);
            if (r.numerator.has_value() != r.denominator.has_value()) {
                throw DataError(where(r.numerator ? *den_col : *num_col, name),
                                r.numerator ? "täljaren finns men nämnaren saknas" : "nämnaren finns men täljaren saknas",
                                "ange båda, eller 'Ingen data' i båda när uppgiften saknas");
            }
            if (r.numerator && *r.denominator == 0 && *r.numerator > 0) {
                throw DataError(where(*den_col, name), "nämnaren är 0 men täljaren " + row.cells[*num_col],
                                "kontrollera antalet listade");
            }
            if (r.numerator && ind->type == IndicatorType::proportion && *r.numerator > *r.denominator) {
                throw DataError(where(*num_col, name),
                                "täljaren " + row.cells[*num_col] + " är större än nämnaren " + row.cells[*den_col],
                                "en andel kräver täljare <= nämnare");
            }
            if (r.numerator && *r.denominator == 0) r.numerator = r.denominator = std::nullopt;  // 0 of 0: no data
        }
        if (value_col && !r.numerator) {
            r.value = number(*value_col);
            if (r.value && ind->type == IndicatorType::proportion && *r.value > 100) {
                throw DataError(where(*value_col, name), "andelen " + row.cells[*value_col] + " är över 100 %",
                                "ange varde i procent, 0–100");
            }
        }
        r.no_data = !r.numerator && !r.value;
        if (r.no_data) ++data.rows_no_data;
        else if (r.numerator) ++data.rows_with_counts;
        else ++data.rows_value_only;
        data.rows.push_back(std::move(r));
        });
    }
    return data;
}

}  // namespace omrade::profiles
