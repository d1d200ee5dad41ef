#include "herald/pusher/error.hpp"

#include <gtest/gtest.h>

#include <set>

#include "herald/pusher/close_codes.hpp"

namespace herald::pusher {
namespace {

TEST(ErrorTable, NamesAreUniqueAndDescribed) {
  std::set<std::string_view> names;
  for (const ErrorInfo* row = error_infos_begin(); row != error_infos_end(); ++row) {
    EXPECT_TRUE(names.insert(row->name).second) << row->name;
    EXPECT_FALSE(row->description.empty()) << row->name;
    EXPECT_EQ(&info(row->code), row);
    EXPECT_EQ(to_string(row->code), row->name);
  }
  EXPECT_EQ(to_string(Errc::http_bad_signature), "http_bad_signature");
  // A body other than the signed one is an authentication failure.
  EXPECT_EQ((Error{Errc::http_body_md5_mismatch, ""}.http_status()), 401);
  EXPECT_EQ((Error{Errc::http_stale_timestamp, ""}.http_status()), 401);
}

TEST(CloseCodes, DocumentedCodesAndRanges) {
  EXPECT_EQ(static_cast<int>(CloseCode::app_not_found), 4001);
  EXPECT_EQ(static_cast<int>(CloseCode::unauthorized), 4009);
  EXPECT_EQ(static_cast<int>(CloseCode::pong_not_received), 4201);
  EXPECT_EQ(info(CloseCode::over_connection_quota).description, "Application is over connection quota");
  for (const CloseCodeInfo* row = close_codes_begin(); row != close_codes_end(); ++row) {
    EXPECT_FALSE(row->description.empty());
    EXPECT_EQ(&info(row->code), row);
  }
  EXPECT_EQ(reconnect_policy(4000), Reconnect::never);
  EXPECT_EQ(reconnect_policy(4099), Reconnect::never);
  EXPECT_EQ(reconnect_policy(4100), Reconnect::after_backoff);
  EXPECT_EQ(reconnect_policy(4199), Reconnect::after_backoff);
  EXPECT_EQ(reconnect_policy(4200), Reconnect::immediately);
  EXPECT_EQ(reconnect_policy(4299), Reconnect::immediately);
  EXPECT_EQ(reconnect_policy(4301), Reconnect::unspecified);
  EXPECT_EQ(reconnect_policy(1000), Reconnect::unspecified);
  EXPECT_EQ(reconnect_policy(3999), Reconnect::unspecified);
}

}  // namespace
}  // namespace herald::pusher
