// Runs herald-server (or any program) to completion for a test: argv, a
// line of stdin, then the exit code and what it printed.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace herald::testing {

struct CommandResult {
  int exit_code = -1;  // -1: did not exit normally
  std::string out;
  std::string err;
};

/// Runs `args` (args[0] is the program) with `input` on stdin; `scratch`
/// holds the captured streams.
inline CommandResult run_command(std::vector<std::string> args, const std::string& input,
                                 const std::filesystem::path& scratch) {
  std::filesystem::create_directories(scratch);
  const auto in = scratch / "stdin", out = scratch / "stdout", err = scratch / "stderr";
  std::ofstream(in) << input;
  const pid_t pid = fork();
  if (pid == 0) {
    auto redirect = [](const std::filesystem::path& path, int flags, int fd) {
      const int f = open(path.c_str(), flags, 0644);
      if (f >= 0) dup2(f, fd);
    };
    redirect(in, O_RDONLY, STDIN_FILENO);
    redirect(out, O_WRONLY | O_CREAT | O_TRUNC, STDOUT_FILENO);
    redirect(err, O_WRONLY | O_CREAT | O_TRUNC, STDERR_FILENO);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  auto slurp = [](const std::filesystem::path& path) {
    std::ostringstream text;
    text << std::ifstream(path).rdbuf();
    return text.str();
  };
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

}  // namespace herald::testing
