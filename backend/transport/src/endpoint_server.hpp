// Internal: the server over one websocketpp config. Every handler is written
// once here; plain_server.cpp and tls_server.cpp instantiate it with
// Herald's config over a plain or a TLS socket.
#pragma once

#include <map>
#include <stdexcept>

#include <spdlog/spdlog.h>
#include <websocketpp/config/asio_no_tls.hpp>
#include <websocketpp/server.hpp>

#include "herald/core/passwords.hpp"
#include "herald/transport/origins.hpp"
#include "herald/transport/static_files.hpp"
#include "server_impl.hpp"

namespace herald::transport {

// Herald's websocketpp configuration: the asio defaults over `SocketPolicy`
// (plain or TLS), with a smaller read buffer per connection (the default is
// 16 KiB; a frame larger than the buffer is simply read in several steps)
// and websocketpp's own logging off (Herald logs through spdlog).
template <class SocketPolicy>
struct HeraldAsioConfig : public websocketpp::config::asio {
  using type = HeraldAsioConfig;
  using base = websocketpp::config::asio;
  using concurrency_type = base::concurrency_type;
  using request_type = base::request_type;
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

  static const std::size_t connection_read_buffer_size = 4096;
  static const websocketpp::log::level elog_level = websocketpp::log::elevel::none;
  static const websocketpp::log::level alog_level = websocketpp::log::alevel::none;
};

namespace detail {

constexpr std::uint16_t kCloseUnsupportedData = 1003;
constexpr const char* kText = "text/plain; charset=utf-8";
constexpr const char* kMetricsType = "text/plain; version=0.0.4; charset=utf-8";

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

  EndpointServer(boost::asio::io_context& io, ServerOptions options)
      : options_(std::move(options)), origins_(options_.allowed_origins) {
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
  }

  /// For the config-specific setup (the TLS context).
  Endpoint& endpoint() { return endpoint_; }

  void attach(core::Service& service, ReadinessProbe probe) override {
    service_ = &service;
    probe_ = std::move(probe);
  }

  void set_metrics(MetricsSource source) override { metrics_ = std::move(source); }

  std::uint16_t listen() override {
    const auto address = boost::asio::ip::make_address(options_.bind_address);
    endpoint_.listen(boost::asio::ip::tcp::endpoint(address, options_.port));
    endpoint_.start_accept();
    boost::system::error_code ec;
    const auto local = endpoint_.get_local_endpoint(ec);
    if (ec) throw std::runtime_error("cannot read the bound port: " + ec.message());
    return local.port();
  }

  void stop_accepting() override {
    websocketpp::lib::error_code ec;
    endpoint_.stop_listening(ec);
  }

  void close_all(std::uint16_t code, const std::string& reason) override {
    auto open = by_id_;
    for (const auto& entry : open) close(entry.first, code, reason);
  }

  std::size_t connection_count() const override { return by_id_.size(); }

  void send(core::ConnectionId id, const core::Frame& frame) override {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return;
    websocketpp::lib::error_code ec;
    endpoint_.send(it->second, *frame, websocketpp::frame::opcode::text, ec);
    if (ec) spdlog::debug("send to connection {} failed: {}", id, ec.message());
  }

  void close(core::ConnectionId id, std::uint16_t code, const std::string& reason) override {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return;
    websocketpp::lib::error_code ec;
    // RFC 6455 allows 123 bytes of reason.
    endpoint_.close(it->second, code, reason.substr(0, 120), ec);
  }

 private:
  std::string remote_address(const ConnectionPtr& con) {
    boost::system::error_code ec;
    const auto remote = con->get_raw_socket().remote_endpoint(ec);
    return ec ? std::string() : remote.address().to_string();
  }

  /// The WebSocket handshake: refuses origins not on the allow-list (403).
  bool validate(Hdl h) {
    auto con = endpoint_.get_con_from_hdl(h);
    const std::string origin = con->get_origin();
    if (origins_.allows(origin)) return true;
    spdlog::info("refused a WebSocket from {}: origin {} is not allowed", remote_address(con), origin);
    con->set_status(websocketpp::http::status_code::forbidden);
    return false;
  }

