#include "profiles/input/table.hpp"

#include "geo/error.hpp"
#include "geo/reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace omrade::profiles {

namespace {

// Lower case and the Swedish (and a few other Latin-1) letters without their marks, as UTF-8.
// `drop_separators` also leaves out spaces, '-' and '_' (column names).
std::string fold(std::string_view s, bool drop_separators) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0xC3 && i + 1 < s.size()) {
            auto d = static_cast<unsigned char>(s[i + 1]);
            if (d >= 0x80 && d <= 0x9E && d != 0x97) d = static_cast<unsigned char>(d + 0x20);  // upper → lower
            ++i;
            if (d >= 0xA0 && d <= 0xA5) out += 'a';        // à á â ã ä å
            else if (d >= 0xA8 && d <= 0xAB) out += 'e';   // è é ê ë
            else if (d >= 0xB2 && d <= 0xB6) out += 'o';   // ò ó ô õ ö
            else if (d >= 0xB9 && d <= 0xBC) out += 'u';   // ù ú û ü
            else {
                out += static_cast<char>(c);
                out += static_cast<char>(d);
            }
            continue;
        }
        if (drop_separators && (c == ' ' || c == '-' || c == '_' || c == '\t')) continue;
        out += static_cast<char>(std::tolower(c));
    }
    return out;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace

std::string column_key(std::string_view name) {
    std::string_view s = name;
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return fold(s, true);
}

std::optional<std::size_t> TextTable::column(std::string_view name) const {
    const std::string key = column_key(name);
    for (const auto& [field, index] : mapped) {
        if (field == key) return index;
    }
    std::optional<std::size_t> found;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (column_key(header[i]) != key) continue;
        if (found) {
            throw DataError({file, 1, {}, header[i]},
                            "kolumnerna '" + header[*found] + "' och '" + header[i] + "' har samma namn",
                            "stora och små bokstäver, å/ä/ö och mellanslag räknas inte; byt namn på eller ta bort den ena");
        }
        found = i;
    }
    return found;
}

std::optional<std::size_t> TextTable::column(std::initializer_list<std::string_view> names) const {
    for (const auto n : names) {
        if (auto c = column(n)) return c;
    }
    return std::nullopt;
}

std::string TextTable::header_list() const { return joined(header); }

std::size_t TextTable::require_column(std::string_view name) const {
    if (auto i = column(name)) return *i;
    const auto near = closest_name(name, header);
    throw DataError({file, 1, {}, std::string(name)}, "kolumnen saknas",
                    (near ? "menade du '" + *near + "'? " : std::string()) + "kolumner som finns: " + header_list() +
                        "; en annan rubrik kan anges med falt i konfigurationen");
}

std::size_t TextTable::require_column(std::initializer_list<std::string_view> names) const {
    if (auto c = column(names)) return *c;
    return require_column(*names.begin());
}

void TextTable::reject_misspelled_columns(const std::vector<std::string>& known) const {
    std::vector<std::string> keys;
    for (const auto& k : known) keys.push_back(column_key(k));
    for (std::size_t i = 0; i < header.size(); ++i) {
        const auto& h = header[i];
        if (std::find(keys.begin(), keys.end(), column_key(h)) != keys.end()) continue;
        if (std::any_of(mapped.begin(), mapped.end(), [&](const auto& m) { return m.second == i; })) continue;
        const auto near = closest_name(h, known);
        if (!near || column(*near)) continue;
        throw DataError({file, 1, {}, h}, "okänd kolumn '" + h + "'",
                        "menade du '" + *near + "'? kolumner som läses: " + joined(known));
    }
}

