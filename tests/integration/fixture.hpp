// A temporary folder per test and a running herald-server in it.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "clients.hpp"
#include "server_process.hpp"

namespace herald::testing {

inline constexpr const char* kApiKey = "test-api-key-0123456789";

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "herald-it-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    web_ = dir_ / "web";
    std::filesystem::create_directories(web_);
    std::ofstream(web_ / "index.html") << "<!doctype html><title>Herald</title>";
  }
  void TearDown() override {
    server_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  /// Database arguments: SQLite under the test folder, or the MariaDB in
  /// HERALD_TEST_MYSQL_URL for the suites that ask for it.
  virtual std::vector<std::string> database_args() { return {"--data-dir", (dir_ / "data").string()}; }

  void start(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = database_args();
    args.insert(args.end(), {"--web-root", web_.string(), "--api-key", kApiKey, "--admin", "root"});
    args.insert(args.end(), extra.begin(), extra.end());
    server_ = std::make_unique<ServerProcess>(args, dir_);
  }
  int stop(int signal = SIGTERM) { return server_->stop(signal); }
  std::uint16_t port() const { return server_->port(); }

  HttpResult post_notification(const Json& body, const std::string& key = kApiKey) {
    return http(port(), beast::http::verb::post, "/api/v1/notifications", body.dump(), "Bearer " + key);
  }

  std::filesystem::path dir_;
  std::filesystem::path web_;
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace herald::testing
