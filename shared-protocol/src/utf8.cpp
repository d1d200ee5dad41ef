#include "herald/protocol/utf8.hpp"

namespace herald::protocol {

// A byte-at-a-time state machine after the Unicode Standard's table 3-7
// ("Well-Formed UTF-8 Byte Sequences"): the first byte decides how many
// continuation bytes follow and, for E0/ED/F0/F4, narrows the range of the
// second byte, which is what excludes overlongs, surrogates and > U+10FFFF.
bool Utf8Validator::feed(std::string_view bytes) noexcept {
  if (failed_) return false;
  for (const char c : bytes) {
    const auto b = static_cast<std::uint8_t>(c);
    if (needed_ == 0) {
      if (b < 0x80) {
        ++code_points_;
        continue;
      }
      lower_ = 0x80;
      upper_ = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        needed_ = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        needed_ = 2;
        if (b == 0xE0) lower_ = 0xA0;  // overlong 3-byte forms
        if (b == 0xED) upper_ = 0x9F;  // surrogates U+D800..U+DFFF
      } else if (b >= 0xF0 && b <= 0xF4) {
        needed_ = 3;
        if (b == 0xF0) lower_ = 0x90;  // overlong 4-byte forms
        if (b == 0xF4) upper_ = 0x8F;  // above U+10FFFF
      } else {
        failed_ = true;  // 80..C1 (stray continuation, overlong 2-byte) or F5..FF
        return false;
      }
      continue;
    }
    if (b < lower_ || b > upper_) {
      failed_ = true;
      return false;
    }
    lower_ = 0x80;
    upper_ = 0xBF;
    if (--needed_ == 0) ++code_points_;
  }
  return true;
}

std::optional<std::size_t> utf8_length(std::string_view text) noexcept {
  Utf8Validator validator;
  validator.feed(text);
  if (!validator.finish()) return std::nullopt;
  return validator.code_points();
}

}  // namespace herald::protocol
