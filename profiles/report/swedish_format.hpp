// Numbers, percentages and dates as Swedish readers expect them: a no-break space (U+00A0)
// between thousands, decimal comma, the minus sign U+2212, a no-break space before "%".
#pragma once

#include <optional>
#include <string>

namespace omrade::profiles {

inline constexpr const char* nbsp = "\u00A0";

// 12345.678, 1 → "12 345,7" (NBSP as thousands separator). Non-finite values give "".
std::string format_number(double value, int decimals = 0);

// 12.34, 1 → "12,3 %" (the value is already in per cent).
std::string format_percent(double value, int decimals = 1);

// A number with its unit: "%" → format_percent, "" → the number, otherwise "12,3 unit".
std::string format_with_unit(double value, const std::string& unit, int decimals);

// ISO date "2026-11-30" → "30 november 2026"; anything else is returned unchanged.
std::string format_date_long(const std::string& iso_date);

}  // namespace omrade::profiles
