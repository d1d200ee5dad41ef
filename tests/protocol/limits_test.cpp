// Every text and size limit, at the limit and one past it, with default and
// with configured values.
#include <functional>
#include <set>

#include "frame_helpers.hpp"

namespace herald::protocol {
namespace {

using testing::client_frame;
using testing::Json;
using testing::repeat;

struct Boundary {
  const char* limit;
  // Builds a frame whose limited field has length n.
  std::function<std::string(std::size_t n)> frame;
  std::size_t at;    // the largest (or smallest) accepted length
  std::size_t past;  // one past it
  Errc code;         // the error one past the limit
};

// Two-byte characters prove that *_chars limits count characters, not bytes.
const std::string kWide = "\xc5\xbc";  // ż

std::vector<Boundary> boundaries(const Limits& l) {
  const auto notification = [](Json extra) {
    Json f = {{"client_id", "c"}, {"title", "t"}, {"body", ""}, {"everyone", true}};
    for (auto& [k, v] : extra.items()) f[k] = v;
    return client_frame("notification.send", f);
  };
  const std::string password(l.min_password_bytes, 'p');
  return {
      {"max_text_chars",
       [](std::size_t n) {
         return client_frame("message.send", {{"client_id", "c"}, {"to", 1}, {"text", repeat(kWide, n)}});
       },
       l.max_text_chars, l.max_text_chars + 1, Errc::text_too_long},
      {"max_username_chars",
       [password](std::size_t n) {
         return client_frame("register", {{"username", std::string(n, 'u')}, {"password", password}});
       },
       l.max_username_chars, l.max_username_chars + 1, Errc::invalid_username},
      {"min_username_chars",
       [password](std::size_t n) {
         return client_frame("register", {{"username", std::string(n, 'u')}, {"password", password}});
       },
       l.min_username_chars, l.min_username_chars - 1, Errc::invalid_username},
      {"max_password_bytes",
       [](std::size_t n) {
         return client_frame("register", {{"username", "alice"}, {"password", std::string(n, 'p')}});
       },
       l.max_password_bytes, l.max_password_bytes + 1, Errc::invalid_password},
      {"min_password_bytes",
       [](std::size_t n) {
         return client_frame("register", {{"username", "alice"}, {"password", std::string(n, 'p')}});
       },
       l.min_password_bytes, l.min_password_bytes - 1, Errc::invalid_password},
      {"max_password_bytes (sign_in)",
       [](std::size_t n) {
         return client_frame("sign_in", {{"username", "alice"}, {"password", std::string(n, 'p')}});
       },
       l.max_password_bytes, l.max_password_bytes + 1, Errc::invalid_password},
      {"max_room_name_chars",
       [](std::size_t n) {
         return client_frame("room.create",
                             {{"client_id", "c"}, {"name", repeat(kWide, n)}, {"visibility", "public"}});
       },
       l.max_room_name_chars, l.max_room_name_chars + 1, Errc::text_too_long},
      {"max_title_chars",
       [&](std::size_t n) {
         return notification({{"title", repeat(kWide, n)}});
       },
       l.max_title_chars, l.max_title_chars + 1, Errc::text_too_long},
      {"max_body_chars",
       [&](std::size_t n) {
         return notification({{"body", repeat(kWide, n)}});
       },
       l.max_body_chars, l.max_body_chars + 1, Errc::text_too_long},
      {"max_kind_chars",
       [&](std::size_t n) {
         return notification({{"kind", std::string(n, 'k')}});
       },
       l.max_kind_chars, l.max_kind_chars + 1, Errc::invalid_field},
      {"max_link_bytes",
       [&](std::size_t n) {
         return notification({{"link", "/" + std::string(n - 1, 'l')}});
       },
       l.max_link_bytes, l.max_link_bytes + 1, Errc::text_too_long},
      {"max_id_token_bytes",
       [](std::size_t n) {
         return client_frame("message.send", {{"client_id", std::string(n, 'c')}, {"to", 1}, {"text", "x"}});
       },
       l.max_id_token_bytes, l.max_id_token_bytes + 1, Errc::invalid_field},
      {"max_page_size",
       [](std::size_t n) {
         return client_frame("history.fetch", {{"peer", 1}, {"limit", n}});
       },
       l.max_page_size, l.max_page_size + 1, Errc::page_size_out_of_range},
      {"min page size",
       [](std::size_t n) {
         return client_frame("notifications.fetch", {{"limit", n}});
       },
       1, 0, Errc::page_size_out_of_range},
      {"search prefix (max_username_chars)",
       [](std::size_t n) {
         return client_frame("users.search", {{"prefix", std::string(n, 'a')}});
       },
       l.max_username_chars, l.max_username_chars + 1, Errc::invalid_field},
  };
}

void expect_boundaries(const Limits& limits) {
  for (const auto& b : boundaries(limits)) {
    SCOPED_TRACE(b.limit);
    auto at = decode_client(b.frame(b.at), limits);
    EXPECT_TRUE(at.ok()) << "at the limit (" << b.at << "): " << (at.ok() ? "" : at.error().describe());
    auto past = decode_client(b.frame(b.past), limits);
    ASSERT_FALSE(past.ok()) << "one past the limit (" << b.past << ") was accepted";
    EXPECT_EQ(past.error().code, b.code) << past.error().describe();
  }
}

TEST(Limits, DefaultsAtAndPastEveryBoundary) {
  expect_boundaries(Limits{});
}

TEST(Limits, ConfiguredValuesAtAndPastEveryBoundary) {
  Limits small;
  small.max_text_chars = 10;
  small.min_username_chars = 2;
  small.max_username_chars = 5;
  small.min_password_bytes = 12;
  small.max_password_bytes = 20;
  small.max_room_name_chars = 4;
  small.max_title_chars = 3;
  small.max_body_chars = 7;
  small.max_kind_chars = 2;
  small.max_link_bytes = 9;
  small.max_id_token_bytes = 6;
  small.max_page_size = 10;
  expect_boundaries(small);
}

TEST(Limits, DefaultsAreSane) {
  const Limits l;
  EXPECT_LE(l.default_page_size, l.max_page_size);
  EXPECT_GE(l.default_page_size, 1u);
  EXPECT_LT(l.min_username_chars, l.max_username_chars);
  EXPECT_LT(l.min_password_bytes, l.max_password_bytes);
  // A maximal message must fit in a frame even when every character needs
  // JSON's six-byte \u escape.
  EXPECT_LT(l.max_text_chars * 6 + 512, l.max_frame_bytes);
}

TEST(Limits, EveryFieldIsNamedOnce) {
  std::set<std::string_view> names;
  for (const auto& f : kLimitFields) EXPECT_TRUE(names.insert(f.name).second) << f.name;
  EXPECT_EQ(names.size() * sizeof(std::size_t), sizeof(Limits))
      << "a Limits field is missing from kLimitFields";
}

}  // namespace
}  // namespace herald::protocol
