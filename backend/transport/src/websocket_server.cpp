#include "herald/transport/websocket_server.hpp"

#include "server_impl.hpp"

namespace herald::transport {

WebSocketServer::WebSocketServer(boost::asio::io_context& io, ServerOptions options)
    : impl_(options.tls() ? make_tls_server(io, std::move(options))
                          : make_plain_server(io, std::move(options))) {}
WebSocketServer::~WebSocketServer() = default;

void WebSocketServer::set_readiness_probe(ReadinessProbe probe) {
  impl_->set_readiness_probe(std::move(probe));
}
void WebSocketServer::mount(runtime::MountedService& door) {
  impl_->mount(door);
}
void WebSocketServer::set_metrics(MetricsSource source) {
  impl_->set_metrics(std::move(source));
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
std::uint64_t WebSocketServer::send_queue_drops() const {
  return impl_->send_queue_drops();
}
void WebSocketServer::send(runtime::ConnectionId id, const runtime::Frame& frame) {
  impl_->send(id, frame);
}
bool WebSocketServer::notify_when_drained(runtime::ConnectionId id) {
  return impl_->notify_when_drained(id);
}
void WebSocketServer::close(runtime::ConnectionId id, std::uint16_t code, const std::string& reason) {
  impl_->close(id, code, reason);
}

}  // namespace herald::transport
