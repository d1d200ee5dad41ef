#include "herald/protocol/error.hpp"

#include <set>

#include <gtest/gtest.h>

namespace herald::protocol {
namespace {

TEST(Errors, NamesAreUniqueSnakeCaseAndRoundTrip) {
  std::set<std::string_view> names;
  for (const auto& row : error_infos()) {
    EXPECT_TRUE(names.insert(row.name).second) << row.name;
    for (char c : row.name)
      EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9')) << row.name;
    EXPECT_EQ(errc_from_string(row.name), std::optional<Errc>(row.code));
    EXPECT_EQ(to_string(row.code), row.name);
    EXPECT_FALSE(row.description.empty());
    EXPECT_EQ(&info(row.code), &row);
  }
  EXPECT_EQ(errc_from_string("no_such_code"), std::nullopt);
}

TEST(Errors, StdErrorCodeIntegration) {
  const std::error_code ec = Errc::rate_limited;
  EXPECT_EQ(ec.category(), protocol_category());
  EXPECT_STREQ(ec.category().name(), "herald.protocol");
  EXPECT_EQ(ec.message(), std::string(info(Errc::rate_limited).description));
  EXPECT_TRUE(ec);
}

TEST(Errors, CloseCodesFollowRfc6455) {
  EXPECT_EQ(info(Errc::frame_too_large).close_code, 1009);
  EXPECT_EQ(info(Errc::invalid_utf8).close_code, 1007);
  EXPECT_EQ(info(Errc::malformed_json).close_code, 0) << "a bad request is answered, not fatal";
}

TEST(Errors, OnlyTransientFailuresAreRetryable) {
  for (const auto& row : error_infos()) {
    const bool transient =
        row.code == Errc::rate_limited || row.code == Errc::unavailable || row.code == Errc::internal_error;
    EXPECT_EQ(row.retryable, transient) << row.name;
  }
}

TEST(Errors, DescribeNamesCodeDetailAndField) {
  const Error e{Errc::text_too_long, "text", "longer than 4000 characters"};
  EXPECT_EQ(e.describe(), "text_too_long: longer than 4000 characters (field \"text\")");
}

}  // namespace
}  // namespace herald::protocol
