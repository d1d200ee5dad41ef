// Settings on the desktop: one file per key under $XDG_CONFIG_HOME/herald
// (or ~/.config/herald), readable only by the user (it holds a session token).
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "herald/platform/platform.hpp"

namespace herald::platform {
namespace {

std::filesystem::path settings_dir() {
  if (std::getenv("HERALD_NO_SETTINGS") != nullptr) return {};
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg != '\0')
    return std::filesystem::path(xdg) / "herald";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return std::filesystem::path(home) / ".config" / "herald";
  return {};
}

}  // namespace

std::string load_setting(const std::string& key) {
  const auto dir = settings_dir();
  if (dir.empty()) return "";
  std::ifstream in(dir / key);
  std::stringstream value;
  value << in.rdbuf();
  return value.str();
}

void save_setting(const std::string& key, const std::string& value) {
  const auto dir = settings_dir();
  if (dir.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const auto file = dir / key;
  if (value.empty()) {
    std::filesystem::remove(file, ec);
    return;
  }
  std::ofstream(file, std::ios::trunc) << value;
  ::chmod(file.c_str(), 0600);
}

}  // namespace herald::platform