  void on_open(Hdl h) {
    const core::ConnectionId id = ++last_id_;
    by_hdl_[h] = id;
    by_id_[id] = h;
    std::string address;
    if (auto con = endpoint_.get_con_from_hdl(h)) address = remote_address(con);
    spdlog::info("connection {} opened from {}", id, address);
    if (service_ != nullptr) service_->on_open(id, std::move(address));
  }

  void on_gone(Hdl h) {
    auto it = by_hdl_.find(h);
    if (it == by_hdl_.end()) return;
    const auto id = it->second;
    by_hdl_.erase(it);
    by_id_.erase(id);
    std::uint16_t code = 0;
    if (auto con = endpoint_.get_con_from_hdl(h)) code = con->get_remote_close_code();
    spdlog::info("connection {} closed (code {})", id, code);
    if (service_ != nullptr) service_->on_close(id);
  }

  void on_message(Hdl h, const typename Endpoint::message_ptr& message) {
    auto it = by_hdl_.find(h);
    if (it == by_hdl_.end() || service_ == nullptr) return;
    if (message->get_opcode() != websocketpp::frame::opcode::text) {
      close(it->second, detail::kCloseUnsupportedData, "Herald speaks JSON in text frames");
      return;
    }
    service_->on_text(it->second, message->get_payload());
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

    if (path == "/healthz") return respond(con, status::ok, detail::kText, "ok\n");
    if (path == "/readyz") return readiness(con);
    if (path == "/metrics" && metrics_) return respond(con, status::ok, detail::kMetricsType, metrics_());
    if (path == "/api/v1/notifications") return api_notifications(con, method);
    if (method != "GET" && method != "HEAD")
      return respond(con, status::method_not_allowed, detail::kText, "method not allowed\n");
    if (!options_.web_root.empty()) {
      if (auto file = load_static_file(options_.web_root, path))
        return respond(con, status::ok, file->content_type,
                       method == "HEAD" ? std::string() : std::move(file->body));
    }
    respond(con, status::not_found, detail::kText, "not found\n");
  }

  void readiness(const ConnectionPtr& con) {
    namespace status = websocketpp::http::status_code;
    if (!probe_) return respond(con, status::service_unavailable, detail::kText, "starting\n");
    con->defer_http_response();
    probe_([con](bool ready, const std::string& why) {
      respond(con, ready ? status::ok : status::service_unavailable, detail::kText,
              ready ? "ready\n" : "not ready: " + why + "\n");
      con->send_http_response();
    });
  }

  void api_notifications(const ConnectionPtr& con, const std::string& method) {
    namespace status = websocketpp::http::status_code;
    constexpr auto kJson = "application/json";
    if (options_.api_key.empty())
      return respond(con, status::not_found, kJson,
                     detail::json_error("not_found", "the HTTP API is disabled: start with --api-key"));
    if (method != "POST")
      return respond(con, status::method_not_allowed, kJson,
                     detail::json_error("method_not_allowed", "use POST"));
    const std::string auth = con->get_request_header("Authorization");
    const std::string prefix = "Bearer ";
    if (auth.compare(0, prefix.size(), prefix) != 0 ||
        !core::secrets_equal(auth.substr(prefix.size()), options_.api_key)) {
      spdlog::info("HTTP API request from {} refused: missing or wrong API key", remote_address(con));
      con->append_header("WWW-Authenticate", "Bearer");
      return respond(con, status::unauthorized, kJson,
                     detail::json_error("unauthorized", "missing or wrong API key"));
    }
    con->defer_http_response();
    service_->api_send_notification(con->get_request_body(), [con](core::ApiReply reply) {
      respond(con, static_cast<websocketpp::http::status_code::value>(reply.status), kJson,
              std::move(reply.body));
      con->send_http_response();
    });
  }

  static void respond(const ConnectionPtr& con, websocketpp::http::status_code::value code,
                      std::string_view type, std::string body) {
    con->set_status(code);
    con->replace_header("Content-Type", std::string(type));
    con->set_body(std::move(body));
  }

  ServerOptions options_;
  OriginPolicy origins_;
  Endpoint endpoint_;
  core::Service* service_ = nullptr;
  ReadinessProbe probe_;
  MetricsSource metrics_;
  core::ConnectionId last_id_ = 0;
  std::map<Hdl, core::ConnectionId, std::owner_less<Hdl>> by_hdl_;
  std::map<core::ConnectionId, Hdl> by_id_;
};

}  // namespace herald::transport
