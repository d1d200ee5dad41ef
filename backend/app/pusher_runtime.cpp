#include "pusher_runtime.hpp"

#include <random>

#include <spdlog/spdlog.h>

namespace herald::app {
namespace {

pusher_service::ServiceOptions service_options() {
  pusher_service::ServiceOptions options;
  std::random_device random;
  options.random_seed = (static_cast<std::uint64_t>(random()) << 32) | random();
  return options;
}

}  // namespace

PusherRuntime::PusherRuntime(boost::asio::io_context& io, pusher::AppDirectory apps, core::Outbound& out,
                             const core::Clock& clock, core::Service& service, transport::WebSocketServer& server)
    : options_(service_options()),
      sender_(io),
      pusher_(std::move(apps), out, *this, clock, options_),
      tick_timer_(io) {
  pusher_.set_session_resolver(
      [&service](const std::string& token, std::function<void(std::optional<protocol::UserInfo>)> done) {
        service.resolve_session(token, std::move(done));
      });
  service.add_notification_listener(pusher_);
  server.mount(pusher_);
  for (const auto& app : pusher_.apps().apps())
    spdlog::info("pusher app {}: clients at /app/{}, HTTP API at /apps/{}{}", app.id, app.key, app.id,
                 app.herald_users ? ", Herald users" : "");
  schedule_tick();
}

PusherRuntime::~PusherRuntime() = default;

void PusherRuntime::post(pusher::WebhookRequest request) {
  webhooks::Request out;
  out.url = std::move(request.url);
  out.body = std::move(request.body);
  out.headers = {{"Content-Type", "application/json"},
                 {"X-Pusher-Key", std::move(request.key)},
                 {"X-Pusher-Signature", std::move(request.signature)}};
  sender_.post(std::move(out));
}

void PusherRuntime::stop() {
  stopped_ = true;
  tick_timer_.cancel();
  sender_.shutdown();
}

void PusherRuntime::schedule_tick() {
  if (stopped_) return;
  tick_timer_.expires_after(std::chrono::milliseconds(options_.tick_ms));
  tick_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    pusher_.tick();
    schedule_tick();
  });
}

}  // namespace herald::app
