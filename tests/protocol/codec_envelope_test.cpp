// The envelope and frame-level checks of decode_client/decode_server.
#include <set>

#include "frame_helpers.hpp"
#include "herald/protocol/utf8.hpp"

namespace herald::protocol {
namespace {

using testing::client_error;
using testing::client_frame;
using testing::Json;

TEST(Envelope, MinimalFrameDecodes) {
  auto result = decode_client(R"({"v":1,"type":"ping"})");
  ASSERT_TRUE(result.ok()) << result.error().describe();
  EXPECT_TRUE(std::holds_alternative<Ping>(result.value().message));
  EXPECT_FALSE(result.value().ref.has_value());
}

TEST(Envelope, RefIsKeptAndEchoedByEncode) {
  auto result = decode_client(R"({"v":1,"type":"ping","ref":"r-17"})");
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result.value().ref, std::optional<std::string>("r-17"));
  const auto reply = encode(ServerMessage{Pong{}}, result.value().ref);
  EXPECT_EQ(reply, R"({"v":1,"type":"pong","ref":"r-17"})");
}

TEST(Envelope, UnknownFieldsAreIgnored) {
  auto result = decode_client(R"({"v":1,"type":"ping","future":{"x":[1,2]}})");
  EXPECT_TRUE(result.ok());
}

TEST(Envelope, MalformedJson) {
  for (const char* frame : {"", "{", R"({"v":1,})", R"({"v":1 "type":"ping"})", "nul",
                            R"({"v":1,"type":"ping"}x)", R"({"v":1,"type":"p\uD800"})"}) {
    EXPECT_EQ(client_error(frame), Errc::malformed_json) << frame;
  }
}

TEST(Envelope, NotAnObject) {
  for (const char* frame : {"[]", "42", R"("ping")", "null", "true"}) {
    EXPECT_EQ(client_error(frame), Errc::not_an_object) << frame;
  }
}

TEST(Envelope, Version) {
  EXPECT_EQ(client_error(R"({"type":"ping"})"), Errc::missing_field);
  EXPECT_EQ(client_error(R"({"v":null,"type":"ping"})"), Errc::missing_field);
  EXPECT_EQ(client_error(R"({"v":"1","type":"ping"})"), Errc::wrong_field_type);
  EXPECT_EQ(client_error(R"({"v":1.5,"type":"ping"})"), Errc::wrong_field_type);
  EXPECT_EQ(client_error(R"({"v":2,"type":"ping"})"), Errc::unsupported_version);
  EXPECT_EQ(client_error(R"({"v":0,"type":"ping"})"), Errc::unsupported_version);
}

TEST(Envelope, Type) {
  EXPECT_EQ(client_error(R"({"v":1})"), Errc::missing_field);
  EXPECT_EQ(client_error(R"({"v":1,"type":7})"), Errc::wrong_field_type);
  EXPECT_EQ(client_error(R"({"v":1,"type":"launch_missiles"})"), Errc::unknown_type);
  // Server-only types are unknown to the client decoder, and the other way round.
  EXPECT_EQ(client_error(R"({"v":1,"type":"welcome"})"), Errc::unknown_type);
  auto server_side = decode_server(R"({"v":1,"type":"hello","token":"x"})");
  ASSERT_FALSE(server_side.ok());
  EXPECT_EQ(server_side.error().code, Errc::unknown_type);
}

TEST(Envelope, UnknownTypeQuotesABoundedName) {
  const auto error = testing::client_error_detail(client_frame(std::string(5000, 'x')));
  EXPECT_EQ(error.code, Errc::unknown_type);
  EXPECT_LT(error.detail.size(), 200u);
}

TEST(Envelope, Ref) {
  EXPECT_EQ(client_error(R"({"v":1,"type":"ping","ref":5})"), Errc::wrong_field_type);
  EXPECT_EQ(client_error(R"({"v":1,"type":"ping","ref":""})"), Errc::invalid_field);
  EXPECT_EQ(client_error(R"({"v":1,"type":"ping","ref":"has space"})"), Errc::invalid_field);
  Limits limits;
  EXPECT_TRUE(
      decode_client(client_frame("ping", {{"ref", std::string(limits.max_id_token_bytes, 'r')}})).ok());
  EXPECT_EQ(client_error(client_frame("ping", {{"ref", std::string(limits.max_id_token_bytes + 1, 'r')}})),
            Errc::invalid_field);
}

TEST(Envelope, FrameSizeAtAndPastTheLimit) {
  Limits limits;
  limits.max_frame_bytes = 100;
  std::string frame = R"({"v":1,"type":"ping","pad":")";
  frame += std::string(100 - frame.size() - 2, 'x') + "\"}";
  ASSERT_EQ(frame.size(), 100u);
  EXPECT_TRUE(decode_client(frame, limits).ok());
  frame.insert(frame.size() - 2, "x");
  EXPECT_EQ(client_error(frame, limits), Errc::frame_too_large);
}

TEST(Envelope, DefaultFrameLimitIs64KiB) {
  EXPECT_EQ(Limits{}.max_frame_bytes, 65536u);
  EXPECT_EQ(client_error(std::string(65537, ' ')), Errc::frame_too_large);
}

