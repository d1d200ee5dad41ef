#include "herald/transport/websocket_server.hpp"

#include <map>

#include <spdlog/spdlog.h>
#include <websocketpp/config/asio_no_tls.hpp>
#include <websocketpp/server.hpp>

#include "herald/core/passwords.hpp"
#include "herald/transport/static_files.hpp"

namespace herald::transport {
namespace {

// Herald's websocketpp configuration: the asio defaults, with a smaller read
// buffer per connection (the default is 16 KiB; a frame larger than the
// buffer is simply read in several steps) and websocketpp's own logging off
// (Herald logs through spdlog).
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
    using concurrency_type = type::concurrency_type;
    using alog_type = type::alog_type;
    using elog_type = type::elog_type;
    using request_type = type::request_type;
    using response_type = type::response_type;
    using socket_type = websocketpp::transport::asio::basic_socket::endpoint;
  };
  using transport_type = websocketpp::transport::asio::endpoint<transport_config>;

  static const std::size_t connection_read_buffer_size = 4096;
  static const websocketpp::log::level elog_level = websocketpp::log::elevel::none;
  static const websocketpp::log::level alog_level = websocketpp::log::alevel::none;
};

using Endpoint = websocketpp::server<HeraldAsioConfig>;
using Hdl = websocketpp::connection_hdl;
namespace status = websocketpp::http::status_code;

constexpr std::uint16_t kCloseUnsupportedData = 1003;

std::string json_error(const std::string& code, const std::string& message) {
  // Both strings are fixed by this file or come from the protocol library,
  // and contain no quotes or backslashes.
  return R"({"error":")" + code + R"(","message":")" + message + R"("})";
}

}  // namespace

class WebSocketServer::Impl {
 public:
  Impl(boost::asio::io_context& io, ServerOptions options) : options_(std::move(options)) {
    endpoint_.init_asio(&io);
    endpoint_.set_reuse_addr(true);
    endpoint_.set_max_message_size(options_.max_frame_bytes);
    endpoint_.set_max_http_body_size(options_.max_http_body_bytes);
    endpoint_.set_open_handler([this](Hdl h) { on_open(h); });
    endpoint_.set_close_handler([this](Hdl h) { on_gone(h); });
    endpoint_.set_fail_handler([this](Hdl h) { on_gone(h); });
    endpoint_.set_message_handler([this](Hdl h, Endpoint::message_ptr m) { on_message(h, m); });
    endpoint_.set_http_handler([this](Hdl h) { on_http(h); });
  }

  void attach(core::Service& service, ReadinessProbe probe) {
    service_ = &service;
    probe_ = std::move(probe);
  }

  std::uint16_t listen() {
    const auto address = boost::asio::ip::make_address(options_.bind_address);
    endpoint_.listen(boost::asio::ip::tcp::endpoint(address, options_.port));
    endpoint_.start_accept();
    boost::system::error_code ec;
    const auto local = endpoint_.get_local_endpoint(ec);
    if (ec) throw std::runtime_error("cannot read the bound port: " + ec.message());
    return local.port();
  }

  void stop_accepting() {
    websocketpp::lib::error_code ec;
    endpoint_.stop_listening(ec);
  }

  void close_all(std::uint16_t code, const std::string& reason) {
    auto open = by_id_;
    for (const auto& [id, hdl] : open) close(id, code, reason);
  }

  std::size_t connection_count() const { return by_id_.size(); }

