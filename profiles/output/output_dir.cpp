#include "profiles/output/output_dir.hpp"

#include "geo/error.hpp"
#include "profiles/output/output_file.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <unistd.h>

namespace omrade::profiles {

namespace fs = std::filesystem;

namespace {

constexpr const char* marker_first_line = "omrade-bygge 1";

// `inner` is `outer` or lies inside it (both absolute and normalised).
bool is_within(const fs::path& inner, const fs::path& outer) {
    const fs::path rel = inner.lexically_relative(outer);
    return !rel.empty() && *rel.begin() != "..";
}

fs::path normalised(const fs::path& p) {
    std::error_code ec;
    fs::path n = fs::weakly_canonical(fs::absolute(p), ec);
    if (ec) n = fs::absolute(p).lexically_normal();
    if (!n.has_filename() && n != n.root_path()) n = n.parent_path();
    return n;
}

bool has_marker(const fs::path& dir) {
    std::ifstream in(dir / build_marker_name);
    std::string first;
    return in && std::getline(in, first) && first == marker_first_line;
}

bool is_empty_dir(const fs::path& dir) {
    std::error_code ec;
    return fs::is_empty(dir, ec) && !ec;
}

// One entry of `dir` other than the marker, for the message (the first by name).
std::string some_entry(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names.empty() ? std::string() : names.front();
}

std::string sibling_prefix(const fs::path& target, const char* kind) {
    return "." + target.filename().string() + "." + kind + "-";
}

fs::path sibling(const fs::path& target, const char* kind) {
    return target.parent_path() / (sibling_prefix(target, kind) + std::to_string(getpid()));
}

bool process_alive(const std::string& pid_text) {
    char* end = nullptr;
    const long pid = std::strtol(pid_text.c_str(), &end, 10);
    if (end == pid_text.c_str() || *end != '\0' || pid <= 0) return false;
    if (pid == getpid()) return false;  // a reused pid of a killed build, not this one
    return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

DataError io_error(const fs::path& p, const std::string& what, int err) {
    return DataError({p.string(), 0, {}, {}}, what + " (" + std::strerror(err) + ")",
                     "kontrollera utrymme och behörighet i mappen ovanför utdatamappen");
}

// Folders left beside `target` by builds that were killed: a swapped-out previous folder is put
// back when the target is missing (the fallback swap was cut between its two renames); every
// other one is removed, but only when it holds a build marker or nothing at all.
void clean_stale_siblings(const fs::path& target) {
    const fs::path parent = target.parent_path();
    std::error_code ec;
    if (!fs::is_directory(parent, ec)) return;
    const std::string tmp_prefix = sibling_prefix(target, "tmp");
    const std::string old_prefix = sibling_prefix(target, "old");
    std::vector<fs::path> olds, tmps;
    for (const auto& e : fs::directory_iterator(parent, ec)) {
        const std::string name = e.path().filename().string();
        const bool is_old = name.rfind(old_prefix, 0) == 0;
        const bool is_tmp = name.rfind(tmp_prefix, 0) == 0;
        if (!is_old && !is_tmp) continue;
        if (process_alive(name.substr((is_old ? old_prefix : tmp_prefix).size()))) continue;
        if (!e.is_directory() || !(has_marker(e.path()) || is_empty_dir(e.path()))) continue;
        (is_old ? olds : tmps).push_back(e.path());
    }
    if (!fs::exists(target, ec) && !olds.empty() && has_marker(olds.front())) {
        fs::rename(olds.front(), target, ec);
        if (!ec) olds.erase(olds.begin());
    }
    for (const auto& p : olds) fs::remove_all(p, ec);
    for (const auto& p : tmps) fs::remove_all(p, ec);
}

bool fallback_forced() {
    const char* v = std::getenv("OMRADE_TEST_RENAME");
    return v && std::string(v) == "fallback";
}

// rename(2) with renameat2 flags; returns 0 or errno. EINVAL/ENOSYS/ENOTSUP: not supported here.
int rename_with(const fs::path& from, const fs::path& to, unsigned flags) {
    if (fallback_forced()) return EINVAL;
    return renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags) == 0 ? 0 : errno;
}

bool unsupported(int err) { return err == EINVAL || err == ENOSYS || err == ENOTSUP; }

}  // namespace

void kill_point(const char* point) {
    const char* at = std::getenv("OMRADE_TEST_KILL_AT");
    if (at && std::strcmp(at, point) == 0) raise(SIGKILL);
}

fs::path check_output_dir(const std::string& arg, bool overwrite, const std::vector<fs::path>& inputs) {
    if (arg.empty()) throw UsageError("--out: ange en mapp, t.ex. --out out");
    const fs::path out = normalised(arg);
    const std::string shown = "--out " + arg;
    if (out == out.root_path()) {
        throw UsageError(shown + ": rotmappen kan inte vara utdatamapp; välj en egen mapp, t.ex. --out out");
    }
    std::error_code ec;
    const fs::path cwd = normalised(fs::current_path(ec));
    if (!ec && is_within(cwd, out)) {
        throw UsageError(shown + ": är den aktuella mappen eller en mapp ovanför den; utdatamappen ersätts helt vid "
                                 "varje bygge, så välj en egen undermapp, t.ex. --out out");
    }
    for (const auto& input : inputs) {
        const fs::path in = normalised(input);
        if (is_within(in, out)) {
            throw UsageError(shown + ": indatafilen " + input.string() + " ligger i utdatamappen, som ersätts helt vid "
                                     "varje bygge; välj en annan utdatamapp, t.ex. --out out");
        }
    }
    const auto st = fs::status(out, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
        throw UsageError(shown + ": kan inte läsas (" + ec.message() + "); kontrollera behörigheten");
    }
    if (!fs::exists(st)) return out;
    if (!fs::is_directory(st)) {
        throw UsageError(shown + ": " + out.string() + " är en fil, inte en mapp; välj en annan sökväg för utdatamappen");
    }
    if (!is_empty_dir(out) && !has_marker(out)) {
        throw UsageError(shown + ": mappen innehåller filer som inte skrevs av omrade build (t.ex. '" + some_entry(out) +
                         "'); --overwrite ersätter bara en mapp som ett tidigare bygge skrev (den har filen " +
                         build_marker_name + "). Välj en annan mapp, t.ex. --out out");
    }
    if (!overwrite) throw UsageError(arg + " finns redan; använd --overwrite för att ersätta den");
    return out;
}

OutputDir::OutputDir(fs::path target, const std::string& tool_version) : m_target(std::move(target)) {
    std::error_code ec;
    fs::create_directories(m_target.parent_path(), ec);
    if (ec) throw io_error(m_target.parent_path(), "mappen kan inte skapas", ec.value());
    clean_stale_siblings(m_target);
    m_temp = sibling(m_target, "tmp");
    fs::remove_all(m_temp, ec);
    if (!fs::create_directory(m_temp, ec) || ec) {
        throw io_error(m_temp, "den tillfälliga utdatamappen kan inte skapas", ec ? ec.value() : EEXIST);
    }
    kill_point("tillfallig-mapp");
    try {
        write_text_file(m_temp / build_marker_name,
                        std::string(marker_first_line) + "\nversion " + tool_version +
                            "\n# Mappen skrevs av omrade build; 'omrade build --overwrite' får ersätta den.\n");
    } catch (...) {
        fs::remove_all(m_temp, ec);
        throw;
    }
    kill_point("markering");
}

OutputDir::~OutputDir() {
    if (m_committed) return;
    std::error_code ec;
    fs::remove_all(m_temp, ec);
}

void OutputDir::commit() {
    kill_point("fore-byte");
    std::error_code ec;
    if (fs::exists(m_target, ec)) {
        int err = rename_with(m_temp, m_target, RENAME_EXCHANGE);
        if (err == 0) {
            // m_temp now holds the previous folder.
            m_committed = true;
            kill_point("efter-byte");
            fs::remove_all(m_temp, ec);
            return;
        }
        if (!unsupported(err)) throw io_error(m_target, "utdatamappen kan inte bytas ut", err);
        // No atomic exchange on this file system: move the previous folder aside, the new one in,
        // and put the previous one back if that fails. A build killed between the two renames
        // leaves the previous folder aside; the next build moves it back (clean_stale_siblings).
        const fs::path old = sibling(m_target, "old");
        if (std::rename(m_target.c_str(), old.c_str()) != 0) {
            throw io_error(m_target, "utdatamappen kan inte flyttas undan", errno);
        }
        kill_point("undanflyttad");
        if (std::rename(m_temp.c_str(), m_target.c_str()) != 0) {
            err = errno;
            std::rename(old.c_str(), m_target.c_str());
            throw io_error(m_target, "utdatamappen kan inte bytas ut", err);
        }
        m_committed = true;
        kill_point("efter-byte");
        fs::remove_all(old, ec);
        return;
    }
    int err = rename_with(m_temp, m_target, RENAME_NOREPLACE);
    if (unsupported(err)) err = std::rename(m_temp.c_str(), m_target.c_str()) == 0 ? 0 : errno;
    if (err == EEXIST || err == ENOTEMPTY) {
        throw io_error(m_target, "utdatamappen skapades av någon annan under bygget", err);
    }
    if (err != 0) throw io_error(m_target, "utdatamappen kan inte skapas", err);
    m_committed = true;
    kill_point("efter-byte");
}

}  // namespace omrade::profiles