void TextTable::map_fields(const FieldMap& fields, const std::vector<std::string>& known) {
    for (const auto& e : fields.entries) {
        const Where where{fields.config_file, e.line, {}, fields.section + ".falt." + e.field};
        const std::string key = column_key(e.field);
        if (std::none_of(known.begin(), known.end(), [&](const std::string& k) { return column_key(k) == key; })) {
            const auto near = closest_name(e.field, known);
            throw DataError(where, "okänt fält '" + e.field + "'",
                            (near ? "menade du '" + *near + "'? " : std::string()) + "fält som läses här: " + joined(known));
        }
        std::optional<std::size_t> found;
        for (std::size_t i = 0; i < header.size() && !found; ++i) {
            if (column_key(header[i]) == column_key(e.column)) found = i;
        }
        if (!found) {
            const auto near = closest_name(e.column, header);
            throw DataError(where, "kolumnen '" + e.column + "' finns inte i " + file,
                            (near ? "menade du '" + *near + "'? " : std::string()) + "kolumner som finns: " + header_list());
        }
        mapped.emplace_back(key, *found);
    }
}

std::optional<std::string> closest_name(std::string_view name, const std::vector<std::string>& candidates) {
    const std::string a = fold(name, true);
    std::optional<std::string> best;
    std::size_t best_d = 3;
    for (const auto& cand : candidates) {
        if (cand == name) continue;
        const std::string b = fold(cand, true);
        if (b.empty()) continue;
        std::vector<std::size_t> row(b.size() + 1);
        for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
        for (std::size_t i = 1; i <= a.size(); ++i) {
            std::size_t diag = row[0];
            row[0] = i;
            for (std::size_t j = 1; j <= b.size(); ++j) {
                const std::size_t up = row[j];
                row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
                diag = up;
            }
        }
        const std::size_t d = row[b.size()];
        if (d < best_d && 2 * d < std::max(a.size(), b.size())) {
            best_d = d;
            best = cand;
        }
    }
    return best;
}

namespace {

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        if (c < 0x80) n = 0;
        else if ((c & 0xE0) == 0xC0 && c >= 0xC2) n = 1;
        else if ((c & 0xF0) == 0xE0) n = 2;
        else if ((c & 0xF8) == 0xF0 && c <= 0xF4) n = 3;
        else return false;
        if (n > 0 && i + n >= s.size()) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        }
        i += n + 1;
    }
    return true;
}

// Windows-1252 code points for 0x80..0x9F (0 = undefined, kept as U+FFFD).
constexpr char32_t cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool has_extension(const std::string& path, std::initializer_list<const char*> exts) {
    std::string lower = path;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* e : exts) {
        const std::string ext = e;
        if (lower.size() >= ext.size() && lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0)
            return true;
    }
    return false;
}

char sniff_delimiter(std::string_view first_line) {
    std::size_t commas = 0, semis = 0, tabs = 0;
    bool quoted = false;
    for (char c : first_line) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == ',') ++commas;
        if (c == ';') ++semis;
        if (c == '\t') ++tabs;
    }
    if (tabs > commas && tabs > semis) return '\t';
    return semis > commas ? ';' : ',';
}

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
    return std::string(s.substr(b, e - b));
}

}  // namespace

std::string normalize_encoding(std::string& text) {
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
        text.erase(0, 3);
        return "UTF-8 (BOM)";
    }
    if (valid_utf8(text)) return "UTF-8";
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) out += ch;
        else if (c < 0xA0) append_utf8(out, cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xFFFD);
        else append_utf8(out, c);
    }
    text = std::move(out);
    return "Windows-1252";
}

