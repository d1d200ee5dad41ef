// The Herald client as one object: the platform Socket, the client state
// machine (herald_client_core) and the views (herald_ui), pumped once per
// frame. The same on every platform.
#pragma once

#include <string>

#include "herald/client/client.hpp"
#include "herald/platform/platform.hpp"
#include "herald/ui/app_view.hpp"

namespace herald::app {

class ClientApp {
 public:
  /// Connects to `server_url` on the first frame; signs in with the stored
  /// session token if there is one.
  explicit ClientApp(std::string server_url, std::uint64_t seed = std::random_device{}());
  ClientApp(const ClientApp&) = delete;
  ClientApp& operator=(const ClientApp&) = delete;

  /// One frame: socket commands, timers, outgoing frames, the views.
  void frame();

  client::Client& client() { return client_; }
  ui::AppView& view() { return view_; }
  platform::Socket& socket() { return socket_; }
  /// Wall-clock milliseconds, the client's time base.
  static client::Timestamp now();

 private:
  void flush();

  std::string url_;
  platform::Socket socket_;
  client::Client client_;
  ui::AppView view_;
  bool started_ = false;
  std::string saved_token_;
};

}  // namespace herald::app
