// herald-server's Pusher side, wired: the PusherService over the same
// connections as Herald's protocol, webhooks sent by a WebhookSender on the
// event loop, the service's tick timer, and the two links to core (Herald
// users' sessions for /pusher/auth, notifications onto their channels).
#pragma once

#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "herald/core/service.hpp"
#include "herald/pusher_service/pusher_service.hpp"
#include "herald/transport/websocket_server.hpp"
#include "herald/webhooks/webhook_sender.hpp"

namespace herald::app {

class PusherRuntime final : public pusher_service::WebhookPoster {
 public:
  /// Attaches itself to `server` and `service`; all three must outlive it
  /// being used (it is destroyed after the event loop stops).
  PusherRuntime(boost::asio::io_context& io, pusher::AppDirectory apps, core::Outbound& out,
                const core::Clock& clock, core::Service& service, transport::WebSocketServer& server);
  ~PusherRuntime() override;

  void post(pusher::WebhookRequest request) override;
  std::size_t connection_count() const { return pusher_.connection_count(); }
  webhooks::SenderStats webhook_stats() const { return sender_.stats(); }
  /// Stops the tick and webhook retries (shutdown).
  void stop();

 private:
  void schedule_tick();

  pusher_service::ServiceOptions options_;
  webhooks::WebhookSender sender_;
  pusher_service::PusherService pusher_;
  boost::asio::steady_timer tick_timer_;
  bool stopped_ = false;
};

}  // namespace herald::app
