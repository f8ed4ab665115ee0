// Runs the omrade binary for end-to-end tests and captures exit code, stdout and stderr.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace omrade::test {

struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs `omrade args...` in `cwd` (default: a fresh temporary directory is not created; the
// current directory is used). Arguments are passed without a shell.
RunResult run_omrade(const std::vector<std::string>& args, const std::filesystem::path& cwd = {});
// The same with another binary (e.g. a copy of omrade placed elsewhere).
RunResult run_program(const std::filesystem::path& binary, const std::vector<std::string>& args,
                      const std::filesystem::path& cwd = {});

// How to run it for the fault tests: extra environment ("NAME=value"), a SIGKILL after a delay,
// a limit on the size of every file it writes (RLIMIT_FSIZE, with SIGXFSZ ignored so that a
// write past it fails as on a full disk).
struct RunOptions {
    std::filesystem::path cwd;
    std::vector<std::string> env;
    int kill_after_ms = -1;
    long file_size_limit = -1;
};

// exit_code is -1 when the process was killed by a signal; `killed` then tells it was ours.
struct FaultRunResult : RunResult {
    bool killed = false;
};
FaultRunResult run_omrade(const std::vector<std::string>& args, const RunOptions& options);

// A fresh empty directory under the build tree, removed and recreated per call.
std::filesystem::path scratch_dir(const std::string& name);

std::string read_file(const std::filesystem::path& p);
// Writes `text` to dir/name as it is (no newline translation); returns the path.
std::filesystem::path write_file(const std::filesystem::path& dir, const std::string& name, const std::string& text);

}  // namespace omrade::test
