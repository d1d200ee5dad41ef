// Authentication of Pusher HTTP API requests (POST /apps/{id}/events, GET
// /apps/{id}/channels, ...) and the signature of the webhooks Herald sends.
//
// The string to sign, as pusher-http-node 5.x (lib/requests.js,
// createSignedQueryString; util.toOrderedArray) and Pusher's HTTP API
// reference build it:
//
//   METHOD "\n" PATH "\n" k1=v1&k2=v2...
//
// METHOD upper-case; PATH exactly as requested ("/apps/3/events"); every
// query parameter but auth_signature, keys lower-cased, sorted by key
// (byte order, which is JavaScript's order for ASCII keys), joined as
// key=value with '&' and NOT URL-escaped. pusher-http-node puts the values
// into the URL unescaped as well, other libraries escape them; decoding
// %XX escapes before signing serves both. '+' is kept as '+', not read as
// a space: pusher-http-node sends a '+' in a value unescaped, and no
// Pusher parameter (keys, timestamps, hex digests, channel names, info
// lists) contains a space.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "herald/pusher/error.hpp"
#include "herald/pusher/signing.hpp"

namespace herald::pusher {

/// Query parameters in request order, %XX-decoded; a key may repeat.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// Splits the raw query (the text after '?', without '#fragment') on '&' and
/// the first '=' of each part, %XX-decoding keys and values. Empty parts are
/// skipped; a part without '=' has an empty value. Error: http_malformed_query
/// for a '%' not followed by two hex digits.
Result<QueryParams> parse_query_string(std::string_view raw);

/// The value of the first parameter named `key` (exact case); nullptr when absent.
const std::string* query_value(const QueryParams& params, std::string_view key) noexcept;

std::string http_string_to_sign(std::string_view method, std::string_view path, const QueryParams& params);

struct HttpRequestView {
  std::string_view method;  // any case
  std::string_view path;    // the request target before '?', as received (not decoded)
  const QueryParams& query;
  std::string_view body;  // raw bytes; empty for GET
};

struct HttpAuthLimits {
  /// Pusher accepts a timestamp within 600 s of its clock, either side.
  std::int64_t max_clock_skew_seconds = 600;
};

/// Checks auth_key (must be this app's key), auth_version (1.0),
/// auth_timestamp (within the skew of `now_seconds`), auth_signature and,
/// for a non-empty body, body_md5. Errors, with Error::http_status():
/// http_auth_param_missing 401, http_auth_param_duplicated 400,
/// http_unknown_key 401, http_bad_auth_version 401, http_bad_timestamp 401,
/// http_stale_timestamp 401, http_body_md5_missing 401, http_bad_signature
/// 401, http_body_md5_mismatch 401 (checked after the signature, so an
/// unauthenticated caller learns nothing about bodies).
Status verify_http_request(AppKeys app, const HttpRequestView& request, std::int64_t now_seconds,
                           const HttpAuthLimits& limits = {});

/// The query an HTTP API client sends: `params` plus auth_key,
/// auth_timestamp, auth_version=1.0, body_md5 (when `body` is not empty) and
/// auth_signature (last). For tests and for a Herald-side API client.
QueryParams sign_http_request(AppKeys app, std::string_view method, std::string_view path, QueryParams params,
                              std::string_view body, std::int64_t timestamp_seconds);

/// X-Pusher-Signature of a webhook: hex HMAC-SHA256 of the body with the secret.
std::string webhook_signature(AppKeys app, std::string_view body);
/// Checks X-Pusher-Key and X-Pusher-Signature of a webhook (as a receiver
/// would; Herald's own tests use it). Errors: http_unknown_key, webhook_bad_signature.
Status verify_webhook(AppKeys app, std::string_view key_header, std::string_view signature_header,
                      std::string_view body);

}  // namespace herald::pusher
