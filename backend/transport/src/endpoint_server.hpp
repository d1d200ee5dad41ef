// Internal: the server over one websocketpp config. Every handler is written
// once here; plain_server.cpp and tls_server.cpp instantiate it with
// Herald's config over a plain or a TLS socket.
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <spdlog/spdlog.h>
#include <websocketpp/config/asio_no_tls.hpp>
#include <websocketpp/server.hpp>

#include "herald/protocol/close_codes.hpp"
#include "herald/transport/origins.hpp"
#include "herald/transport/static_files.hpp"
#include "http_request.hpp"
#include "server_impl.hpp"

namespace herald::transport {

// Herald's websocketpp configuration: the asio defaults over `SocketPolicy`
// (plain or TLS), with a smaller read buffer per connection (the default is
// 16 KiB; a frame larger than the buffer is simply read in several steps)
// websocketpp's own logging off (Herald logs through spdlog), and its HTTP
// request parser with the checks of http_request.hpp.
template <class SocketPolicy>
struct HeraldAsioConfig : public websocketpp::config::asio {
  using type = HeraldAsioConfig;
  using base = websocketpp::config::asio;
  using concurrency_type = base::concurrency_type;
  using request_type = HeraldHttpRequest;
  using response_type = base::response_type;
  using message_type = base::message_type;
  using con_msg_manager_type = base::con_msg_manager_type;
  using endpoint_msg_manager_type = base::endpoint_msg_manager_type;
  using alog_type = base::alog_type;
  using elog_type = base::elog_type;
  using rng_type = base::rng_type;

  struct transport_config : public base::transport_config {
    using concurrency_type = typename type::concurrency_type;
    using alog_type = typename type::alog_type;
    using elog_type = typename type::elog_type;
    using request_type = typename type::request_type;
    using response_type = typename type::response_type;
    using socket_type = SocketPolicy;
  };
  using transport_type = websocketpp::transport::asio::endpoint<transport_config>;

  // Each connection holds this buffer for its whole life (websocketpp default:
  // 16 KiB). Client frames are small; a larger one just takes several reads.
  static const std::size_t connection_read_buffer_size = 1024;
  static const websocketpp::log::level elog_level = websocketpp::log::elevel::none;
  static const websocketpp::log::level alog_level = websocketpp::log::alevel::none;
};

namespace detail {

/// How long a connection closed for being slow or idle gets to answer the
/// close frame before TCP is dropped (such a peer rarely answers at all).
constexpr long kForcedCloseGraceMs = 2000;
/// A send queue may hold up to this many times --max-send-queue-bytes
/// while its reader catches up, and stay over the limit this long.
constexpr std::size_t kHardCapFactor = 4;
constexpr long kSlowReaderGraceMs = 10000;
/// How often connections waiting for their queue to drain are checked.
constexpr long kDrainPollMs = 2;
constexpr const char* kText = "text/plain; charset=utf-8";
constexpr const char* kMetricsType = "text/plain; version=0.0.4; charset=utf-8";
/// Static file bytes being written at once, over all connections. The bytes
/// themselves are shared (one buffer per file), so this bounds the time the
/// server spends on downloads rather than its memory: beyond it, 503.
constexpr std::size_t kMaxStaticBytesInFlight = 256u << 20;
/// /readyz answers 503 when the database has not answered by then (about
/// Kubernetes' default probe timeout of 1 s).
constexpr std::chrono::milliseconds kReadinessTimeout{1000};

inline std::string json_error(const std::string& code, const std::string& message) {
  // Both strings are fixed by this file or come from the protocol library,
  // and contain no quotes or backslashes.
  return R"({"error":")" + code + R"(","message":")" + message + R"("})";
}

}  // namespace detail

template <class Config>
class EndpointServer final : public ServerImpl {
 public:
  using Endpoint = websocketpp::server<Config>;
  using Hdl = websocketpp::connection_hdl;
  using ConnectionPtr = typename Endpoint::connection_ptr;
  using Clock = std::chrono::steady_clock;

