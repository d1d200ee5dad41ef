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

std::optional<std::filesystem::path> resolve_static_path(const std::filesystem::path& root,
                                                         std::string_view url_path) {
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
  fs::path file = fs::weakly_canonical(base / relative, ec);
  if (ec || !fs::is_regular_file(file, ec)) return std::nullopt;
  const auto rel = file.lexically_relative(base);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  return file;
}

std::shared_ptr<const StaticFile> StaticFileCache::get(std::string_view url_path) {
  namespace fs = std::filesystem;
  const auto path = resolve_static_path(root_, url_path);
  if (!path) return nullptr;
  std::error_code ec;
  const auto size = fs::file_size(*path, ec);
  if (ec) return nullptr;
  const auto modified = fs::last_write_time(*path, ec);
  if (ec) return nullptr;
  auto cached = files_.find(*path);
  if (cached != files_.end()) {
    if (cached->second->modified == modified && cached->second->body.size() == size) return cached->second;
    cached_bytes_ -= cached->second->body.size();
    files_.erase(cached);
  }
  std::ifstream in(*path, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream body;
  body << in.rdbuf();
  auto file = std::make_shared<const StaticFile>(
      StaticFile{std::string(mime_type(path->filename().string())), body.str(), modified});
  if (cached_bytes_ + file->body.size() <= max_cached_bytes_) {
    cached_bytes_ += file->body.size();
    files_.emplace(*path, file);
  }
  return file;
}

}  // namespace herald::transport