TextTable parse_csv(std::string_view text, const std::string& file_name) {
    TextTable table;
    table.file = file_name;
    const auto first_nl = text.find('\n');
    table.delimiter = sniff_delimiter(text.substr(0, first_nl));

    // RFC 4180 state machine; records may span lines inside quotes.
    std::vector<std::string> record;
    std::string cell;
    bool quoted = false, cell_started = false, any_content = false;
    long line = 1, record_line = 1;
    auto finish_record = [&]() {
        record.push_back(trim(cell));
        cell.clear();
        cell_started = false;
        const bool blank = !any_content || std::all_of(record.begin(), record.end(), [](const std::string& c) { return c.empty(); });
        if (!table.header.empty()) ++table.file_rows;
        if (blank && !table.header.empty()) ++table.blank_rows;
        if (!blank) {
            if (table.header.empty()) {
                table.header = std::move(record);
                for (auto& h : table.header) h = trim(h);
            } else {
                if (record.size() != table.header.size()) {
                    throw DataError({file_name, record_line, {}, {}},
                                    fmt::format("raden har {} fält men rubrikraden har {}",
                                                record.size(), table.header.size()),
                                    fmt::format("kontrollera avgränsaren ('{}') och citattecken",
                                                table.delimiter == '\t' ? std::string("tab")
                                                                        : std::string(1, table.delimiter)));
                }
                table.rows.push_back({record_line, std::move(record)});
            }
        }
        record.clear();
        any_content = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    cell += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++line;
                cell += c;
            }
            continue;
        }
        if (c == '"' && !cell_started) {
            quoted = true;
            cell_started = true;
            any_content = true;
        } else if (c == table.delimiter) {
            record.push_back(trim(cell));
            cell.clear();
            cell_started = false;
            any_content = true;
        } else if (c == '\n') {
            finish_record();
            ++line;
            record_line = line;
        } else if (c == '\r') {
            // CRLF: ignored, '\n' ends the record
        } else {
            cell += c;
            if (c != ' ' && c != '\t') {
                cell_started = true;
                any_content = true;
            }
        }
    }
    if (quoted) throw DataError({file_name, record_line, {}, {}}, "citattecken stängs aldrig");
    if (!cell.empty() || !record.empty()) finish_record();
    if (table.header.empty()) throw DataError({file_name, 0, {}, {}}, "filen är tom", "en rubrikrad behövs");
    return table;
}

TextTable read_table(const std::string& source) {
    const geo::SourceName name = geo::parse_source(source);
    if (has_extension(name.dataset, {".csv", ".txt", ".tsv"}) && name.layer.empty()) {
        std::ifstream in(name.dataset, std::ios::binary);
        if (!in) {
            throw DataError({source, 0, {}, {}}, "filen finns inte eller kan inte läsas",
                            "kontrollera sökvägen");
        }
        std::ostringstream s;
        s << in.rdbuf();
        std::string text = s.str();
        if (text.empty()) throw DataError({source, 0, {}, {}}, "filen är tom", "en rubrikrad och datarader behövs");
        if (text.compare(0, 2, "\xFF\xFE") == 0 || text.compare(0, 2, "\xFE\xFF") == 0) {
            throw DataError({source, 0, {}, {}}, "filen är kodad som UTF-16",
                            "spara den som CSV i UTF-8 (i Excel: 'CSV UTF-8 (kommaavgränsad)')");
        }
        if (const auto nul = text.find('\0'); nul != std::string::npos) {
            const long line = 1 + static_cast<long>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n'));
            throw DataError({source, line, {}, {}}, "filen innehåller binära data (NUL-tecken) och är ingen textfil",
                            "kontrollera att det är rätt fil; spara tabellen som CSV i UTF-8");
        }
        const std::string encoding = normalize_encoding(text);
        TextTable t = parse_csv(text, source);
        t.encoding = encoding;
        return t;
    }
    geo::ReadOptions opt;
    opt.attributes_only = true;
    opt.target_crs.clear();
    const geo::Layer layer = geo::read_layer(name, opt);
    TextTable t;
    t.file = source;
    t.encoding = "OGR";
    for (const auto& f : layer.fields) t.header.push_back(f.name);
    long line = 2;  // spreadsheet row numbers: row 1 is the header
    for (const auto& f : layer.features) {
        TextTable::Row row;
        row.line = line++;
        ++t.file_rows;
        for (const auto& v : f.values) row.cells.push_back(geo::to_text(v));
        if (std::all_of(row.cells.begin(), row.cells.end(), [](const std::string& c) { return trim(c).empty(); })) {
            ++t.blank_rows;
            continue;
        }
        t.rows.push_back(std::move(row));
    }
    return t;
}

