#include "profiles/report/swedish_format.hpp"

#include <array>
#include <cmath>
#include <fmt/format.h>

namespace omrade::profiles {

std::string format_number(double value, int decimals) {
    if (!std::isfinite(value)) return {};
    if (decimals < 0) decimals = 0;
    // Round first so that -0.04 at one decimal prints "0,0", not "−0,0".
    std::string digits = fmt::format("{:.{}f}", std::fabs(value), decimals);
    const bool negative = value < 0 && digits.find_first_not_of("0.") != std::string::npos;
    const auto dot = digits.find('.');
    const std::string whole = digits.substr(0, dot);
    std::string out;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) out += nbsp;
        out += whole[i];
    }
    if (dot != std::string::npos) out += "," + digits.substr(dot + 1);
    return negative ? "\u2212" + out : out;
}

std::string format_percent(double value, int decimals) {
    if (!std::isfinite(value)) return {};
    return format_number(value, decimals) + nbsp + "%";
}

std::string format_with_unit(double value, const std::string& unit, int decimals) {
    if (!std::isfinite(value)) return {};
    if (unit == "%") return format_percent(value, decimals);
    if (unit.empty()) return format_number(value, decimals);
    return format_number(value, decimals) + nbsp + unit;
}

std::string format_date_long(const std::string& iso) {
    static constexpr std::array<const char*, 12> months = {"januari", "februari", "mars",      "april",
                                                           "maj",     "juni",     "juli",      "augusti",
                                                           "september", "oktober", "november", "december"};
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
        if (iso[i] < '0' || iso[i] > '9') return iso;
    }
    const int month = std::stoi(iso.substr(5, 2));
    const int day = std::stoi(iso.substr(8, 2));
    if (month < 1 || month > 12 || day < 1 || day > 31) return iso;
    return fmt::format("{} {} {}", day, months[static_cast<std::size_t>(month - 1)], iso.substr(0, 4));
}

}  // namespace omrade::profiles
