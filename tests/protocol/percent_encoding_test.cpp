#include "herald/protocol/percent_encoding.hpp"

#include <gtest/gtest.h>

namespace herald::protocol {
namespace {

TEST(PercentDecode, DecodesEscapesOfEitherCaseAndKeepsEverythingElse) {
  EXPECT_EQ(percent_decode("a%20b%2fc%2Fd+e"), "a b/c/d+e");
  EXPECT_EQ(percent_decode(""), "");
  EXPECT_EQ(percent_decode("%00"), std::string(1, '\0'));
}

TEST(PercentDecode, RefusesTruncatedOrNonHexEscapes) {
  for (const char* bad : {"%", "%4", "a%", "%zz", "%4g", "ab%2"}) EXPECT_FALSE(percent_decode(bad)) << bad;
}

}  // namespace
}  // namespace herald::protocol
