// Field-level decoding: types, required and optional fields, targets, enums,
// nested records, lists and cross-field rules.
#include "frame_helpers.hpp"

namespace herald::protocol {
namespace {

using testing::client_error;
using testing::client_error_detail;
using testing::client_frame;
using testing::decode_ok;
using testing::Json;

const std::string kToken(64, 'a');

TEST(Fields, SendMessageToAUserAndToARoom) {
  auto dm = decode_ok<SendMessage>(
      client_frame("message.send", {{"client_id", "c-1"}, {"to", 42}, {"text", "cześć"}}));
  EXPECT_EQ(dm.client_id, "c-1");
  EXPECT_EQ(dm.to, Target::user(42));
  EXPECT_EQ(dm.text, "cześć");
  auto room = decode_ok<SendMessage>(
      client_frame("message.send", {{"client_id", "c-2"}, {"room", 5}, {"text", "hi"}}));
  EXPECT_EQ(room.to, Target::room(5));
}

TEST(Fields, TargetNeedsExactlyOneOfItsTwoFields) {
  const auto both = client_error_detail(
      client_frame("message.send", {{"client_id", "c"}, {"to", 1}, {"room", 2}, {"text", "x"}}));
  EXPECT_EQ(both.code, Errc::conflicting_fields);
  EXPECT_EQ(both.field, "to");
  const auto neither = client_error_detail(client_frame("message.send", {{"client_id", "c"}, {"text", "x"}}));
  EXPECT_EQ(neither.code, Errc::missing_field);
  EXPECT_EQ(client_error(client_frame("message.send", {{"client_id", "c"}, {"to", 0}, {"text", "x"}})),
            Errc::invalid_field);
  EXPECT_EQ(client_error(client_frame("message.send", {{"client_id", "c"}, {"to", "bob"}, {"text", "x"}})),
            Errc::wrong_field_type);
}

TEST(Fields, MissingRequiredFieldNamesTheField) {
  const auto error = client_error_detail(client_frame("message.send", {{"to", 1}, {"text", "x"}}));
  EXPECT_EQ(error.code, Errc::missing_field);
  EXPECT_EQ(error.field, "client_id");
  EXPECT_EQ(client_error(client_frame("message.send", {{"client_id", nullptr}, {"to", 1}, {"text", "x"}})),
            Errc::missing_field)
      << "null counts as absent";
}

TEST(Fields, WrongJsonTypes) {
  EXPECT_EQ(client_error(client_frame("message.send", {{"client_id", 1}, {"to", 1}, {"text", "x"}})),
            Errc::wrong_field_type);
  EXPECT_EQ(
      client_error(client_frame("message.send", {{"client_id", "c"}, {"to", 1}, {"text", Json::array()}})),
      Errc::wrong_field_type);
  EXPECT_EQ(client_error(client_frame("typing", {{"peer", 1}, {"active", "yes"}})), Errc::wrong_field_type);
  EXPECT_EQ(client_error(client_frame("room.join", {{"room", 1.0}})), Errc::wrong_field_type)
      << "1.0 is not an integer";
  EXPECT_EQ(client_error(client_frame("notification.send",
                                      {{"client_id", "c"}, {"title", "t"}, {"body", ""}, {"to", 3}})),
            Errc::wrong_field_type);
}

TEST(Fields, IntegersOutOfRange) {
  EXPECT_EQ(client_error(R"({"v":1,"type":"room.join","room":18446744073709551615})"), Errc::invalid_field);
  EXPECT_EQ(client_error(R"({"v":1,"type":"room.join","room":0})"), Errc::invalid_field);
  EXPECT_TRUE(decode_client(R"({"v":1,"type":"room.join","room":9223372036854775807})").ok());
  EXPECT_EQ(client_error(client_frame("hello", {{"token", kToken}, {"cursor", -1}})), Errc::invalid_field);
  EXPECT_EQ(decode_ok<Hello>(client_frame("hello", {{"token", kToken}, {"cursor", 0}})).cursor,
            std::optional<Cursor>(0));
}

TEST(Fields, OptionalFieldsAbsentOrNull) {
  auto h = decode_ok<FetchHistory>(client_frame("history.fetch", {{"peer", 3}, {"before", nullptr}}));
  EXPECT_FALSE(h.before.has_value());
  EXPECT_FALSE(h.after.has_value());
  EXPECT_FALSE(h.limit.has_value());
}

TEST(Fields, HistoryPagingIsOneDirection) {
  auto h =
      decode_ok<FetchHistory>(client_frame("history.fetch", {{"room", 3}, {"before", 100}, {"limit", 20}}));
  EXPECT_EQ(h.with, Target::room(3));
  EXPECT_EQ(h.before, std::optional<MessageId>(100));
  EXPECT_EQ(h.limit, std::optional<std::int64_t>(20));
  EXPECT_EQ(client_error(client_frame("history.fetch", {{"peer", 3}, {"before", 10}, {"after", 5}})),
            Errc::conflicting_fields);
}

TEST(Fields, EnumsByName) {
  EXPECT_EQ(decode_ok<SetPresence>(client_frame("presence.set", {{"status", "away"}})).status,
            PresenceStatus::away);
  const auto bad = client_error_detail(client_frame("presence.set", {{"status", "busy"}}));
  EXPECT_EQ(bad.code, Errc::invalid_field);
  EXPECT_NE(bad.detail.find("online, away, offline"), std::string::npos) << bad.detail;
  EXPECT_EQ(decode_ok<CreateRoom>(
                client_frame("room.create", {{"client_id", "c"}, {"name", "Ops"}, {"visibility", "private"}}))
                .visibility,
            Visibility::private_room);
}

TEST(Fields, NotificationRecipientsAreAListOrEveryone) {
  const Json base = {{"client_id", "n1"}, {"title", "Deploy"}, {"body", "v2 is live"}};
  Json to_list = base;
  to_list["to"] = {1, 2, 3};
  auto n = decode_ok<SendNotification>(client_frame("notification.send", to_list));
  EXPECT_EQ(n.to, (std::vector<UserId>{1, 2, 3}));
  EXPECT_FALSE(n.everyone);
  Json to_all = base;
  to_all["everyone"] = true;
  EXPECT_TRUE(decode_ok<SendNotification>(client_frame("notification.send", to_all)).everyone);
  Json both = to_list;
  both["everyone"] = true;
  EXPECT_EQ(client_error(client_frame("notification.send", both)), Errc::conflicting_fields);
  EXPECT_EQ(client_error(client_frame("notification.send", base)), Errc::missing_field);
  Json bad_id = base;
  bad_id["to"] = {1, -2};
  const auto error = client_error_detail(client_frame("notification.send", bad_id));
  EXPECT_EQ(error.code, Errc::invalid_field);
  EXPECT_EQ(error.field, "to[1]");
}

TEST(Fields, RecipientListAtAndPastMaxRecipients) {
  Limits limits;
  limits.max_recipients = 3;
  Json frame = {{"client_id", "n1"}, {"title", "t"}, {"body", ""}, {"to", {1, 2, 3}}};
  EXPECT_TRUE(decode_client(client_frame("notification.send", frame), limits).ok());
  frame["to"].push_back(4);
  EXPECT_EQ(client_error(client_frame("notification.send", frame), limits), Errc::invalid_field);
}

TEST(Fields, NestedRecordErrorsNameTheirPath) {
  const std::string frame =
      R"({"v":1,"type":"message","cursor":3,"message":{"id":1,"sender":2,"receiver":3,"text":"","ts":0}})";
  auto result = decode_server(frame);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::invalid_field);
  EXPECT_EQ(result.error().field, "message.text");
  auto list = decode_server(
      R"({"v":1,"type":"users","items":[{"id":1,"username":"ann","admin":false},{"id":2,"admin":false}]})");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().code, Errc::missing_field);
  EXPECT_EQ(list.error().field, "items[1].username");
  auto not_object = decode_server(R"({"v":1,"type":"users","items":[7]})");
  ASSERT_FALSE(not_object.ok());
  EXPECT_EQ(not_object.error().code, Errc::wrong_field_type);
}

