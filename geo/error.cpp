#include "geo/error.hpp"

#include <utility>

namespace omrade {

std::string format_message(const Where& where, const std::string& problem,
                           const std::string& hint) {
    std::string msg;
    auto add = [&msg](const std::string& part) {
        if (!msg.empty()) msg += ": ";
        msg += part;
    };
    if (!where.file.empty()) add(where.file);
    if (where.line > 0) add("rad " + std::to_string(where.line));
    if (!where.feature.empty()) add("objekt " + where.feature);
    if (!where.field.empty()) add("fält '" + where.field + "'");
    add(problem);
    if (!hint.empty()) msg += "; " + hint;
    return msg;
}

DataError::DataError(Where where, const std::string& what, std::string hint)
    : std::runtime_error(format_message(where, what, hint)),
      m_where(std::move(where)),
      m_problem(what),
      m_hint(std::move(hint)) {}

}  // namespace omrade