  EndpointServer(boost::asio::io_context& io, ServerOptions options)
      : io_(io),
        options_(std::move(options)),
        origins_(options_.allowed_origins),
        static_files_(options_.web_root),
        ping_timer_(io),
        drain_timer_(io) {
    endpoint_.init_asio(&io);
    endpoint_.set_reuse_addr(true);
    endpoint_.set_max_message_size(options_.max_frame_bytes);
    endpoint_.set_max_http_body_size(options_.max_http_body_bytes);
    endpoint_.set_validate_handler([this](Hdl h) { return validate(h); });
    endpoint_.set_open_handler([this](Hdl h) { on_open(h); });
    endpoint_.set_close_handler([this](Hdl h) { on_gone(h); });
    endpoint_.set_fail_handler([this](Hdl h) { on_gone(h); });
    endpoint_.set_message_handler([this](Hdl h, typename Endpoint::message_ptr m) { on_message(h, m); });
    endpoint_.set_http_handler([this](Hdl h) { on_http(h); });
    endpoint_.set_pong_handler([this](Hdl h, const std::string&) { touch(h); });
    endpoint_.set_ping_handler([this](Hdl h, const std::string&) {
      touch(h);
      return true;  // websocketpp answers with a pong
    });
  }

  /// For the config-specific setup (the TLS context).
  Endpoint& endpoint() { return endpoint_; }

  void set_readiness_probe(ReadinessProbe probe) override { probe_ = std::move(probe); }

  void set_metrics(MetricsSource source) override { metrics_ = std::move(source); }
  void mount(runtime::MountedService& door) override { doors_.push_back(&door); }

  std::uint16_t listen() override {
    const auto address = boost::asio::ip::make_address(options_.bind_address);
    endpoint_.listen(boost::asio::ip::tcp::endpoint(address, options_.port));
    endpoint_.start_accept();
    schedule_ping();
    boost::system::error_code ec;
    const auto local = endpoint_.get_local_endpoint(ec);
    if (ec) throw std::runtime_error("cannot read the bound port: " + ec.message());
    return local.port();
  }

  void stop_accepting() override {
    websocketpp::lib::error_code ec;
    endpoint_.stop_listening(ec);
    ping_timer_.cancel();
    drain_timer_.cancel();
  }

  void close_all(std::uint16_t code, const std::string& reason) override {
    auto open = by_id_;
    for (const auto& entry : open) close(entry.first, code, reason);
  }

  std::size_t connection_count() const override { return by_id_.size(); }
  std::uint64_t send_queue_drops() const override { return send_queue_drops_; }

  void send(runtime::ConnectionId id, const runtime::Frame& frame) override {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return;
    websocketpp::lib::error_code ec;
    auto con = endpoint_.get_con_from_hdl(it->second, ec);
    if (ec || con->get_state() != websocketpp::session::state::open) return;
    if (is_slow_reader(id, con->get_buffered_amount(), frame->size())) {
      ++send_queue_drops_;
      spdlog::warn("connection {}: send queue full ({} bytes buffered), closing it as a slow reader", id,
                   con->get_buffered_amount());
      force_close(con, protocol::close_code::policy_violation, "send queue full (slow reader)");
      return;
    }
    endpoint_.send(it->second, prepared(frame), ec);
    if (ec) spdlog::debug("send to connection {} failed: {}", id, ec.message());
  }

  bool notify_when_drained(runtime::ConnectionId id) override {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return false;
    websocketpp::lib::error_code ec;
    auto con = endpoint_.get_con_from_hdl(it->second, ec);
    if (ec || con->get_state() != websocketpp::session::state::open) return false;
    if (con->get_buffered_amount() <= drained_mark()) return false;
    awaiting_drain_.insert(id);
    schedule_drain_check();
    return true;
  }

