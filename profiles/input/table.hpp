// Tabular input as users bring it (DOMAIN.md §8): CSV with ',' or ';', decimal point or comma,
// UTF-8 with or without BOM or Windows-1252, space thousands separators, '..' (not published)
// and '-' (zero); XLSX/ODS and any other OGR table through geo/. Cells are kept as UTF-8 text
// with their line numbers so that every later error can name file, line and column.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace omrade::profiles {

// The form in which column names are compared: lower case, å/ä → a, ö → o (and é → e, ü → u),
// spaces, '-' and '_' left out. "Täljare", "TALJARE" and "taljare" are one column, as are
// "DeSO-kod" and "desokod" (docs/omrade-build.md "Kolumnnamn").
std::string column_key(std::string_view name);

// `falt = { taljare = "Antal", ... }` in a config section: omrade's name of a column (the key)
// → the user's column (the value), with the config file and line for messages.
struct FieldMap {
    struct Entry {
        std::string field;   // omrade's name, e.g. "taljare"
        std::string column;  // the column in the user's file, e.g. "Antal döda"
        long line = 0;       // line of the entry in the config
    };
    std::string config_file;
    std::string section;  // e.g. "befolkning", for messages ("befolkning.falt.taljare")
    std::vector<Entry> entries;
};

struct TextTable {
    struct Row {
        long line = 0;  // 1-based line in the file (spreadsheet row number for XLSX/ODS)
        std::vector<std::string> cells;  // same length as header
    };
    std::string file;  // as given, for messages
    std::vector<std::string> header;
    std::vector<Row> rows;
    char delimiter = ',';       // detected delimiter (CSV only)
    std::string encoding;       // "UTF-8", "UTF-8 (BOM)", "Windows-1252", or the OGR driver
    // Rows after the header with no content: empty lines and lines of separators only (";;;;;;"
    // at the end of an Excel export). Skipped, counted here for the build report's Avstämning.
    std::size_t blank_rows = 0;
    std::size_t file_rows = 0;  // every row after the header, blank ones included
    // Columns named by a FieldMap (map_fields): column_key of omrade's name → column index.
    std::vector<std::pair<std::string, std::size_t>> mapped;

    // The column whose name equals `name` as column_key compares them (or mapped to it by
    // map_fields). Two columns with the same name are a DataError naming both.
    std::optional<std::size_t> column(std::string_view name) const;
    // The first of `names` that exists (aliases: {"desokod", "deso"}).
    std::optional<std::size_t> column(std::initializer_list<std::string_view> names) const;
    // Throws DataError naming the file and the missing column, listing the columns found and
    // suggesting the closest one ("menade du 'namnare'?").
    std::size_t require_column(std::string_view name) const;
    // The first of `names` that exists; the error names the first.
    std::size_t require_column(std::initializer_list<std::string_view> names) const;
    // Applies a config's `falt` mapping: every entry must name a field in `known` (omrade's names
    // for this table) and a column of the file; DataErrors name the config file and line.
    void map_fields(const FieldMap& fields, const std::vector<std::string>& known);
    // "desokod, indikator, ..." for messages.
    std::string header_list() const;
    // A column the reader does not know but that is a near miss of a known one that is missing
    // (`namnre` for `namnare`) is an error: read as an unknown column it would make every row
    // silently lack the field.
    void reject_misspelled_columns(const std::vector<std::string>& known) const;
};

// The name in `candidates` nearest to `name` when it is near enough to be a typing error: edit
// distance over column_key-like folded text (case, å/ä/ö = a/a/o and separators ignored, so
// "Slandan" finds "Sländan"), at most 2 edits and fewer than half the letters. A candidate equal
// to `name` byte for byte is no suggestion.
std::optional<std::string> closest_name(std::string_view name, const std::vector<std::string>& candidates);

// Reads a CSV/TXT file (own parser: RFC 4180 quoting, delimiter sniffed from the header line
// among ',', ';' and tab, encoding detected) or, for other extensions (.xlsx, .ods, .gpkg, ...),
// the first or named layer through OGR ("file.xlsx|layername=Blad1"). Rows whose cell count
// differs from the header are a DataError naming the line. Blank lines and lines of separators
// only are skipped and counted (blank_rows).
TextTable read_table(const std::string& source);

// Parses CSV text already in memory (used by read_table and by tests).
TextTable parse_csv(std::string_view text, const std::string& file_name);

// Converts Windows-1252 bytes to UTF-8 if the text is not valid UTF-8; strips a UTF-8 BOM.
// Returns the encoding name found.
std::string normalize_encoding(std::string& text);

enum class CellStatus {
    Number,        // value holds the number
    Empty,         // empty cell: missing
    NotPublished,  // ".." (SCB: not published / suppressed at source)
    Dash,          // "-": zero in Swedish statistical tables
    Invalid        // not a number
};

struct Cell {
    CellStatus status = CellStatus::Empty;
    double value = 0;  // the number for Number, 0 for Dash
};

// Accepts "12.5", "12,5", "5 105", "5 105,3", "1\u00a0234" (no-break space), "-3,2", "1e3",
// "..", "-", "". A comma is a decimal separator unless the text has both '.' and ','.
Cell parse_cell(std::string_view text);

// The number in row/column; throws DataError (file, line, field, the text found) if the cell
// is not a number. Empty, '..' and '-' are errors unless allowed by `allow_missing`
// (then Empty/'..' give nullopt and '-' gives 0).
std::optional<double> number_at(const TextTable& table, const TextTable::Row& row,
                                std::size_t column, bool allow_missing = false);

// CSV output for users: "intl" = ',' and decimal point; "sv" = ';' and decimal comma
// (for Swedish Excel). Always UTF-8 with a BOM for "sv" so Excel detects the encoding.
enum class CsvFormat { Intl, Sv };
CsvFormat parse_csv_format(std::string_view name);  // throws UsageError for other names

class CsvWriter {
public:
    CsvWriter(std::ostream& out, CsvFormat format);
    void write_row(const std::vector<std::string>& cells);
    // Formats a number for this CSV format with up to `max_decimals` significant decimals
    // (trailing zeros trimmed); NaN -> "".
    std::string number(double v, int max_decimals = 10) const;

private:
    std::ostream& m_out;
    CsvFormat m_format;
};

}  // namespace omrade::profiles
