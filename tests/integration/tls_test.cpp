// --tls-cert/--tls-key: the same port speaks https:// and wss://, with a
// self-signed certificate made by Debian's openssl for the test.
#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

#include "command.hpp"
#include "fixture.hpp"

namespace herald::testing {
namespace {

namespace ssl = asio::ssl;

class TlsTest : public ServerTest {
 protected:
  /// A self-signed P-256 certificate for 127.0.0.1 (cert.pem, key.pem).
  void make_certificate() {
    const auto r = run_command(
        {"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", key_.string(), "-out", cert_.string()},
        "", dir_ / "openssl");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  /// A client context that trusts exactly the test's certificate.
  ssl::context client_context() {
    ssl::context context(ssl::context::tls_client);
    context.load_verify_file(cert_.string());
    context.set_verify_mode(ssl::verify_peer);
    return context;
  }

  std::filesystem::path cert_;
  std::filesystem::path key_;

  void SetUp() override {
    ServerTest::SetUp();
    cert_ = dir_ / "cert.pem";
    key_ = dir_ / "key.pem";
  }
};

TEST_F(TlsTest, HttpsAndWssOnTheSamePort) {
  make_certificate();
  start({"--tls-cert", cert_.string(), "--tls-key", key_.string()});
  auto context = client_context();

  // https://: a reply and a web client file (written from its shared buffer).
  for (const auto& [target, body] : {std::pair<std::string, std::string>{"/healthz", "ok\n"},
                                     {"/", "<!doctype html><title>Herald</title>"}}) {
    asio::io_context io;
    beast::ssl_stream<asio::ip::tcp::socket> stream(io, context);
    asio::ip::tcp::resolver resolver(io);
    asio::connect(stream.next_layer(), resolver.resolve("127.0.0.1", std::to_string(port())));
    stream.handshake(ssl::stream_base::client);
    beast::http::request<beast::http::empty_body> req{beast::http::verb::get, target, 11};
    req.set(beast::http::field::host, "127.0.0.1");
    beast::http::write(stream, req);
    beast::flat_buffer buffer;
    beast::http::response<beast::http::string_body> res;
    beast::http::read(stream, buffer, res);
    EXPECT_EQ(res.result_int(), 200u) << target;
    EXPECT_EQ(res.body(), body) << target;
  }
  {  // wss://
    asio::io_context io;
    beast::websocket::stream<beast::ssl_stream<asio::ip::tcp::socket>> ws(io, context);
    asio::ip::tcp::resolver resolver(io);
    asio::connect(beast::get_lowest_layer(ws), resolver.resolve("127.0.0.1", std::to_string(port())));
    ws.next_layer().handshake(ssl::stream_base::client);
    ws.handshake("127.0.0.1", "/");
    beast::flat_buffer buffer;
    ws.read(buffer);
    EXPECT_EQ(Json::parse(beast::buffers_to_string(buffer.data()))["type"], "welcome");
    buffer.clear();
    ws.write(asio::buffer(
        Json{{"v", 1}, {"type", "register"}, {"username", "tina"}, {"password", "password123"}}.dump()));
    ws.read(buffer);
    EXPECT_EQ(Json::parse(beast::buffers_to_string(buffer.data()))["type"], "session");
    ws.close(beast::websocket::close_code::normal);
  }
  {  // Plain HTTP to the TLS port gets no HTTP answer.
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    asio::ip::tcp::resolver resolver(io);
    asio::connect(socket, resolver.resolve("127.0.0.1", std::to_string(port())));
    beast::http::request<beast::http::empty_body> req{beast::http::verb::get, "/healthz", 11};
    req.set(beast::http::field::host, "127.0.0.1");
    beast::http::write(socket, req);
    beast::flat_buffer buffer;
    beast::http::response<beast::http::string_body> res;
    const auto ec = run_with_timeout(
        io, socket, [&](auto handler) { beast::http::async_read(socket, buffer, res, handler); });
    EXPECT_TRUE(ec) << "plain HTTP answered with " << res.result_int();
  }
  EXPECT_EQ(stop(), 0);
}

TEST_F(TlsTest, UnusableCertificateStopsTheServer) {
  std::ofstream(cert_) << "not a certificate";
  std::ofstream(key_) << "not a key";
  const auto r = run_command({HERALD_SERVER_BINARY, "--data-dir", (dir_ / "data").string(), "--tls-cert",
                              cert_.string(), "--tls-key", key_.string(), "--check-config"},
                             "", dir_ / "run");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot use the TLS certificate"), std::string::npos) << r.err;

  make_certificate();
  const auto half = run_command({HERALD_SERVER_BINARY, "--data-dir", (dir_ / "data").string(), "--tls-cert",
                                 cert_.string(), "--check-config"},
                                "", dir_ / "run");
  EXPECT_NE(half.exit_code, 0) << "--tls-cert without --tls-key";
  const auto ok = run_command({HERALD_SERVER_BINARY, "--data-dir", (dir_ / "data").string(), "--tls-cert",
                               cert_.string(), "--tls-key", key_.string(), "--check-config"},
                              "", dir_ / "run");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

}  // namespace
}  // namespace herald::testing
