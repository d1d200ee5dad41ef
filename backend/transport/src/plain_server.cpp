// ws:// and http:// (no TLS).
#include "endpoint_server.hpp"
#include "lingering_socket.hpp"

namespace herald::transport {

std::unique_ptr<ServerImpl> make_plain_server(boost::asio::io_context& io, ServerOptions options) {
  using Config = HeraldAsioConfig<LingeringSocketEndpoint>;
  return std::make_unique<EndpointServer<Config>>(io, std::move(options));
}

}  // namespace herald::transport