TEST(Fields, ListLengthAtAndPastMaxListItems) {
  Limits limits;
  limits.max_list_items = 2;
  Json users = {{"v", 1}, {"type", "users"}, {"items", Json::array()}};
  for (int i = 1; i <= 2; ++i)
    users["items"].push_back({{"id", i}, {"username", "user" + std::to_string(i)}, {"admin", false}});
  EXPECT_TRUE(decode_server(users.dump(), limits).ok());
  users["items"].push_back({{"id", 3}, {"username", "user3"}, {"admin", false}});
  auto result = decode_server(users.dump(), limits);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::invalid_field);
}

TEST(Fields, NotificationsReadNeedsIdsOrAll) {
  EXPECT_TRUE(decode_server(R"({"v":1,"type":"notifications.read","cursor":4,"ids":[3],"unread":0})").ok());
  EXPECT_TRUE(decode_server(R"({"v":1,"type":"notifications.read","cursor":4,"all":true,"unread":0})").ok());
  auto both =
      decode_server(R"({"v":1,"type":"notifications.read","cursor":4,"ids":[3],"all":true,"unread":0})");
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().code, Errc::conflicting_fields);
  auto none = decode_server(R"({"v":1,"type":"notifications.read","cursor":4,"unread":0})");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, Errc::missing_field);
}

