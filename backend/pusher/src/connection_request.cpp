#include "herald/pusher/connection_request.hpp"

#include <charconv>

#include "ascii.hpp"
#include "herald/pusher/http_signature.hpp"

namespace herald::pusher {
namespace {

constexpr std::string_view kAppPath = "/app/";

ConnectionRefusal refuse(CloseCode code) { return ConnectionRefusal{code, std::string(info(code).description)}; }

}  // namespace

ConnectionDecision check_connection(std::string_view path, std::string_view raw_query, const AppDirectory& apps) {
  if (!detail::starts_with(path, kAppPath)) return refuse(CloseCode::path_not_found);
  const std::string_view key = path.substr(kAppPath.size());
  if (key.empty() || key.find('/') != std::string_view::npos) return refuse(CloseCode::path_not_found);
  const App* app = apps.find_by_key(key);
  if (!app) return refuse(CloseCode::app_not_found);
  if (!app->enabled) return refuse(CloseCode::app_disabled);

  const auto params = parse_query_string(raw_query);
  if (!params) return refuse(CloseCode::path_not_found);
  const std::string* protocol_text = query_value(params.value(), "protocol");
  if (!protocol_text || protocol_text->empty()) return refuse(CloseCode::no_protocol_version);
  int protocol = 0;
  const char* end = protocol_text->data() + protocol_text->size();
  const auto [stop, ec] = std::from_chars(protocol_text->data(), end, protocol);
  if (ec != std::errc() || stop != end) return refuse(CloseCode::invalid_version_format);
  if (protocol < kMinProtocolVersion || protocol > kMaxProtocolVersion)
    return ConnectionRefusal{CloseCode::unsupported_protocol,
                             "Unsupported protocol version " + std::to_string(protocol) + "; this server speaks " +
                                 std::to_string(kMinProtocolVersion) + " to " + std::to_string(kMaxProtocolVersion)};

  AcceptedConnection accepted{app, protocol, {}, {}};
  if (const std::string* client = query_value(params.value(), "client")) accepted.client = client->substr(0, 64);
  if (const std::string* version = query_value(params.value(), "version")) accepted.version = version->substr(0, 64);
  return accepted;
}

std::optional<ConnectionRefusal> check_connection_quota(const App& app, std::size_t open_connections) {
  if (app.max_connections == 0 || open_connections < app.max_connections) return std::nullopt;
  return refuse(CloseCode::over_connection_quota);
}

}  // namespace herald::pusher
