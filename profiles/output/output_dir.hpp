// The output folder of a build: checked before anything is read, written into a hidden sibling
// folder and swapped into place in one step, so that a build killed at any moment (SIGKILL, power
// cut of the process) leaves the previous folder whole or the new one whole, never a mix; and
// --overwrite replaces only a folder an earlier build wrote (the marker file says so), never
// someone else's files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace omrade::profiles {

// Name of the marker file every build writes at the top of its folder.
inline constexpr const char* build_marker_name = ".omrade-bygge";

// Checks `arg` (the --out value as typed) as the target of a build and returns it absolute and
// normalised. Throws UsageError when the target is a file, the root folder, the current folder
// or one above it, a folder holding one of `inputs`, or an existing folder that is not empty and
// holds no build marker (naming one of its files); an existing folder without `overwrite` is
// also a UsageError. Touches nothing.
std::filesystem::path check_output_dir(const std::string& arg, bool overwrite,
                                       const std::vector<std::filesystem::path>& inputs);

// A build folder being written: created (with the marker) beside the target by the constructor,
// swapped into place by commit(), removed by the destructor when not committed. Stale folders of
// earlier builds that were killed are cleaned up (or, when a killed build left only the previous
// folder moved aside, moved back) first.
class OutputDir {
public:
    OutputDir(std::filesystem::path target, const std::string& tool_version);
    ~OutputDir();
    OutputDir(const OutputDir&) = delete;
    OutputDir& operator=(const OutputDir&) = delete;

    // Where the build writes its files.
    const std::filesystem::path& path() const { return m_temp; }
    // Replaces the target by the new folder in one rename (RENAME_EXCHANGE where the file system
    // has it), then removes the previous contents. Throws DataError when the swap fails; the
    // target is then untouched.
    void commit();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_temp;
    bool m_committed = false;
};

// Test seam for the kill tests (tests/e2e/test_output_dir.cpp): when the environment variable
// OMRADE_TEST_KILL_AT names `point`, the process kills itself with SIGKILL there.
void kill_point(const char* point);

}  // namespace omrade::profiles