  /// The frame as a ready-to-write WebSocket message. Server frames are not
  /// masked, so every recipient gets the same bytes: a fan-out (the same
  /// Frame sent to many connections in a row) frames it once and queues one
  /// shared message on every connection instead of copying it per recipient.
  typename Endpoint::message_ptr prepared(const runtime::Frame& frame) {
    if (frame == last_frame_) return last_prepared_;
    namespace wsframe = websocketpp::frame;
    auto message = std::make_shared<typename Config::message_type>(
        typename Config::message_type::con_msg_man_ptr(), wsframe::opcode::text, 0);
    const wsframe::basic_header header(wsframe::opcode::text, frame->size(), true, false);
    message->set_header(wsframe::prepare_header(header, wsframe::extended_header(frame->size())));
    message->set_payload(*frame);
    message->set_prepared(true);
    last_frame_ = frame;  // held, so its address cannot be reused meanwhile
    last_prepared_ = message;
    return message;
  }

  void close(runtime::ConnectionId id, std::uint16_t code, const std::string& reason) override {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return;
    websocketpp::lib::error_code ec;
    // RFC 6455 allows 123 bytes of reason.
    endpoint_.close(it->second, code, reason.substr(0, 120), ec);
  }

 private:
  /// The send queue bound measures what a client fails to read over time,
  /// not the size of one reply: a frame always enters an empty queue; the
  /// connection is a slow reader when its queue would pass the hard cap
  /// (kHardCapFactor x --max-send-queue-bytes), or when it has stayed over
  /// --max-send-queue-bytes for longer than kSlowReaderGraceMs.
  bool is_slow_reader(runtime::ConnectionId id, std::size_t buffered, std::size_t frame_bytes) {
    if (buffered == 0) {
      over_limit_since_.erase(id);
      return false;
    }
    if (buffered + frame_bytes > detail::kHardCapFactor * options_.max_send_queue_bytes) return true;
    if (buffered <= options_.max_send_queue_bytes) {
      over_limit_since_.erase(id);
      return false;
    }
    const auto now = Clock::now();
    const auto since = over_limit_since_.try_emplace(id, now).first->second;
    return now - since > std::chrono::milliseconds(detail::kSlowReaderGraceMs);
  }

  /// A queue at or below this counts as drained (notify_when_drained).
  std::size_t drained_mark() const { return options_.max_send_queue_bytes / 2; }

  /// websocketpp has no on-drain handler: while some connection waits for
  /// its queue to drain, a short timer polls the waiting ones (only those)
  /// and tells the service about each that drained.
  void schedule_drain_check() {
    if (drain_check_scheduled_) return;
    drain_check_scheduled_ = true;
    drain_timer_.expires_after(std::chrono::milliseconds(detail::kDrainPollMs));
    drain_timer_.async_wait([this](const boost::system::error_code& ec) {
      drain_check_scheduled_ = false;
      if (ec) return;  // cancelled: the server is stopping
      check_drained();
    });
  }

  void check_drained() {
    std::vector<runtime::ConnectionId> drained;
    for (auto it = awaiting_drain_.begin(); it != awaiting_drain_.end();) {
      auto con = connection_of(*it);
      if (!con) {
        it = awaiting_drain_.erase(it);
      } else if (con->get_buffered_amount() <= drained_mark()) {
        drained.push_back(*it);
        it = awaiting_drain_.erase(it);
      } else {
        ++it;
      }
    }
    if (!awaiting_drain_.empty()) schedule_drain_check();
    for (auto id : drained)
      if (auto* door = door_of(id)) door->on_drained(id);
  }

  /// The open connection with this id, or null.
  ConnectionPtr connection_of(runtime::ConnectionId id) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return nullptr;
    websocketpp::lib::error_code ec;
    auto con = endpoint_.get_con_from_hdl(it->second, ec);
    if (ec || con->get_state() != websocketpp::session::state::open) return nullptr;
    return con;
  }

  std::string remote_address(const ConnectionPtr& con) {
    boost::system::error_code ec;
    const auto remote = con->get_raw_socket().remote_endpoint(ec);
    return ec ? std::string() : remote.address().to_string();
  }

