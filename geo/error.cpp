#include "geo/error.hpp"

#include <utility>

namespace omrade {

namespace {

// An absurdly long field quoted from the input would bury the message: keep its start.
std::string shortened(const std::string& s) {
    constexpr std::size_t max = 400;
    if (s.size() <= max) return s;
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    return s.substr(0, cut) + "… (" + std::to_string(s.size()) + " tecken)";
}

}  // namespace

std::string format_message(const Where& where, const std::string& problem,
                           const std::string& hint) {
    std::string msg;
    auto add = [&msg](const std::string& part) {
        if (!msg.empty()) msg += ": ";
        msg += shortened(part);
    };
    if (!where.file.empty()) add(where.file);
    if (where.line > 0) add("rad " + std::to_string(where.line));
    if (!where.feature.empty()) add("objekt " + where.feature);
    if (!where.field.empty()) add("fält '" + where.field + "'");
    add(problem);
    if (!hint.empty()) msg += "; " + shortened(hint);
    return msg;
}

DataError::DataError(Where where, const std::string& what, std::string hint)
    : std::runtime_error(format_message(where, what, hint)),
      m_where(std::move(where)),
      m_problem(what),
      m_hint(std::move(hint)) {}

}  // namespace omrade
