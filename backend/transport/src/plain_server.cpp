// ws:// and http:// (no TLS).
#include "endpoint_server.hpp"

namespace herald::transport {

std::unique_ptr<ServerImpl> make_plain_server(boost::asio::io_context& io, ServerOptions options) {
  using Config = HeraldAsioConfig<websocketpp::transport::asio::basic_socket::endpoint>;
  return std::make_unique<EndpointServer<Config>>(io, std::move(options));
}

}  // namespace herald::transport