TEST(Fields, ErrorReplyCodeMustBeKnown) {
  auto result = decode_server(R"({"v":1,"type":"error","code":"gremlins","message":"x","retryable":false})");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::invalid_field);
}

TEST(Fields, TextRules) {
  const auto send = [](const std::string& text) {
    return client_frame("message.send", {{"client_id", "c"}, {"to", 1}, {"text", text}});
  };
  EXPECT_EQ(decode_ok<SendMessage>(send("line one\nline two\ttab")).text, "line one\nline two\ttab");
  EXPECT_EQ(client_error(send("")), Errc::invalid_field);
  EXPECT_EQ(client_error(send(" \n\t ")), Errc::invalid_field);
  EXPECT_EQ(client_error(send(std::string("nul\0byte", 8))), Errc::invalid_field);
  EXPECT_EQ(client_error(send("escape \x1b[31m")), Errc::invalid_field);
  EXPECT_EQ(client_error(send("del \x7f")), Errc::invalid_field);
  // SQL and markup are just text.
  EXPECT_EQ(decode_ok<SendMessage>(send("'); DROP TABLE messages; --")).text, "'); DROP TABLE messages; --");
}

TEST(Fields, LinksAreHttpOrAbsolutePaths) {
  const auto with_link = [](const std::string& link) {
    return client_frame(
        "notification.send",
        {{"client_id", "c"}, {"title", "t"}, {"body", ""}, {"link", link}, {"everyone", true}});
  };
  for (const char* ok : {"https://example.com/a?b=c", "HTTP://x.y", "/inbox/3", "/"})
    EXPECT_TRUE(decode_client(with_link(ok)).ok()) << ok;
  for (const char* bad : {"javascript:alert(1)", "//evil.example", "ftp://x", "https://a b", "inbox", ""})
    EXPECT_EQ(client_error(with_link(bad)), Errc::invalid_field) << bad;
}

TEST(Fields, KindsAreLowercaseIdentifiers) {
  const auto with_kind = [](const std::string& kind) {
    return client_frame(
        "notification.send",
        {{"client_id", "c"}, {"title", "t"}, {"body", ""}, {"kind", kind}, {"everyone", true}});
  };
  EXPECT_TRUE(decode_client(with_kind("deploy.finished")).ok());
  EXPECT_EQ(client_error(with_kind("Deploy")), Errc::invalid_field);
  EXPECT_EQ(client_error(with_kind("")), Errc::invalid_field);
}

TEST(Fields, TokensAre64LowercaseHexDigits) {
  EXPECT_TRUE(decode_client(client_frame("hello", {{"token", kToken}})).ok());
  EXPECT_EQ(client_error(client_frame("hello", {{"token", std::string(63, 'a')}})), Errc::invalid_field);
  EXPECT_EQ(client_error(client_frame("hello", {{"token", std::string(65, 'a')}})), Errc::invalid_field);
  EXPECT_EQ(client_error(client_frame("hello", {{"token", std::string(64, 'A')}})), Errc::invalid_field);
}

TEST(Fields, ValidationErrorsNeverEchoPasswords) {
  const std::string secret(300, 's');
  const auto error =
      client_error_detail(client_frame("sign_in", {{"username", "alice"}, {"password", secret}}));
  EXPECT_EQ(error.code, Errc::invalid_password);
  EXPECT_EQ(error.describe().find("sss"), std::string::npos);
}

}  // namespace
}  // namespace herald::protocol
