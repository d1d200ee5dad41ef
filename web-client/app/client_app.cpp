#include "client_app.hpp"

#include <chrono>

namespace herald::app {
namespace {

constexpr const char* kTokenKey = "herald.session";

}  // namespace

client::Timestamp ClientApp::now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

ClientApp::ClientApp(std::string server_url, std::uint64_t seed)
    : url_(std::move(server_url)), client_(client::ClientOptions{}, seed), view_(client_) {
  socket_.on_open = [this] { client_.socket_opened(now()); };
  socket_.on_message = [this](std::string text) { client_.frame_received(now(), text); };
  socket_.on_close = [this](std::uint16_t code, std::string reason) {
    client_.socket_closed(now(), code, reason);
  };
}

void ClientApp::frame() {
  const auto t = now();
  if (!started_) {
    started_ = true;
    saved_token_ = platform::load_setting(kTokenKey);
    client_.start(t, saved_token_);
  }
  switch (client_.take_socket_command()) {
    case client::SocketCommand::connect:
      // A refused start (bad URL) is a closed connection for the client,
      // which then backs off and tries again.
      if (!socket_.connect(url_)) client_.socket_closed(t, 1006, "could not connect");
      break;
    case client::SocketCommand::disconnect:
      socket_.close();
      break;
    case client::SocketCommand::none:
      break;
  }
  client_.tick(t);
  flush();
  view_.draw(t);
  flush();  // what the views asked for goes out this frame
  if (client_.state().token != saved_token_) {
    saved_token_ = client_.state().token;
    platform::save_setting(kTokenKey, saved_token_);
  }
}

void ClientApp::flush() {
  for (const auto& frame : client_.take_outgoing()) socket_.send(frame);
}

}  // namespace herald::app
