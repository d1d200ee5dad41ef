// Runs the real herald-server binary on an ephemeral port for a test.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstdint>
#include <filesystem>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

namespace herald::testing {

/// The herald-server to run: $HERALD_SERVER_BINARY when set (e.g. the
/// optimized build's, for the tests whose outcome depends on speed), else
/// the one built with these tests.
inline std::string server_binary() {
  const char* override_path = std::getenv("HERALD_SERVER_BINARY");
  return override_path != nullptr && *override_path != '\0' ? override_path : HERALD_SERVER_BINARY;
}

class ServerProcess {
 public:
  /// Starts herald-server with `args` plus --port 0, and waits for the line
  /// that prints its URL. Its log goes to <log_dir>/server.log.
  ServerProcess(std::vector<std::string> args, const std::filesystem::path& log_dir) {
    args.insert(args.begin(), {server_binary(), "--port", "0", "--password-cost", "minimal"});
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    std::filesystem::create_directories(log_dir);
    const std::string log = (log_dir / "server.log").string();
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      const int err = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (err >= 0) dup2(err, STDERR_FILENO);
      close(out[0]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(out[1]);
    stdout_ = out[0];
    read_port();
  }
  ~ServerProcess() { stop(SIGKILL); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }

  /// Sends `signal` and waits (at most 10 s) for the exit; returns the exit
  /// status as waitpid reports it, or -1 if it was already stopped.
  int stop(int signal = SIGTERM) {
    if (pid_ <= 0) return -1;
    kill(pid_, signal);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      usleep(10'000);
    }
    pid_ = -1;
    close(stdout_);
    return status;
  }

 private:
  void read_port() {
    std::string seen;
    const std::regex url(R"(Herald is running at https?://[^:]+:(\d+)/)");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{stdout_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buffer[256];
      const auto n = read(stdout_, buffer, sizeof buffer);
      if (n <= 0) break;
      seen.append(buffer, static_cast<std::size_t>(n));
      std::smatch match;
      if (std::regex_search(seen, match, url)) {
        port_ = static_cast<std::uint16_t>(std::stoi(match[1]));
        return;
      }
    }
    stop(SIGKILL);
    throw std::runtime_error("herald-server did not start; stdout: " + seen);
  }

  pid_t pid_ = -1;
  int stdout_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace herald::testing
