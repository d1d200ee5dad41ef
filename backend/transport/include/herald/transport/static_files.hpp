// Serving the web client's files: a safe mapping from URL paths to files
// under one folder, and their MIME types.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace herald::transport {

struct StaticFile {
  std::string content_type;
  std::string body;
};

/// MIME type for a file name, by extension ("application/octet-stream" for
/// anything unknown). .wasm is application/wasm so browsers can stream-compile.
std::string_view mime_type(std::string_view filename);

/// The file for `url_path` under `root` ("/" means "/index.html"), or nullopt
/// when the path is outside `root`, names a hidden file or a folder, has a
/// query-string-only difference, or does not exist.
std::optional<StaticFile> load_static_file(const std::filesystem::path& root, std::string_view url_path);

}  // namespace herald::transport
