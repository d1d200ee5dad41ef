// Helpers for protocol tests: build frames from JSON and read decode errors.
#pragma once

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "herald/protocol/codec.hpp"

namespace herald::protocol::testing {

using Json = nlohmann::json;

/// A client frame: `fields` plus the envelope's "v": 1 and "type".
inline std::string client_frame(const std::string& type, Json fields = Json::object()) {
  fields["v"] = kProtocolVersion;
  fields["type"] = type;
  return fields.dump();
}

/// The error code decoding `frame` fails with; fails the test if it decodes.
inline Errc client_error(const std::string& frame, const Limits& limits = {}) {
  auto result = decode_client(frame, limits);
  EXPECT_FALSE(result.ok()) << "expected an error for: " << frame.substr(0, 200);
  return result.ok() ? Errc{} : result.error().code;
}

inline Error client_error_detail(const std::string& frame, const Limits& limits = {}) {
  auto result = decode_client(frame, limits);
  EXPECT_FALSE(result.ok()) << "expected an error for: " << frame.substr(0, 200);
  return result.ok() ? Error{} : result.error();
}

/// Decodes a frame that must be valid and holds message type T.
template <class T>
T decode_ok(const std::string& frame, const Limits& limits = {}) {
  auto result = decode_client(frame, limits);
  if (!result.ok()) {
    ADD_FAILURE() << "unexpected error " << result.error().describe() << " for: " << frame.substr(0, 200);
    return T{};
  }
  const T* message = std::get_if<T>(&result.value().message);
  if (message == nullptr) {
    ADD_FAILURE() << "decoded to another type: " << type_name(result.value().message);
    return T{};
  }
  return *message;
}

inline std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace herald::protocol::testing
