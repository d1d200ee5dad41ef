// Socket for the native platforms (desktop and headless): a websocketpp
// client on Boost.Asio. Each Socket runs its own io_context on a background
// thread; every websocketpp call happens on that thread (posted there), and
// every event goes back to the UI thread through the EventQueue, so callbacks
// run inside poll_events() only.
#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <thread>
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <websocketpp/client.hpp>
#include <websocketpp/config/asio_no_tls_client.hpp>

#include "event_queue.hpp"
#include "herald/platform/platform.hpp"
#include "herald/protocol/close_codes.hpp"
#include "socket_rules.hpp"

namespace herald::platform {
namespace {

using Client = websocketpp::client<websocketpp::config::asio_client>;
using Hdl = websocketpp::connection_hdl;
using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

// Larger frames fail the connection (close 1009). The server's limit is
// max_frame_bytes (64 KiB by default, announced in `welcome`); this leaves
// room for a server configured higher.
constexpr std::size_t kMaxMessageBytes = 4 * 1024 * 1024;
// How long a closing Socket waits for the closing handshake before it drops
// the connection.
constexpr auto kShutdownGrace = std::chrono::milliseconds(1000);
constexpr std::uint16_t kAbnormalClosure = 1006;

enum class State { closed, connecting, open, closing };

}  // namespace

struct Socket::Impl : std::enable_shared_from_this<Impl> {
  // --- UI thread only ---
  Socket* owner = nullptr;  // null once the Socket is gone: events are dropped
  State state = State::closed;
  std::uint64_t generation = 0;  // tags events with the connection they belong to

  // --- the network thread (after construction) ---
  boost::asio::io_context io;
  Client client;
  Hdl hdl;
  bool connected = false;  // between websocketpp's open and close/fail
  std::optional<std::pair<std::uint16_t, std::string>> close_on_open;  // close() while connecting

  std::optional<WorkGuard> work;  // keeps io.run() going between connections
  std::thread thread;
  std::promise<void> stopped;

  Impl() {
    client.clear_access_channels(websocketpp::log::alevel::all);
    client.clear_error_channels(websocketpp::log::elevel::all);
    client.init_asio(&io);
    client.set_max_message_size(kMaxMessageBytes);
  }

  void start_thread() {
    if (thread.joinable()) return;
    work.emplace(boost::asio::make_work_guard(io));
    thread = std::thread([this] { run_network(); });
  }

  void run_network() {
    for (;;) {
      try {
        io.run();
        break;
      } catch (const std::exception& e) {
        // A handler threw: report it and keep serving the connection.
        post_error(generation_on_network_, std::string("websocket: ") + e.what());
      }
    }
    stopped.set_value();
  }

  // Network thread: queues an event for the UI thread. The weak pointer lets
  // events that outlive the Socket find it gone.
  template <typename Fn>
  void post_ui(std::uint64_t gen, Fn fn) {
    std::weak_ptr<Impl> weak = shared_from_this();
    EventQueue::instance().post([weak, gen, fn = std::move(fn)]() mutable {
      const auto self = weak.lock();
      if (!self || self->owner == nullptr || self->generation != gen) return;
      fn(*self);
    });
  }

  void post_error(std::uint64_t gen, std::string description) {
    post_ui(gen, [description = std::move(description)](Impl& self) mutable {
      if (self.owner->on_error) self.owner->on_error(std::move(description));
    });
  }

  void post_closed(std::uint64_t gen, std::uint16_t code, std::string reason) {
    post_ui(gen, [code, reason = std::move(reason)](Impl& self) mutable {
      self.state = State::closed;
      if (self.owner->on_close) self.owner->on_close(code, std::move(reason));
    });
  }

