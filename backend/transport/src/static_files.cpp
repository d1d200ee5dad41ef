#include "herald/transport/static_files.hpp"

#include <array>
#include <fstream>
#include <sstream>
#include <utility>

namespace herald::transport {

std::string_view mime_type(std::string_view filename) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".png", "image/png"},
      {".svg", "image/svg+xml"},
      {".ico", "image/x-icon"},
      {".ttf", "font/ttf"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  for (const auto& [ext, type] : kTypes)
    if (filename.size() >= ext.size() && filename.substr(filename.size() - ext.size()) == ext) return type;
  return "application/octet-stream";
}

std::optional<StaticFile> load_static_file(const std::filesystem::path& root, std::string_view url_path) {
  namespace fs = std::filesystem;
  const auto query = url_path.find_first_of("?#");
  if (query != std::string_view::npos) url_path = url_path.substr(0, query);
  if (url_path.empty() || url_path.front() != '/') return std::nullopt;
  std::string relative(url_path.substr(1));
  if (relative.empty()) relative = "index.html";
  // Reject anything that could climb out or reach dotfiles, before touching
  // the filesystem; then double-check the resolved path.
  if (relative.find("..") != std::string::npos || relative.find('\\') != std::string::npos ||
      relative.find('\0') != std::string::npos || relative.front() == '.' ||
      relative.find("/.") != std::string::npos)
    return std::nullopt;
  std::error_code ec;
  const fs::path base = fs::weakly_canonical(root, ec);
  if (ec) return std::nullopt;
  const fs::path file = fs::weakly_canonical(base / relative, ec);
  if (ec || !fs::is_regular_file(file, ec)) return std::nullopt;
  const auto rel = file.lexically_relative(base);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;

  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream body;
  body << in.rdbuf();
  return StaticFile{std::string(mime_type(file.filename().string())), body.str()};
}

}  // namespace herald::transport
