// docs/protocol.md: every request that carries a `ref` is answered with a
// frame carrying that ref (its reply, `ack`, or `error`). The table below
// must name every client message type the protocol library defines, so a new
// type cannot be added without deciding its reply.
#include <set>
#include <variant>

#include "harness.hpp"
#include "herald/protocol/client_messages.hpp"

namespace herald::testing {
namespace {

template <std::size_t... I>
std::set<std::string> client_types(std::index_sequence<I...>) {
  return {std::string(std::variant_alternative_t<I, protocol::ClientMessage>::kType)...};
}

std::set<std::string> all_client_types() {
  return client_types(std::make_index_sequence<std::variant_size_v<protocol::ClientMessage>>());
}

/// Frames to `id` until it is quiet, presence included.
std::vector<Json> drain(Harness& h, core::ConnectionId id) {
  std::vector<Json> frames;
  while (!h.quiet(id)) frames.push_back(h.next(id));
  for (auto& p : h.presence[id]) frames.push_back(std::move(p));
  h.presence[id].clear();
  return frames;
}

TEST(Replies, EveryRequestWithARefIsAnswered) {
  Harness h;
  const auto root_token = h.register_user("root");  // an admin by configuration
  const auto ann_token = h.register_user("ann");
  const auto ann = h.user_id(ann_token);
  const auto root_id = h.user_id(root_token);
  const auto root = h.sign_in(root_token);
  const auto ack_of = [&](Json request) {
    request["ref"] = "setup";
    h.send(root, request);
    for (const auto& f : drain(h, root))
      if (f.value("ref", "") == "setup" && f["type"] == "ack") return f["id"];
    ADD_FAILURE() << "no ack for " << request.dump();
    return Json();
  };
  const auto message_id =
      ack_of({{"type", "message.send"}, {"client_id", "m0"}, {"to", ann}, {"text", "hello"}});
  ack_of({{"type", "notification.send"}, {"client_id", "n0"}, {"title", "t"}, {"body", "b"}, {"to", {ann, root_id}}});
  const auto room =
      ack_of({{"type", "room.create"}, {"client_id", "r0"}, {"name", "general"}, {"visibility", "public"}});
  const auto ann_tab = h.sign_in(ann_token);
  h.send(ann_tab, {{"type", "notifications.fetch"}});
  const auto notification_id = h.expect(ann_tab, "notifications")["items"][0]["id"];

  // In the order they run: each leaves the state the next one needs.
  const std::vector<std::pair<std::string, Json>> requests = {
      {"ping", Json::object()},
      {"register", {{"username", "newcomer"}, {"password", "password123"}}},
      {"sign_in", {{"username", "ann"}, {"password", "password123"}}},
      {"hello", {{"token", ann_token}}},
      {"message.send", {{"client_id", "m1"}, {"to", ann}, {"text", "again"}}},
      {"history.fetch", {{"peer", ann}}},
      {"conversations.fetch", Json::object()},
      {"read.mark", {{"peer", ann}, {"message_id", message_id}}},
      {"notifications.fetch", Json::object()},
      {"notification.mark_read", {{"id", notification_id}}},
      {"notification.mark_all_read", Json::object()},
      {"notification.send", {{"client_id", "n1"}, {"title", "t"}, {"body", "b"}, {"everyone", true}}},
      {"typing", {{"peer", ann}, {"active", true}}},
      {"presence.set", {{"status", "away"}}},
      {"room.create", {{"client_id", "r1"}, {"name", "second"}, {"visibility", "private"}}},
      {"room.invite", {{"room", room}, {"user", ann}}},
      {"room.members", {{"room", room}}},
      {"rooms.fetch", Json::object()},
      {"users.search", {{"prefix", "a"}}},
      {"room.leave", {{"room", room}}},
      {"room.join", {{"room", room}}},
      {"sign_out", Json::object()},
  };
  std::set<std::string> covered;
  for (const auto& [type, fields] : requests) covered.insert(type);
  EXPECT_EQ(covered, all_client_types()) << "give every client message type a case here";

  // register and sign_in run on a fresh connection; the rest on root's.
  const auto fresh = h.connect();
  for (const auto& [type, fields] : requests) {
    const bool unauthenticated = type == "register" || type == "sign_in" || type == "hello";
    const auto conn = unauthenticated ? h.connect() : root;
    Json request = fields;
    request["type"] = type;
    request["ref"] = "ref-" + type;
    h.send(conn, request);
    const auto frames = drain(h, conn);
    const bool answered = std::any_of(frames.begin(), frames.end(), [&](const Json& f) {
      return f.value("ref", "") == "ref-" + type && f["type"] != "error";
    });
    EXPECT_TRUE(answered) << type << " got no successful reply carrying its ref; frames: " << Json(frames).dump();
    if (unauthenticated) h.disconnect(conn);
  }
  h.disconnect(fresh);
}

TEST(Replies, TheirListCoversTheProtocolLibrary) {
  // A guard for the guard: the helper really sees the variant.
  const auto types = all_client_types();
  EXPECT_EQ(types.size(), std::variant_size_v<protocol::ClientMessage>);
  EXPECT_EQ(types.count("presence.set"), 1u);
}

}  // namespace
}  // namespace herald::testing
