// Serving the web client's files: a safe mapping from URL paths to files
// under one folder, their MIME types, and a cache that loads each file once.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace herald::transport {

/// One file's bytes, immutable once loaded: every response that serves it
/// writes from this same buffer (a download costs no copy of the file).
struct StaticFile {
  std::string content_type;
  std::string body;
  std::filesystem::file_time_type modified;
};

/// MIME type for a file name, by extension ("application/octet-stream" for
/// anything unknown). .wasm is application/wasm so browsers can stream-compile.
std::string_view mime_type(std::string_view filename);

/// The file `url_path` names under `root` ("/" means "/index.html"), or
/// nullopt when the path is outside `root`, names a hidden file or a folder,
/// or does not exist. The query string, if any, is ignored.
std::optional<std::filesystem::path> resolve_static_path(const std::filesystem::path& root,
                                                         std::string_view url_path);

/// The files of one web root, each read once and kept while its size and
/// modification time stay the same (a changed file is read again). At most
/// `max_cached_bytes` are kept; a file beyond that is read per request.
class StaticFileCache {
 public:
  explicit StaticFileCache(std::filesystem::path root, std::size_t max_cached_bytes = 64u << 20)
      : root_(std::move(root)), max_cached_bytes_(max_cached_bytes) {}

  /// The file for `url_path` (see resolve_static_path), or null.
  std::shared_ptr<const StaticFile> get(std::string_view url_path);

  std::size_t cached_bytes() const { return cached_bytes_; }

 private:
  std::filesystem::path root_;
  std::size_t max_cached_bytes_;
  std::size_t cached_bytes_ = 0;
  std::map<std::filesystem::path, std::shared_ptr<const StaticFile>> files_;
};

}  // namespace herald::transport