TEST(Envelope, InvalidUtf8AnywhereInTheFrame) {
  EXPECT_EQ(client_error("{\"v\":1,\"type\":\"ping\",\"x\":\"\xc0\xaf\"}"), Errc::invalid_utf8);
  EXPECT_EQ(client_error("{\"v\":1,\"type\":\"ping\",\"x\":\"\xed\xa0\x80\"}"), Errc::invalid_utf8);
  EXPECT_EQ(client_error("{\"v\":1,\"type\":\"ping\",\"x\":\"\xe2\x82\"}"), Errc::invalid_utf8);
  EXPECT_EQ(client_error("\xff"), Errc::invalid_utf8);
}

TEST(Envelope, NestingDepthAtAndPastTheLimit) {
  Limits limits;
  const auto nested = [](std::size_t depth) {  // an object holding depth-1 arrays
    return R"({"v":1,"type":"ping","x":)" + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}";
  };
  EXPECT_TRUE(decode_client(nested(limits.max_nesting_depth), limits).ok());
  EXPECT_EQ(client_error(nested(limits.max_nesting_depth + 1), limits), Errc::too_deeply_nested);
  // Brackets inside strings do not count.
  EXPECT_TRUE(decode_client(client_frame("ping", {{"x", std::string(100, '[')}})).ok());
  // A huge nesting attempt is rejected before parsing.
  EXPECT_EQ(client_error(std::string(60000, '[')), Errc::too_deeply_nested);
}

TEST(Envelope, RecoverRefFromAFrameThatFailsLater) {
  EXPECT_EQ(recover_ref(R"({"v":1,"type":"nope","ref":"abc"})"), std::optional<std::string>("abc"));
  EXPECT_EQ(recover_ref(R"({"v":1,"type":"message.send","ref":"r1"})"), std::optional<std::string>("r1"));
  EXPECT_EQ(recover_ref(R"({"v":1,"type":"ping","ref":"bad ref"})"), std::nullopt);
  EXPECT_EQ(recover_ref("{"), std::nullopt);
}

TEST(Envelope, EncodeIsCompactAndOrdered) {
  SendMessage m;
  m.client_id = "c1";
  m.to = Target::user(7);
  m.text = "hi";
  EXPECT_EQ(encode(ClientMessage{m}), R"({"v":1,"type":"message.send","client_id":"c1","to":7,"text":"hi"})");
}

TEST(Envelope, EncodeNeverFailsOnInvalidUtf8) {
  ErrorReply reply;
  reply.code = Errc::internal_error;
  reply.message = "bad \xff byte";
  const auto frame = encode(ServerMessage{reply});
  EXPECT_TRUE(is_valid_utf8(frame));
  EXPECT_NE(frame.find("\xef\xbf\xbd"), std::string::npos) << "U+FFFD replaces the bad byte";
}

// Every code the decoder can produce is produced by some frame.
TEST(Envelope, EveryDecodeErrorCodeIsReachable) {
  Limits limits;
  const std::string long_text(limits.max_text_chars + 1, 'a');
  const std::vector<std::string> frames = {
      "{",
      std::string(limits.max_frame_bytes + 1, ' '),
      "\xff",
      std::string(100, '['),
      "[]",
      R"({"v":9,"type":"ping"})",
      R"({"v":1,"type":"nope"})",
      R"({"v":1,"type":"register"})",
      R"({"v":1,"type":"room.join","room":"7"})",
      R"({"v":1,"type":"room.join","room":-7})",
      R"({"v":1,"type":"history.fetch","peer":1,"room":2})",
      client_frame("message.send", {{"client_id", "c"}, {"to", 2}, {"text", long_text}}),
      client_frame("register", {{"username", "x"}, {"password", "long enough"}}),
      client_frame("register", {{"username", "alice"}, {"password", "short"}}),
      client_frame("room.create", {{"client_id", "c"}, {"name", ""}, {"visibility", "public"}}),
      client_frame("history.fetch", {{"peer", 1}, {"limit", 0}}),
  };
  std::set<Errc> reached;
  for (const auto& frame : frames) {
    auto result = decode_client(frame, limits);
    ASSERT_FALSE(result.ok()) << frame.substr(0, 80);
    reached.insert(result.error().code);
  }
  for (int code = static_cast<int>(Errc::malformed_json);
       code <= static_cast<int>(Errc::page_size_out_of_range); ++code)
    EXPECT_EQ(reached.count(static_cast<Errc>(code)), 1u)
        << "not reached: " << to_string(static_cast<Errc>(code));
}

// Codes the server produces travel in "error" frames; each survives a round
// trip with its name and retryable flag.
TEST(Envelope, EveryErrorCodeRoundTripsInAnErrorFrame) {
  for (const auto& row : error_infos()) {
    SCOPED_TRACE(std::string(row.name));
    const auto frame = encode(ServerMessage{to_reply(Error{row.code, "text", ""})}, std::string("r1"));
    auto decoded = decode_server(frame);
    ASSERT_TRUE(decoded.ok()) << decoded.error().describe();
    const auto* reply = std::get_if<ErrorReply>(&decoded.value().message);
    ASSERT_NE(reply, nullptr);
    EXPECT_EQ(reply->code, row.code);
    EXPECT_EQ(reply->retryable, row.retryable);
    EXPECT_EQ(reply->message, row.description) << "an error without detail carries the description";
    EXPECT_EQ(reply->field, std::optional<std::string>("text"));
    EXPECT_EQ(decoded.value().ref, std::optional<std::string>("r1"));
    EXPECT_NE(Json::parse(frame)["code"].get<std::string>().find(row.name), std::string::npos);
  }
}

}  // namespace
}  // namespace herald::protocol
