#include "e2e/run.hpp"

#include "test_config.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace omrade::test {

namespace {
FaultRunResult run_binary(const std::filesystem::path& binary, const std::vector<std::string>& args,
                          const RunOptions& options);
}  // namespace

RunResult run_omrade(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
    RunOptions options;
    options.cwd = cwd;
    return run_binary(omrade_binary, args, options);
}

RunResult run_program(const std::filesystem::path& binary, const std::vector<std::string>& args,
                      const std::filesystem::path& cwd) {
    RunOptions options;
    options.cwd = cwd;
    return run_binary(binary, args, options);
}

FaultRunResult run_omrade(const std::vector<std::string>& args, const RunOptions& options) {
    return run_binary(omrade_binary, args, options);
}

namespace {

FaultRunResult run_binary(const std::filesystem::path& binary, const std::vector<std::string>& args,
                          const RunOptions& options) {
    const auto dir = scratch_dir("run_capture");
    const auto out_path = dir / "stdout";
    const auto err_path = dir / "stderr";
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) _exit(127);
        const int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int in_fd = open("/dev/null", O_RDONLY);
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        dup2(in_fd, 0);
        for (const auto& e : options.env) putenv(strdup(e.c_str()));
        if (options.file_size_limit >= 0) {
            signal(SIGXFSZ, SIG_IGN);  // kept across exec: writes past the limit fail with EFBIG
            const rlimit lim{static_cast<rlim_t>(options.file_size_limit), static_cast<rlim_t>(options.file_size_limit)};
            setrlimit(RLIMIT_FSIZE, &lim);
        }
        std::vector<char*> argv;
        std::string bin = binary.string();
        argv.push_back(bin.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(bin.c_str(), argv.data());
        _exit(127);
    }
    FaultRunResult r;
    int status = 0;
    if (options.kill_after_ms >= 0) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.kill_after_ms);
        while (waitpid(pid, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() >= deadline) {
                kill(pid, SIGKILL);
                waitpid(pid, &status, 0);
                r.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    } else {
        waitpid(pid, &status, 0);
    }
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) r.killed = true;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    return r;
}

}  // namespace

std::filesystem::path scratch_dir(const std::string& name) {
    const auto dir = std::filesystem::path(binary_dir) / "test_scratch" /
                     (name + "_" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::filesystem::path write_file(const std::filesystem::path& dir, const std::string& name, const std::string& text) {
    const auto p = dir / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

}  // namespace omrade::test
