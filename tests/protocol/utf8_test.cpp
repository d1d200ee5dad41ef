#include "herald/protocol/utf8.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace herald::protocol {
namespace {

struct Case {
  const char* name;
  std::string bytes;
  bool valid;
  std::size_t code_points;  // when valid
};

std::vector<Case> cases() {
  return {
      {"empty", "", true, 0},
      {"ascii", "hello", true, 5},
      {"polish", "Za\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87 g\xc4\x99\xc5\x9bl\xc4\x85 ja\xc5\xba\xc5\x84", true,
       17},
      {"cyrillic", "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", true, 6},
      {"three_byte_euro", "\xe2\x82\xac", true, 1},
      {"four_byte_emoji", "\xf0\x9f\x98\x80", true, 1},
      {"max_code_point", "\xf4\x8f\xbf\xbf", true, 1},
      {"last_before_surrogates", "\xed\x9f\xbf", true, 1},
      {"first_after_surrogates", "\xee\x80\x80", true, 1},
      {"nul_is_valid_utf8", std::string("a\0b", 3), true, 3},
      {"overlong_slash_2_bytes", "\xc0\xaf", false, 0},
      {"overlong_c1", "\xc1\xbf", false, 0},
      {"overlong_3_bytes", "\xe0\x80\xaf", false, 0},
      {"overlong_3_bytes_max", "\xe0\x9f\xbf", false, 0},
      {"overlong_4_bytes", "\xf0\x80\x80\xaf", false, 0},
      {"overlong_4_bytes_max", "\xf0\x8f\xbf\xbf", false, 0},
      {"high_surrogate", "\xed\xa0\x80", false, 0},
      {"low_surrogate", "\xed\xbf\xbf", false, 0},
      {"surrogate_pair_cesu8", "\xed\xa0\xbd\xed\xb8\x80", false, 0},
      {"above_max", "\xf4\x90\x80\x80", false, 0},
      {"f5_lead", "\xf5\x80\x80\x80", false, 0},
      {"ff_byte", "\xff", false, 0},
      {"stray_continuation", "a\x80", false, 0},
      {"truncated_2_of_2", "\xc3", false, 0},
      {"truncated_2_of_3", "\xe2\x82", false, 0},
      {"truncated_3_of_4", "\xf0\x9f\x98", false, 0},
      {"truncated_then_ascii", "\xe2\x82x", false, 0},
      {"lead_after_lead", "\xc3\xc3\xa9", false, 0},
  };
}

TEST(Utf8, WholeInputVerdicts) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    const auto length = utf8_length(c.bytes);
    EXPECT_EQ(length.has_value(), c.valid);
    if (c.valid && length) {
      EXPECT_EQ(*length, c.code_points);
    }
  }
}

// Streaming: every split of the input into two feeds, and byte-at-a-time,
// gives the same verdict and count as one feed.
TEST(Utf8, EverySplitPointAgreesWithWholeInput) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    for (std::size_t cut = 0; cut <= c.bytes.size(); ++cut) {
      Utf8Validator v;
      v.feed(std::string_view(c.bytes).substr(0, cut));
      v.feed(std::string_view(c.bytes).substr(cut));
      EXPECT_EQ(v.finish(), c.valid) << "split at " << cut;
      if (c.valid) {
        EXPECT_EQ(v.code_points(), c.code_points);
      }
    }
    Utf8Validator bytewise;
    for (char ch : c.bytes) bytewise.feed(std::string_view(&ch, 1));
    EXPECT_EQ(bytewise.finish(), c.valid);
  }
}

TEST(Utf8, FailureIsSticky) {
  Utf8Validator v;
  EXPECT_FALSE(v.feed("\xff"));
  EXPECT_TRUE(v.failed());
  EXPECT_FALSE(v.feed("abc"));
  EXPECT_FALSE(v.finish());
}

TEST(Utf8, PrefixOfValidSequenceIsNotYetFailed) {
  Utf8Validator v;
  EXPECT_TRUE(v.feed("\xf0\x9f"));
  EXPECT_FALSE(v.failed());
  EXPECT_FALSE(v.finish()) << "an unfinished sequence is not complete input";
  EXPECT_TRUE(v.feed("\x98\x80"));
  EXPECT_TRUE(v.finish());
}

// Exhaustive over every two-byte sequence: the validator accepts exactly the
// well-formed ones of Unicode table 3-7 (C2..DF followed by 80..BF).
TEST(Utf8, AllTwoByteSequences) {
  for (int a = 0xC0; a <= 0xDF; ++a)
    for (int b = 0; b <= 0xFF; ++b) {
      const std::string s{static_cast<char>(a), static_cast<char>(b)};
      const bool expected = a >= 0xC2 && b >= 0x80 && b <= 0xBF;
      EXPECT_EQ(is_valid_utf8(s), expected) << std::hex << a << " " << b;
    }
}

}  // namespace
}  // namespace herald::protocol
