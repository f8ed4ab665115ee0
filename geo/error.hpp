// Typed exceptions that carry context. Libraries throw them; only tools/main.cpp turns them into
// messages and exit codes (DataError -> 1, UsageError -> 2).
#pragma once

#include <stdexcept>
#include <string>

namespace omrade {

// Where a problem was found. Empty members are left out of the message.
struct Where {
    std::string file;     // file or data source as the user named it
    long line = 0;        // 1-based line in a text file; 0 = not applicable
    std::string feature;  // feature id or area code, e.g. "fid 12" or "0780C1010"
    std::string field;    // column / attribute / config key
};

// Bad input data or configuration: exit code 1.
class DataError : public std::runtime_error {
public:
    DataError(Where where, const std::string& what, std::string hint = {});
    const Where& where() const noexcept { return m_where; }
    const std::string& hint() const noexcept { return m_hint; }
    // The bare problem without location (what() holds the full message).
    const std::string& problem() const noexcept { return m_problem; }

private:
    Where m_where;
    std::string m_problem;
    std::string m_hint;
};

// Wrong use of the command line: exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "file: rad 3: objekt 0780C1010: fält 'x': problem; hint" (Swedish: users read it).
std::string format_message(const Where& where, const std::string& problem,
                           const std::string& hint = {});

}  // namespace omrade
