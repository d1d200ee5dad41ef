// The digests Pusher's signatures are made of (OpenSSL's libcrypto), as
// lower-case hex, and a comparison that does not leak where two
// signatures differ.
#pragma once

#include <string>
#include <string_view>

namespace herald::pusher {

/// HMAC-SHA256 of `message` keyed with `secret`: 64 lower-case hex digits.
std::string hmac_sha256_hex(std::string_view secret, std::string_view message);
/// MD5 of `data`: 32 lower-case hex digits (the HTTP API's body_md5).
std::string md5_hex(std::string_view data);
/// Equal contents, in time that depends only on the lengths (CRYPTO_memcmp).
/// Lengths are not secret: every signature here has a fixed length.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace herald::pusher
