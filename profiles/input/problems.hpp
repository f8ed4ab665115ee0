// Problems found while reading the inputs. `build` stops at the first; `check` collects every
// problem it can find in one run (every wrong path, vårdcentral name, indicator id, key and
// column) and lists them all. Readers throw DataError as they always do; a reader that can go on
// after a bad row or entry runs that piece through `attempt`, which records the error when
// collecting and lets it propagate otherwise, so both modes share one code path.
#pragma once

#include "geo/error.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace omrade::profiles {

class Problems {
public:
    enum class Mode { stop, collect };

    // One problem; the same message on several lines of a file is kept once with the other lines.
    struct Entry {
        DataError error;
        std::vector<long> other_lines;  // at most max_lines_shown
        std::size_t other_count = 0;    // every other line, also those not kept
    };

    explicit Problems(Mode mode = Mode::stop) : m_mode(mode) {}

    bool collecting() const { return m_mode == Mode::collect; }

    // Stop mode: throws `error`. Collect mode: records it (a repeat of a message is folded into
    // the first; past max_per_file problems in one file only counted).
    void add(const DataError& error);

    // Runs `step`. Returns false if it threw a DataError, which is recorded (collect mode); in
    // stop mode the error propagates.
    template <class Step>
    bool attempt(Step&& step) {
        if (!collecting()) {
            step();
            return true;
        }
        try {
            step();
            return true;
        } catch (const DataError& e) {
            add(e);
            return false;
        }
    }

    // Every problem recorded (or counted) so far; a reader compares counts before and after a
    // file to skip checks over the whole file when some of its rows failed.
    std::size_t count() const { return m_count; }
    bool empty() const { return m_count == 0; }
    const std::vector<Entry>& entries() const { return m_entries; }
    // Problems past max_per_file, per file (file, how many), in order of first appearance.
    const std::vector<std::pair<std::string, std::size_t>>& not_listed() const { return m_not_listed; }

    // The numbered list for the user (Swedish), one problem per line: "  1. fil: rad 3: ...".
    std::string numbered() const;

    static constexpr std::size_t max_per_file = 20;
    static constexpr std::size_t max_lines_shown = 5;

private:
    Mode m_mode;
    std::vector<Entry> m_entries;
    std::vector<std::pair<std::string, std::size_t>> m_not_listed;
    std::size_t m_count = 0;
};

// A Problems in stop mode, the default of every reader: the first problem is thrown.
Problems& stop_at_first_problem();

}  // namespace omrade::profiles
