#include "herald/pusher/http_signature.hpp"

#include "herald/protocol/percent_encoding.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include "ascii.hpp"
#include "herald/pusher/crypto.hpp"

namespace herald::pusher {
namespace {

using detail::lower_ascii;
using detail::upper_ascii;

constexpr std::string_view kAuthVersion = "1.0";

/// The one value of an authentication parameter (keys compared lower-cased).
struct AuthParam {
  const std::string* value = nullptr;
  int count = 0;
};

AuthParam find_param(const QueryParams& query, std::string_view key) {
  AuthParam found;
  for (const auto& [k, v] : query)
    if (lower_ascii(k) == key) {
      found.value = &v;
      ++found.count;
    }
  return found;
}

/// The value of a required, single authentication parameter, or the error.
Result<std::string_view> required(const QueryParams& query, std::string_view key) {
  const AuthParam param = find_param(query, key);
  if (param.count == 0)
    return Error{Errc::http_auth_param_missing, "the query has no " + std::string(key) + " parameter"};
  if (param.count > 1)
    return Error{Errc::http_auth_param_duplicated,
                 std::string(key) + " appears " + std::to_string(param.count) + " times in the query"};
  return std::string_view(*param.value);
}

Result<std::int64_t> parse_timestamp(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0)
    return Error{Errc::http_bad_timestamp,
                 "auth_timestamp '" + std::string(text.substr(0, 32)) + "' is not a number of seconds"};
  return value;
}

}  // namespace


Result<QueryParams> parse_query_string(std::string_view raw) {
  QueryParams params;
  while (!raw.empty()) {
    const auto amp = raw.find('&');
    const std::string_view part = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (part.empty()) continue;
    const auto eq = part.find('=');
    auto key = protocol::percent_decode(part.substr(0, eq));
    auto value = protocol::percent_decode(eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1));
    if (!key || !value)
      return Error{Errc::http_malformed_query,
                   "bad %-escape in query parameter '" + std::string(part.substr(0, 64)) + "'"};
    params.emplace_back(std::move(*key), std::move(*value));
  }
  return params;
}

const std::string* query_value(const QueryParams& params, std::string_view key) noexcept {
  for (const auto& [k, v] : params)
    if (k == key) return &v;
  return nullptr;
}

std::string http_string_to_sign(std::string_view method, std::string_view path, const QueryParams& params) {
  std::vector<std::pair<std::string, std::string_view>> sorted;
  sorted.reserve(params.size());
  for (const auto& [key, value] : params) {
    std::string lower = lower_ascii(key);
    if (lower != "auth_signature") sorted.emplace_back(std::move(lower), value);
  }
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out = upper_ascii(method);
  out += '\n';
  out += path;
  out += '\n';
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i != 0) out += '&';
    out += sorted[i].first;
    out += '=';
    out += sorted[i].second;
  }
  return out;
}

Status verify_http_request(AppKeys app, const HttpRequestView& request, std::int64_t now_seconds,
                           const HttpAuthLimits& limits) {
  const auto key = required(request.query, "auth_key");
  if (!key) return key.error();
  const auto timestamp_text = required(request.query, "auth_timestamp");
  if (!timestamp_text) return timestamp_text.error();
  const auto version = required(request.query, "auth_version");
  if (!version) return version.error();
  const auto signature = required(request.query, "auth_signature");
  if (!signature) return signature.error();
  const AuthParam body_md5 = find_param(request.query, "body_md5");
  if (body_md5.count > 1)
    return Error{Errc::http_auth_param_duplicated, "body_md5 appears more than once in the query"};

  if (key.value() != app.key)
    return Error{Errc::http_unknown_key, "auth_key '" + std::string(key.value().substr(0, 64)) +
                                             "' is not the key of this app"};
  if (version.value() != kAuthVersion)
    return Error{Errc::http_bad_auth_version,
                 "auth_version is '" + std::string(version.value().substr(0, 16)) + "'; only 1.0 is supported"};
  const auto timestamp = parse_timestamp(timestamp_text.value());
  if (!timestamp) return timestamp.error();
  const std::int64_t skew = now_seconds - timestamp.value();
  if (skew > limits.max_clock_skew_seconds || -skew > limits.max_clock_skew_seconds)
    return Error{Errc::http_stale_timestamp,
                 "auth_timestamp " + std::to_string(timestamp.value()) + " is " + std::to_string(skew < 0 ? -skew : skew) +
                     " s away from the server's time " + std::to_string(now_seconds) + "; the limit is " +
                     std::to_string(limits.max_clock_skew_seconds) + " s (check the client's clock)"};
  if (!request.body.empty() && body_md5.count == 0)
    return Error{Errc::http_body_md5_missing, "a request with a body needs a body_md5 parameter"};

  const std::string string_to_sign = http_string_to_sign(request.method, request.path, request.query);
  std::string given = lower_ascii(signature.value());
  if (!constant_time_equal(given, hmac_sha256_hex(app.secret, string_to_sign))) {
    std::string shown = string_to_sign;
    std::replace(shown.begin(), shown.end(), '\n', '|');
    return Error{Errc::http_bad_signature,
                 "invalid auth_signature: expected the HMAC-SHA256 hex digest of '" + shown +
                     "' (newlines shown as '|') with the app secret"};
  }
  if (body_md5.count == 1 && !constant_time_equal(lower_ascii(*body_md5.value), md5_hex(request.body)))
    return Error{Errc::http_body_md5_mismatch, "body_md5 is not the MD5 of the request body"};
  return Ok{};
}

QueryParams sign_http_request(AppKeys app, std::string_view method, std::string_view path, QueryParams params,
                              std::string_view body, std::int64_t timestamp_seconds) {
  params.emplace_back("auth_key", std::string(app.key));
  params.emplace_back("auth_timestamp", std::to_string(timestamp_seconds));
  params.emplace_back("auth_version", std::string(kAuthVersion));
  if (!body.empty()) params.emplace_back("body_md5", md5_hex(body));
  std::string signature = hmac_sha256_hex(app.secret, http_string_to_sign(method, path, params));
  params.emplace_back("auth_signature", std::move(signature));
  return params;
}

std::string webhook_signature(AppKeys app, std::string_view body) { return hmac_sha256_hex(app.secret, body); }

Status verify_webhook(AppKeys app, std::string_view key_header, std::string_view signature_header,
                      std::string_view body) {
  if (key_header != app.key)
    return Error{Errc::http_unknown_key,
                 "X-Pusher-Key '" + std::string(key_header.substr(0, 64)) + "' is not the key of this app"};
  if (!constant_time_equal(lower_ascii(signature_header), webhook_signature(app, body)))
    return Error{Errc::webhook_bad_signature, "X-Pusher-Signature is not the HMAC-SHA256 of the body"};
  return Ok{};
}

}  // namespace herald::pusher