  /// The WebSocket handshake: refuses origins not on the allow-list (403),
  /// and connections beyond the limits: 503 in total, 429 per address. An
  /// accepted handshake holds its slot until the connection fails or closes.
  bool validate(Hdl h) {
    namespace status = websocketpp::http::status_code;
    auto con = endpoint_.get_con_from_hdl(h);
    const std::string origin = con->get_origin();
    std::string address = remote_address(con);
    if (!origins_.allows(origin)) {
      spdlog::info("refused a WebSocket from {}: origin {} is not allowed", address, origin);
      con->set_status(status::forbidden);
      return false;
    }
    if (admitted_.size() >= options_.max_connections) {
      spdlog::warn("refused a WebSocket from {}: {} connections open (--max-connections)", address,
                   admitted_.size());
      con->set_status(status::service_unavailable);
      return false;
    }
    auto& from_address = per_address_[address];
    if (from_address >= options_.max_connections_per_address) {
      spdlog::warn("refused a WebSocket from {}: {} connections open from it (--max-connections-per-address)",
                   address, from_address);
      con->set_status(status::too_many_requests);
      return false;
    }
    ++from_address;
    admitted_[h] = std::move(address);
    return true;
  }

  /// Gives back the slot validate() took (a failed or closed connection).
  void release(Hdl h) { release_slot(admitted_, h); }

  /// Gives back the per-address slot `h` holds in `admitted` (WebSocket
  /// handshakes or plain HTTP requests), if any.
  void release_slot(std::map<Hdl, std::string, std::owner_less<Hdl>>& admitted, Hdl h) {
    auto it = admitted.find(h);
    if (it == admitted.end()) return;
    auto count = per_address_.find(it->second);
    if (count != per_address_.end() && --count->second == 0) per_address_.erase(count);
    admitted.erase(it);
  }

  /// Records that the peer sent something (a frame, a ping or a pong).
  void touch(Hdl h) {
    auto it = by_hdl_.find(h);
    if (it != by_hdl_.end()) last_seen_[it->second] = Clock::now();
  }

  /// Closes a connection that is slow or idle: its close frame may never be
  /// read, so TCP is dropped soon after rather than at the default timeout.
  void force_close(const ConnectionPtr& con, std::uint16_t code, const std::string& reason) {
    websocketpp::lib::error_code ec;
    con->set_close_handshake_timeout(detail::kForcedCloseGraceMs);
    con->close(code, reason, ec);
  }