  void send(core::ConnectionId id, const core::Frame& frame) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return;
    websocketpp::lib::error_code ec;
    endpoint_.send(it->second, *frame, websocketpp::frame::opcode::text, ec);
    if (ec) spdlog::debug("send to connection {} failed: {}", id, ec.message());
  }

  void close(core::ConnectionId id, std::uint16_t code, const std::string& reason) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return;
    websocketpp::lib::error_code ec;
    // RFC 6455 allows 123 bytes of reason.
    endpoint_.close(it->second, code, reason.substr(0, 120), ec);
  }

 private:
  void on_open(Hdl h) {
    const core::ConnectionId id = ++last_id_;
    by_hdl_[h] = id;
    by_id_[id] = h;
    std::string address;
    if (auto con = endpoint_.get_con_from_hdl(h)) {
      boost::system::error_code ec;
      const auto remote = con->get_raw_socket().remote_endpoint(ec);
      if (!ec) address = remote.address().to_string();
    }
    spdlog::debug("connection {} opened from {}", id, address);
    if (service_ != nullptr) service_->on_open(id, std::move(address));
  }

  void on_gone(Hdl h) {
    auto it = by_hdl_.find(h);
    if (it == by_hdl_.end()) return;
    const auto id = it->second;
    by_hdl_.erase(it);
    by_id_.erase(id);
    spdlog::debug("connection {} closed", id);
    if (service_ != nullptr) service_->on_close(id);
  }

  void on_message(Hdl h, const Endpoint::message_ptr& message) {
    auto it = by_hdl_.find(h);
    if (it == by_hdl_.end() || service_ == nullptr) return;
    if (message->get_opcode() != websocketpp::frame::opcode::text) {
      close(it->second, kCloseUnsupportedData, "Herald speaks JSON in text frames");
      return;
    }
    service_->on_text(it->second, message->get_payload());
  }

  void on_http(Hdl h) {
    auto con = endpoint_.get_con_from_hdl(h);
    const auto& request = con->get_request();
    const std::string method = request.get_method();
    std::string path = con->get_resource();
    if (const auto q = path.find('?'); q != std::string::npos) path.resize(q);
    con->append_header("Cache-Control", "no-cache");
    con->append_header("X-Content-Type-Options", "nosniff");

    if (path == "/healthz") return respond(con, status::ok, "text/plain; charset=utf-8", "ok\n");
    if (path == "/readyz") return readiness(con);
    if (path == "/api/v1/notifications") return api_notifications(con, method);
    if (method != "GET" && method != "HEAD")
      return respond(con, status::method_not_allowed, "text/plain; charset=utf-8", "method not allowed\n");
    if (!options_.web_root.empty()) {
      if (auto file = load_static_file(options_.web_root, path))
        return respond(con, status::ok, file->content_type,
                       method == "HEAD" ? std::string() : std::move(file->body));
    }
    respond(con, status::not_found, "text/plain; charset=utf-8", "not found\n");
  }

  void readiness(const Endpoint::connection_ptr& con) {
    if (!probe_) return respond(con, status::service_unavailable, "text/plain; charset=utf-8", "starting\n");
    con->defer_http_response();
    probe_([con](bool ready, const std::string& detail) {
      respond(con, ready ? status::ok : status::service_unavailable, "text/plain; charset=utf-8",
              ready ? "ready\n" : "not ready: " + detail + "\n");
      con->send_http_response();
    });
  }

  void api_notifications(const Endpoint::connection_ptr& con, const std::string& method) {
    constexpr auto kJson = "application/json";
    if (options_.api_key.empty())
      return respond(con, status::not_found, kJson,
                     json_error("not_found", "the HTTP API is disabled: start with --api-key"));
    if (method != "POST")
      return respond(con, status::method_not_allowed, kJson, json_error("method_not_allowed", "use POST"));
    const std::string auth = con->get_request_header("Authorization");
    const std::string prefix = "Bearer ";
    if (auth.compare(0, prefix.size(), prefix) != 0 ||
        !core::secrets_equal(auth.substr(prefix.size()), options_.api_key)) {
      con->append_header("WWW-Authenticate", "Bearer");
      return respond(con, status::unauthorized, kJson,
                     json_error("unauthorized", "missing or wrong API key"));
    }
    con->defer_http_response();
    service_->api_send_notification(con->get_request_body(), [con](core::ApiReply reply) {
      respond(con, static_cast<status::value>(reply.status), kJson, std::move(reply.body));
      con->send_http_response();
    });
  }

  static void respond(const Endpoint::connection_ptr& con, status::value code, std::string_view type,
                      std::string body) {
    con->set_status(code);
    con->replace_header("Content-Type", std::string(type));
    con->set_body(std::move(body));
  }

  ServerOptions options_;
  Endpoint endpoint_;
  core::Service* service_ = nullptr;
  ReadinessProbe probe_;
  core::ConnectionId last_id_ = 0;
  std::map<Hdl, core::ConnectionId, std::owner_less<Hdl>> by_hdl_;
  std::map<core::ConnectionId, Hdl> by_id_;
};

WebSocketServer::WebSocketServer(boost::asio::io_context& io, ServerOptions options)
    : impl_(std::make_unique<Impl>(io, std::move(options))) {}
WebSocketServer::~WebSocketServer() = default;

void WebSocketServer::attach(core::Service& service, ReadinessProbe probe) {
  impl_->attach(service, std::move(probe));
}
std::uint16_t WebSocketServer::listen() {
  return impl_->listen();
}
void WebSocketServer::stop_accepting() {
  impl_->stop_accepting();
}
void WebSocketServer::close_all(std::uint16_t code, const std::string& reason) {
  impl_->close_all(code, reason);
}
std::size_t WebSocketServer::connection_count() const {
  return impl_->connection_count();
}
void WebSocketServer::send(core::ConnectionId id, const core::Frame& frame) {
  impl_->send(id, frame);
}
void WebSocketServer::close(core::ConnectionId id, std::uint16_t code, const std::string& reason) {
  impl_->close(id, code, reason);
}

}  // namespace herald::transport
