// One herald-server for a test suite: SQLite in a temporary folder, an
// ephemeral port, and a helper that drives poll_events() the way a frame
// loop would.
#pragma once

#include <stdlib.h>  // mkdtemp

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "herald/platform/platform.hpp"
#include "server_process.hpp"

namespace herald::testing {

class TestServer {
 public:
  TestServer() {
    std::string pattern = (std::filesystem::temp_directory_path() / "herald-platform-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    process_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--data-dir", (dir_ / "data").string()}, dir_);
  }
  ~TestServer() {
    process_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  std::string url() const { return "ws://127.0.0.1:" + std::to_string(process_->port()) + "/"; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<ServerProcess> process_;
};

/// Calls platform::poll_events() every 2 ms until `done` or the timeout;
/// returns done().
inline bool pump_until(const std::function<bool()>& done,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    platform::poll_events();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace herald::testing