  void schedule_ping() {
    if (options_.ping_interval_seconds == 0) return;
    ping_timer_.expires_after(std::chrono::seconds(options_.ping_interval_seconds));
    ping_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;  // cancelled: the server is stopping
      ping_all();
      schedule_ping();
    });
  }

  /// Closes the connections idle for the idle timeout and pings the rest.
  /// The idle close code is 1001 "going away", not 1008: a peer that stopped
  /// answering broke no rule of the protocol (it is most likely gone, or its
  /// network is); the server is the side walking away from it, and a client
  /// that is in fact alive should simply reconnect (with its cursor).
  void ping_all() {
    const auto now = Clock::now();
    const auto idle_limit = std::chrono::seconds(options_.idle_timeout_seconds);
    auto open = by_id_;
    for (const auto& [id, h] : open) {
      websocketpp::lib::error_code ec;
      auto con = endpoint_.get_con_from_hdl(h, ec);
      if (ec || con->get_state() != websocketpp::session::state::open) continue;
      if (options_.idle_timeout_seconds > 0 && now - last_seen_[id] >= idle_limit) {
        spdlog::info("connection {}: nothing received for {} s, closing it", id,
                     options_.idle_timeout_seconds);
        const auto* door = door_of(id);
        const auto idle = door != nullptr ? door->idle_close() : runtime::MountedService::IdleClose{};
        force_close(con, idle.code, idle.reason);
        continue;
      }
      con->ping("", ec);
      if (ec) spdlog::debug("ping to connection {} failed: {}", id, ec.message());
    }
  }

  void on_open(Hdl h) {
    const runtime::ConnectionId id = ++last_id_;
    by_hdl_[h] = id;
    by_id_[id] = h;
    last_seen_[id] = Clock::now();
    std::string address;
    if (auto con = endpoint_.get_con_from_hdl(h)) address = remote_address(con);
    spdlog::info("connection {} opened from {}", id, address);
    auto con = endpoint_.get_con_from_hdl(h);
    const std::string resource = con ? con->get_resource() : std::string();
    const auto q = resource.find('?');
    const std::string_view path = std::string_view(resource).substr(0, q);
    const std::string_view query =
        q == std::string::npos ? std::string_view() : std::string_view(resource).substr(q + 1);
    // The first door mounted that claims the path takes the connection.
    for (auto* door : doors_) {
      if (!door->claims_websocket(path)) continue;
      door_by_id_[id] = door;
      door->on_open(id, path, query, address);
      return;
    }
    spdlog::warn("connection {}: no door serves {}", id, path);
    close(id, protocol::close_code::policy_violation, "nothing is served on this path");
  }

  void on_gone(Hdl h) {
    release(h);
    auto it = by_hdl_.find(h);
    if (it == by_hdl_.end()) return;
    const auto id = it->second;
    by_hdl_.erase(it);
    by_id_.erase(id);
    last_seen_.erase(id);
    over_limit_since_.erase(id);
    awaiting_drain_.erase(id);
    std::uint16_t code = 0;
    if (auto con = endpoint_.get_con_from_hdl(h)) code = con->get_remote_close_code();
    spdlog::info("connection {} closed (code {})", id, code);
    if (auto door = door_by_id_.find(id); door != door_by_id_.end()) {
      auto* closed = door->second;
      door_by_id_.erase(door);
      closed->on_close(id);
    }
  }

  void on_message(Hdl h, const typename Endpoint::message_ptr& message) {
    auto it = by_hdl_.find(h);
    if (it == by_hdl_.end()) return;
    last_seen_[it->second] = Clock::now();
    if (message->get_opcode() != websocketpp::frame::opcode::text) {
      close(it->second, protocol::close_code::unsupported_data, "Herald speaks JSON in text frames");
      return;
    }
    if (auto* door = door_of(it->second)) door->on_text(it->second, message->get_payload());
  }

  void on_http(Hdl h) {
    namespace status = websocketpp::http::status_code;
    auto con = endpoint_.get_con_from_hdl(h);
    const auto& request = con->get_request();
    const std::string method = request.get_method();
    std::string path = con->get_resource();
    if (const auto q = path.find('?'); q != std::string::npos) path.resize(q);
    con->append_header("Cache-Control", "no-cache");
    con->append_header("X-Content-Type-Options", "nosniff");
    // websocketpp closes the TCP connection after every HTTP response; saying
    // so stops keep-alive clients (Node's fetch, the pusher SDK) from sending
    // their next request on a socket that is about to close.
    con->append_header("Connection", "close");

    if (!admit_http(h, con))
      return respond(con, status::too_many_requests, detail::kText, "too many connections\n");
    const bool read_only = method == "GET" || method == "HEAD";
    const bool probe_path = path == "/healthz" || path == "/readyz" || (path == "/metrics" && metrics_);
    if (probe_path && !read_only)
      return method_not_allowed(con, "GET, HEAD", detail::kText, "method not allowed\n");
    if (path == "/healthz") return respond(con, status::ok, detail::kText, "ok\n");
    if (path == "/readyz") return readiness(con);
    if (path == "/metrics" && metrics_) return respond(con, status::ok, detail::kMetricsType, metrics_());
    if (auto* door = http_door(path)) {
      if (door->allows_cross_origin(path)) {
        const std::string origin = con->get_request_header("Origin");
        con->append_header("Vary", "Origin");
        if (!origin.empty() && !origins_.allows(origin)) {
          spdlog::info("refused {} {} from {}: origin {} is not allowed", method, path, remote_address(con),
                       origin);
          return respond(con, status::forbidden, detail::kText, "origin not allowed\n");
        }
        if (!origin.empty()) allow_cross_origin(con, origin);
        if (method == "OPTIONS") return respond(con, status::no_content, detail::kText, {});
      }
      return door_http(*door, con, method, path);
    }
    if (!read_only) return method_not_allowed(con, "GET, HEAD", detail::kText, "method not allowed\n");
    if (!options_.web_root.empty()) {
      if (auto file = static_files_.get(path)) return serve_static(con, std::move(file), method == "HEAD");
    }
    respond(con, status::not_found, detail::kText, "not found\n");
  }

  /// Plain HTTP connections count in the per-address limit like WebSockets
  /// (the total limit counts WebSockets only): a request from an address at
  /// its limit gets 429. The slot is given back when the connection ends.
  bool admit_http(Hdl h, const ConnectionPtr& con) {
    std::string address = remote_address(con);
    auto& from_address = per_address_[address];
    if (from_address >= options_.max_connections_per_address) {
      spdlog::warn(
          "refused an HTTP request from {}: {} connections open from it (--max-connections-per-address)",
          address, from_address);
      return false;
    }
    ++from_address;
    admitted_http_[h] = std::move(address);
    con->set_termination_handler([this](const ConnectionPtr& gone) { release_http(gone->get_handle()); });
    return true;
  }

  void release_http(Hdl h) { release_slot(admitted_http_, h); }

  /// Writes `file` (headers only for HEAD) straight from its shared buffer,
  /// not through websocketpp's response (which would copy the body twice per
  /// download), then ends the connection as websocketpp does after a reply.
  void serve_static(const ConnectionPtr& con, std::shared_ptr<const StaticFile> file, bool head_only) {
    namespace status = websocketpp::http::status_code;
    const std::size_t bytes = head_only ? 0 : file->body.size();
    if (static_bytes_in_flight_ + bytes > detail::kMaxStaticBytesInFlight) {
      spdlog::warn("refused a download from {}: {} bytes of files being sent", remote_address(con),
                   static_bytes_in_flight_);
      con->append_header("Retry-After", "1");
      return respond(con, status::service_unavailable, detail::kText, "busy, retry shortly\n");
    }
    static_bytes_in_flight_ += bytes;
    auto head = std::make_shared<std::string>(
        "HTTP/1.1 200 OK\r\nContent-Type: " + file->content_type +
        "\r\nContent-Length: " + std::to_string(file->body.size()) +
        "\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n");
    con->defer_http_response();
    const std::array<boost::asio::const_buffer, 2> buffers{boost::asio::buffer(*head),
                                                           boost::asio::buffer(file->body.data(), bytes)};
    boost::asio::async_write(
        con->get_socket(), buffers,
        [this, con, head, file, bytes](const boost::system::error_code& ec, std::size_t) {
          static_bytes_in_flight_ -= bytes;
          if (ec) spdlog::debug("download cut short: {}", ec.message());
          con->terminate(websocketpp::error::make_error_code(websocketpp::error::http_connection_ended));
        });
  }

  /// /readyz: 200 once the probe says the database answers and can store;
  /// 503 when it says not, or has not answered within kReadinessTimeout
  /// (a storage worker stuck behind a lock must not leave probes hanging).
  void readiness(const ConnectionPtr& con) {
    namespace status = websocketpp::http::status_code;
    if (!probe_) return respond(con, status::service_unavailable, detail::kText, "starting\n");
    con->defer_http_response();
    struct Pending {
      explicit Pending(boost::asio::io_context& io) : timer(io, detail::kReadinessTimeout) {}
      boost::asio::steady_timer timer;
      bool answered = false;
    };
    auto pending = std::make_shared<Pending>(io_);
    const auto answer = [con, pending](bool ready, const std::string& text) {
      if (pending->answered) return;
      pending->answered = true;
      pending->timer.cancel();
      respond(con, ready ? status::ok : status::service_unavailable, detail::kText, text);
      con->send_http_response();
    };
    pending->timer.async_wait([answer](const boost::system::error_code& ec) {
      if (!ec) answer(false, "not ready: the database did not answer within 1 s\n");
    });
    probe_([answer](bool ready, const std::string& why) {
      answer(ready, ready ? "ready\n" : "not ready: " + why + "\n");
    });
  }

  /// CORS headers for a page of `origin` (admitted by the allow-list;
  /// OriginPolicy: every origin when the list is empty) on a path it may
  /// call: the browser then sends the preflighted request (a Bearer token,
  /// a form body) and lets the page read the reply. Pages of origins not on
  /// the list are refused with 403, like their WebSocket handshakes.
  static void allow_cross_origin(const ConnectionPtr& con, const std::string& origin) {
    con->append_header("Access-Control-Allow-Origin", origin);
    con->append_header("Access-Control-Allow-Methods", "POST");
    con->append_header("Access-Control-Allow-Headers", "Authorization, Content-Type");
    con->append_header("Access-Control-Max-Age", "600");
  }

  /// The door that takes connections on `id` (null once it closed).
  runtime::MountedService* door_of(runtime::ConnectionId id) const {
    const auto it = door_by_id_.find(id);
    return it == door_by_id_.end() ? nullptr : it->second;
  }

  /// The first door mounted that answers HTTP on `path`, or null.
  runtime::MountedService* http_door(std::string_view path) const {
    for (auto* door : doors_)
      if (door->claims_http(path)) return door;
    return nullptr;
  }

  /// A request on a path of `door`; its reply's extra headers are added.
  void door_http(runtime::MountedService& door, const ConnectionPtr& con, const std::string& method,
                 const std::string& path) {
    const std::string& resource = con->get_resource();
    const auto q = resource.find('?');
    const std::string query = q == std::string::npos ? std::string() : resource.substr(q + 1);
    const std::string authorization = con->get_request_header("Authorization");
    con->defer_http_response();
    const std::string address = remote_address(con);
    door.on_http(runtime::HttpRequest{method, path, query, con->get_request_body(), authorization, address},
                 [con](runtime::HttpReply reply) {
                   for (const auto& [name, value] : reply.headers) con->append_header(name, value);
                   respond(con, static_cast<websocketpp::http::status_code::value>(reply.status),
                           reply.content_type, std::move(reply.body));
                   con->send_http_response();
                 });
  }

  /// 405 with the Allow header RFC 9110 asks for.
  static void method_not_allowed(const ConnectionPtr& con, const char* allow, std::string_view type,
                                 std::string body) {
    con->append_header("Allow", allow);
    respond(con, websocketpp::http::status_code::method_not_allowed, type, std::move(body));
  }

  static void respond(const ConnectionPtr& con, websocketpp::http::status_code::value code,
                      std::string_view type, std::string body) {
    con->set_status(code);
    con->replace_header("Content-Type", std::string(type));
    con->set_body(std::move(body));
  }

  boost::asio::io_context& io_;
  ServerOptions options_;
  OriginPolicy origins_;
  Endpoint endpoint_;
  /// The doors, in the order mounted: the first that claims a path takes it.
  std::vector<runtime::MountedService*> doors_;
  /// Which door each open connection belongs to.
  std::unordered_map<runtime::ConnectionId, runtime::MountedService*> door_by_id_;
  ReadinessProbe probe_;
  MetricsSource metrics_;
  runtime::ConnectionId last_id_ = 0;
  std::map<Hdl, runtime::ConnectionId, std::owner_less<Hdl>> by_hdl_;
  std::map<runtime::ConnectionId, Hdl> by_id_;
  std::map<runtime::ConnectionId, Clock::time_point> last_seen_;
  /// Handshakes accepted and not yet gone, with their remote address.
  std::map<Hdl, std::string, std::owner_less<Hdl>> admitted_;
  std::map<std::string, std::size_t> per_address_;
  /// Plain HTTP connections holding a per-address slot, with their address.
  std::map<Hdl, std::string, std::owner_less<Hdl>> admitted_http_;
  StaticFileCache static_files_;
  std::size_t static_bytes_in_flight_ = 0;
  boost::asio::steady_timer ping_timer_;
  /// Since when each connection's queue has been over --max-send-queue-bytes.
  std::map<runtime::ConnectionId, Clock::time_point> over_limit_since_;
  std::set<runtime::ConnectionId> awaiting_drain_;
  boost::asio::steady_timer drain_timer_;
  bool drain_check_scheduled_ = false;
  std::uint64_t send_queue_drops_ = 0;
  runtime::Frame last_frame_;  // the most recent frame sent, and its prepared message
  typename Endpoint::message_ptr last_prepared_;
};

}  // namespace herald::transport
