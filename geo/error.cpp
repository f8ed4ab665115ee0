#include "geo/error.hpp"

#include <utility>

namespace omrade {

namespace {

// An absurdly long field quoted from the input would bury the message: every run of more than
// 200 characters without a space keeps its start and says how long it was.
std::string shortened(const std::string& s) {
    constexpr std::size_t max_run = 200, keep = 60;
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ') ++j;
        if (j - i > max_run) {
            std::size_t cut = i + keep;
            while (cut > i && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
            out.append(s, i, cut - i);
            out += "… (" + std::to_string(j - i) + " tecken)";
        } else {
            out.append(s, i, j - i);
        }
        if (j < s.size()) out += ' ';
        i = j + 1;
    }
    return out;
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