  // Network thread: starts connection number `gen`.
  void open_connection(std::uint64_t gen, const std::string& url) {
    generation_on_network_ = gen;
    close_on_open.reset();
    websocketpp::lib::error_code ec;
    const Client::connection_ptr con = client.get_connection(url, ec);
    if (ec) {
      post_error(gen, "cannot connect to " + url + ": " + ec.message());
      post_closed(gen, kAbnormalClosure, "");
      return;
    }
    con->set_open_handler([this, gen](Hdl) { on_network_open(gen); });
    con->set_message_handler([this, gen](Hdl, Client::message_ptr message) {
      post_ui(gen, [text = std::move(message->get_raw_payload())](Impl& self) mutable {
        if (self.state != State::open && self.state != State::closing) return;
        if (self.owner->on_message) self.owner->on_message(std::move(text));
      });
    });
    con->set_close_handler([this, gen](Hdl h) {
      connected = false;
      const auto closed = client.get_con_from_hdl(h);
      post_closed(gen, closed->get_remote_close_code(), closed->get_remote_close_reason());
    });
    con->set_fail_handler([this, gen, url](Hdl h) {
      connected = false;
      const auto failed = client.get_con_from_hdl(h);
      post_error(gen, "cannot connect to " + url + ": " + failed->get_ec().message());
      post_closed(gen, kAbnormalClosure, "");
    });
    hdl = con;
    client.connect(con);
  }

  void on_network_open(std::uint64_t gen) {
    connected = true;
    if (close_on_open) {
      close_connection(close_on_open->first, close_on_open->second);
      return;
    }
    post_ui(gen, [](Impl& self) {
      if (self.state != State::connecting) return;  // close() came first
      self.state = State::open;
      if (self.owner->on_open) self.owner->on_open();
    });
  }

  // Network thread.
  void close_connection(std::uint16_t code, const std::string& reason) {
    if (!connected) {
      close_on_open.emplace(code, reason);  // still connecting: close once open
      return;
    }
    websocketpp::lib::error_code ec;
    client.close(hdl, code, reason, ec);  // an error means it is closing already
  }

  // Only ever read on the network thread, where it was written.
  std::uint64_t generation_on_network_ = 0;
};

Socket::Socket() : impl_(std::make_shared<Impl>()) {
  impl_->owner = this;
}

Socket::~Socket() {
  impl_->owner = nullptr;
  if (!impl_->thread.joinable()) return;
  Impl* impl = impl_.get();
  boost::asio::post(impl->io, [impl] {
    if (impl->connected) impl->close_connection(herald::protocol::close_code::going_away, "");
  });
  // Without the work guard io.run() returns once the connection is gone;
  // give the closing handshake a moment, then drop whatever is left.
  impl->work.reset();
  if (impl->stopped.get_future().wait_for(kShutdownGrace) != std::future_status::ready) impl->io.stop();
  impl->thread.join();
}

bool Socket::connect(const std::string& url) {
  Impl& impl = *impl_;
  if (impl.state != State::closed || !is_websocket_url(url, false)) return false;
  impl.state = State::connecting;
  const std::uint64_t gen = ++impl.generation;
  impl.start_thread();
  Impl* raw = impl_.get();
  boost::asio::post(impl.io, [raw, gen, url] { raw->open_connection(gen, url); });
  return true;
}

bool Socket::send(const std::string& text) {
  if (impl_->state != State::open) return false;
  Impl* raw = impl_.get();
  boost::asio::post(impl_->io, [raw, text] {
    websocketpp::lib::error_code ec;
    // An error means the connection is closing; on_close reports that.
    raw->client.send(raw->hdl, text, websocketpp::frame::opcode::text, ec);
  });
  return true;
}

void Socket::close(std::uint16_t code, const std::string& reason) {
  Impl& impl = *impl_;
  if (impl.state == State::closed || impl.state == State::closing) return;
  impl.state = State::closing;
  Impl* raw = impl_.get();
  boost::asio::post(impl.io, [raw, code = sendable_close_code(code), reason = sendable_close_reason(reason)] {
    raw->close_connection(code, reason);
  });
}

bool Socket::open() const {
  return impl_->state == State::open;
}

std::string default_server_url() {
  return "ws://127.0.0.1:8080/";
}

}  // namespace herald::platform
