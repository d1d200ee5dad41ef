// Strict UTF-8 validation (RFC 3629): rejects overlong forms, UTF-16
// surrogates (U+D800..U+DFFF), code points above U+10FFFF and truncated
// sequences.
//
// Utf8Validator is sans-I/O and incremental: feed() may be called with input
// split at any byte, and the verdict equals validating the concatenation.
// That is what a fragmented WebSocket text message needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace herald::protocol {

class Utf8Validator {
 public:
  /// Consumes more bytes. Returns false as soon as the input so far cannot
  /// be the prefix of valid UTF-8; the validator then stays failed.
  bool feed(std::string_view bytes) noexcept;
  /// True when everything fed is valid and no sequence is left unfinished.
  bool finish() const noexcept { return !failed_ && needed_ == 0; }
  bool failed() const noexcept { return failed_; }
  /// Code points completed so far.
  std::size_t code_points() const noexcept { return code_points_; }

 private:
  std::uint8_t needed_ = 0;    // continuation bytes still expected
  std::uint8_t lower_ = 0x80;  // allowed range of the next continuation byte
  std::uint8_t upper_ = 0xBF;
  bool failed_ = false;
  std::size_t code_points_ = 0;
};

/// Number of code points when `text` is valid UTF-8, nullopt otherwise.
std::optional<std::size_t> utf8_length(std::string_view text) noexcept;
inline bool is_valid_utf8(std::string_view text) noexcept {
  return utf8_length(text).has_value();
}

}  // namespace herald::protocol
