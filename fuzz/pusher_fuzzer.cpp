// Feeds arbitrary bytes to the Pusher service as a client frame (on a
// connection that is already subscribed to a presence and a private
// channel) or as the body of a correctly signed HTTP API request, so the
// fuzzer reaches past the signature checks. Besides the sanitizers, it
// checks that everything the server sends is one JSON object with an
// "event" string, and that every HTTP reply has a status Pusher uses.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "herald/pusher/http_signature.hpp"
#include "herald/pusher/signing.hpp"
#include "herald/pusher_service/pusher_service.hpp"

namespace {

using namespace herald;

constexpr std::string_view kSecret = "fuzz-secret-0123456789";

struct CheckingOutbound final : runtime::Outbound {
  void send(runtime::ConnectionId, const runtime::Frame& frame) override {
    const auto json = nlohmann::json::parse(*frame, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("event") || !json["event"].is_string())
      std::abort();  // the server sent something that is not a Pusher frame
  }
  void close(runtime::ConnectionId, std::uint16_t code, const std::string&) override {
    if (code < 4000 || code > 4399) std::abort();
  }
};

struct FixedClock final : runtime::Clock {
  protocol::Timestamp now_ms() const override { return 1'764'000'000'000; }
};

struct NoWebhooks final : pusher_service::WebhookPoster {
  void post(pusher::WebhookRequest) override {}
};

pusher::AppDirectory apps() {
  pusher::App app;
  app.id = "1";
  app.key = "key1";
  app.secret = std::string(kSecret);
  app.enable_client_messages = true;
  app.herald_users = true;
  pusher::AppDirectory directory;
  if (!directory.add(app)) std::abort();
  return directory;
}


void subscribe(pusher_service::PusherService& service, runtime::ConnectionId id, const std::string& socket_id) {
  const pusher::AppKeys keys{"key1", kSecret};
  const std::string member = R"({"user_id":"u1","user_info":{"name":"fuzz"}})";
  const nlohmann::json presence = {
      {"event", "pusher:subscribe"},
      {"data", {{"channel", "presence-r"}, {"auth", pusher::sign_channel(keys, socket_id, "presence-r", member)},
                {"channel_data", member}}}};
  service.on_text(id, presence.dump());
  const nlohmann::json priv = {
      {"event", "pusher:subscribe"},
      {"data", {{"channel", "private-p"}, {"auth", pusher::sign_channel(keys, socket_id, "private-p")}}}};
  service.on_text(id, priv.dump());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  CheckingOutbound out;
  FixedClock clock;
  NoWebhooks webhooks;
  pusher_service::ServiceOptions options;
  options.random_seed = 42;
  pusher_service::PusherService service(apps(), out, webhooks, clock, options);
  // The socket ids the service gives connections 1 and 2 ("<prefix>.<id>").
  const std::string prefix = std::to_string(42 % 1'000'000'000);
  for (runtime::ConnectionId id : {1, 2}) {
    service.on_open(id, "/app/key1", "protocol=7", "127.0.0.1");
    subscribe(service, id, prefix + "." + std::to_string(id));
  }
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::uint8_t selector = data[0] % 4;
  if (selector < 2) {
    service.on_text(1, input);
  } else {
    const std::string path = selector == 2 ? "/apps/1/events" : "/apps/1/batch_events";
    const auto query = pusher::sign_http_request({"key1", kSecret}, "POST", path, {}, input, clock.now_ms() / 1000);
    std::string raw;
    for (const auto& [k, v] : query) raw += (raw.empty() ? "" : "&") + k + "=" + v;
    service.on_http({"POST", path, raw, input, ""}, [](pusher_service::HttpReply reply) {
      if (reply.status != 200 && reply.status != 400 && reply.status != 413) std::abort();
    });
  }
  service.tick();
  service.on_close(1);
  service.on_close(2);
  return 0;
}
