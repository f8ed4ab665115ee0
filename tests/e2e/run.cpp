#include "e2e/run.hpp"

#include "test_config.hpp"

#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace omrade::test {

RunResult run_omrade(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
    return run_program(omrade_binary, args, cwd);
}

RunResult run_program(const std::filesystem::path& binary, const std::vector<std::string>& args,
                      const std::filesystem::path& cwd) {
    const auto dir = scratch_dir("run_capture");
    const auto out_path = dir / "stdout";
    const auto err_path = dir / "stderr";
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
        const int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int in_fd = open("/dev/null", O_RDONLY);
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        dup2(in_fd, 0);
        std::vector<char*> argv;
        std::string bin = binary.string();
        argv.push_back(bin.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(bin.c_str(), argv.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(out_path);
    r.err = read_file(err_path);
    return r;
}

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

}  // namespace omrade::test
