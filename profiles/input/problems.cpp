#include "profiles/input/problems.hpp"

#include <fmt/format.h>

namespace omrade::profiles {

Problems& stop_at_first_problem() {
    // Stateless in stop mode (add throws before storing), so one shared instance is safe.
    static Problems stop(Problems::Mode::stop);
    return stop;
}

void Problems::add(const DataError& error) {
    if (!collecting()) throw error;
    ++m_count;
    const Where& w = error.where();
    for (auto& e : m_entries) {
        const Where& o = e.error.where();
        if (o.file == w.file && o.field == w.field && e.error.problem() == error.problem() && e.error.hint() == error.hint()) {
            if (e.other_lines.size() < max_lines_shown && w.line > 0) e.other_lines.push_back(w.line);
            ++e.other_count;
            return;
        }
    }
    std::size_t in_file = 0;
    for (const auto& e : m_entries) in_file += e.error.where().file == w.file ? 1 : 0;
    if (in_file >= max_per_file) {
        for (auto& [file, n] : m_not_listed) {
            if (file == w.file) {
                ++n;
                return;
            }
        }
        m_not_listed.emplace_back(w.file, 1);
        return;
    }
    m_entries.push_back({error, {}, 0});
}

std::string Problems::numbered() const {
    std::string out;
    std::size_t n = 0;
    for (const auto& e : m_entries) {
        out += fmt::format("  {}. {}", ++n, e.error.what());
        if (e.other_count > 0) {
            std::string lines;
            for (std::size_t i = 0; i < e.other_lines.size(); ++i) {
                lines += (i == 0 ? "" : i + 1 == e.other_lines.size() && e.other_count == e.other_lines.size() ? " och " : ", ") +
                         std::to_string(e.other_lines[i]);
            }
            const std::size_t rest = e.other_count - e.other_lines.size();
            if (lines.empty()) out += fmt::format(" (samma fel {} gånger till)", e.other_count);
            else if (rest == 0) out += " (samma fel även på rad " + lines + ")";
            else out += fmt::format(" (samma fel även på rad {} och {} rader till)", lines, rest);
        }
        out += "\n";
    }
    for (const auto& [file, count] : m_not_listed) {
        out += fmt::format("  {}. {}: ytterligare {} problem visas inte; rätta de första och kör igen\n", ++n, file, count);
    }
    return out;
}

}  // namespace omrade::profiles