Cell parse_cell(std::string_view raw) {
    const std::string s = trim(raw);
    if (s.empty()) return {CellStatus::Empty, 0};
    if (s == ".." || s == "…" || s == "...") return {CellStatus::NotPublished, 0};
    if (s == "-" || s == "–") return {CellStatus::Dash, 0};
    std::string t;
    t.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == ' ') continue;
        if (s.compare(i, 2, "\xC2\xA0") == 0) { ++i; continue; }          // no-break space
        if (s.compare(i, 3, "\xE2\x80\xAF") == 0) { i += 2; continue; }   // narrow no-break space
        if (s.compare(i, 3, "\xE2\x88\x92") == 0) { t += '-'; i += 2; continue; }  // minus sign
        t += s[i];
    }
    const bool has_dot = t.find('.') != std::string::npos;
    const auto comma = t.find(',');
    if (comma != std::string::npos) {
        if (has_dot) {
            t.erase(std::remove(t.begin(), t.end(), ','), t.end());  // 1,234.5
        } else if (t.find(',', comma + 1) != std::string::npos) {
            return {CellStatus::Invalid, 0};
        } else {
            t[comma] = '.';
        }
    }
    if (!t.empty() && t[0] == '+') t.erase(0, 1);
    double v = 0;
    const char* end = t.data() + t.size();
    auto [ptr, ec] = std::from_chars(t.data(), end, v);
    if (ec != std::errc() || ptr != end || !std::isfinite(v)) return {CellStatus::Invalid, 0};
    return {CellStatus::Number, v};
}

std::optional<double> number_at(const TextTable& table, const TextTable::Row& row,
                                std::size_t column, bool allow_missing) {
    const std::string& text = row.cells.at(column);
    const Cell c = parse_cell(text);
    const Where where{table.file, row.line, {}, table.header.at(column)};
    switch (c.status) {
        case CellStatus::Number: return c.value;
        case CellStatus::Dash:
            if (allow_missing) return 0.0;
            throw DataError(where, "värdet är '-' men ett tal behövs");
        case CellStatus::Empty:
        case CellStatus::NotPublished:
            if (allow_missing) return std::nullopt;
            throw DataError(where, c.status == CellStatus::Empty ? "värdet saknas"
                                                                  : "värdet är '..' (ej publicerat)",
                            "ett tal behövs här");
        case CellStatus::Invalid: break;
    }
    throw DataError(where, "'" + text + "' är inte ett tal",
                    "använd siffror med decimalpunkt eller decimalkomma");
}

CsvFormat parse_csv_format(std::string_view name) {
    if (name == "sv") return CsvFormat::Sv;
    if (name == "intl" || name == "en") return CsvFormat::Intl;
    throw UsageError("okänt CSV-format '" + std::string(name) + "'; använd sv eller intl");
}

CsvWriter::CsvWriter(std::ostream& out, CsvFormat format) : m_out(out), m_format(format) {
    if (m_format == CsvFormat::Sv) m_out << "\xEF\xBB\xBF";
}

void CsvWriter::write_row(const std::vector<std::string>& cells) {
    const char delim = m_format == CsvFormat::Sv ? ';' : ',';
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) m_out << delim;
        const std::string& c = cells[i];
        if (c.find_first_of(std::string("\"\n\r") + delim) != std::string::npos) {
            m_out << '"';
            for (char ch : c) m_out << (ch == '"' ? std::string("\"\"") : std::string(1, ch));
            m_out << '"';
        } else {
            m_out << c;
        }
    }
    m_out << "\r\n";
}

std::string CsvWriter::number(double v, int max_decimals) const {
    if (!std::isfinite(v)) return {};
    std::string s = fmt::format("{:.{}f}", v, max_decimals);
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    if (m_format == CsvFormat::Sv) std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

}  // namespace omrade::profiles
