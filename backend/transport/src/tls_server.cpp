// wss:// and https:// on the same port: the same server over websocketpp's
// TLS socket (Boost.Asio SSL, OpenSSL).
#include <boost/asio/ssl/context.hpp>
#include <websocketpp/config/asio.hpp>

#include "endpoint_server.hpp"

namespace herald::transport {
namespace {

using SslContext = boost::asio::ssl::context;

/// One context for every connection: the certificate is read once, at
/// start-up, so a bad file stops the server before it listens. TLS 1.2+.
std::shared_ptr<SslContext> load_tls_context(const ServerOptions& options) {
  auto context = std::make_shared<SslContext>(SslContext::tls_server);
  context->set_options(SslContext::default_workarounds | SslContext::no_sslv2 | SslContext::no_sslv3 |
                       SslContext::no_tlsv1 | SslContext::no_tlsv1_1 | SslContext::single_dh_use);
  boost::system::error_code ec;
  context->use_certificate_chain_file(options.tls_cert.string(), ec);
  if (ec)
    throw std::runtime_error("cannot use the TLS certificate " + options.tls_cert.string() + ": " +
                             ec.message());
  context->use_private_key_file(options.tls_key.string(), SslContext::pem, ec);
  if (ec)
    throw std::runtime_error("cannot use the TLS key " + options.tls_key.string() + ": " + ec.message());
  return context;
}

}  // namespace

std::unique_ptr<ServerImpl> make_tls_server(boost::asio::io_context& io, ServerOptions options) {
  using Config = HeraldAsioConfig<websocketpp::transport::asio::tls_socket::endpoint>;
  auto context = load_tls_context(options);
  auto server = std::make_unique<EndpointServer<Config>>(io, std::move(options));
  server->endpoint().set_tls_init_handler([context](websocketpp::connection_hdl) { return context; });
  return server;
}

}  // namespace herald::transport
