// https:// delivery against a local TLS listener with a self-signed
// certificate for "localhost" made by Debian's openssl for the test.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <gtest/gtest.h>
#include <unistd.h>
#include <boost/asio/ssl/context.hpp>

#include "herald/webhooks/webhook_sender.hpp"
#include "scripted_server.hpp"
#include "sender_fixture.hpp"

namespace herald::webhooks::testing {
namespace {

namespace fs = std::filesystem;
namespace ssl = boost::asio::ssl;

class TlsSenderTest : public SenderTest {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("herald-webhooks-tls-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    const auto command =
        "/usr/bin/openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
        "-days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost -keyout '" +
        (dir_ / "key.pem").string() + "' -out '" + (dir_ / "cert.pem").string() + "' 2>'" +
        (dir_ / "openssl.log").string() + "'";
    ASSERT_EQ(std::system(command.c_str()), 0) << "openssl failed, see " << (dir_ / "openssl.log");
  }

  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  void SetUp() override {
    server_tls_.use_certificate_chain_file((dir_ / "cert.pem").string());
    server_tls_.use_private_key_file((dir_ / "key.pem").string(), ssl::context::pem);
  }

  /// Options that trust exactly the test's certificate.
  static SenderOptions trusting_options() {
    auto options = fast_options();
    options.tls_ca_file = (dir_ / "cert.pem").string();
    options.max_attempts = 2;
    return options;
  }

  static inline fs::path dir_;
  ssl::context server_tls_{ssl::context::tls_server};
};

TEST_F(TlsSenderTest, DeliversOverHttpsWithSniAndAVerifiedPeer) {
  ScriptedServer server(io_, {status(200)}, &server_tls_);
  make_sender(trusting_options());
  sender_->post(Request{
      server.url("/hooks/pusher?x=1", "localhost"), "{\"events\":[]}", {{"X-Pusher-Signature", "abc"}}});
  run_until_settled(1);
  EXPECT_TRUE(settled_[0].delivered);
  EXPECT_EQ(settled_[0].attempts, 1);
  ASSERT_EQ(server.received().size(), 1u);
  const auto& got = server.received()[0];
  EXPECT_EQ(got.sni, "localhost");
  EXPECT_EQ(got.target, "/hooks/pusher?x=1");
  EXPECT_EQ(got.body, "{\"events\":[]}");
  EXPECT_EQ(got.header("X-Pusher-Signature"), "abc");
  EXPECT_EQ(got.header("Host"), "localhost:" + std::to_string(server.port()));
}

TEST_F(TlsSenderTest, RetriesOver503OnHttpsToo) {
  ScriptedServer server(io_, {status(503), status(201)}, &server_tls_);
  make_sender(trusting_options());
  sender_->post(Request{server.url("/hook", "localhost"), "x", {}});
  run_until_settled(1);
  EXPECT_TRUE(settled_[0].delivered);
  EXPECT_EQ(settled_[0].attempts, 2);
}

TEST_F(TlsSenderTest, AnUntrustedCertificateIsNeverSentTo) {
  ScriptedServer server(io_, {status(200)}, &server_tls_);
  auto options = trusting_options();
  options.tls_ca_file.clear();  // the system's CAs do not know the test certificate
  make_sender(options);
  sender_->post(Request{server.url("/hook", "localhost"), "secret", {}});
  run_until_settled(1);
  EXPECT_FALSE(settled_[0].delivered);
  EXPECT_EQ(settled_[0].attempts, 2) << "TLS failures are retried like connection errors";
  EXPECT_GE(server.accepted(), 1u);
  EXPECT_TRUE(server.received().empty());
}

TEST_F(TlsSenderTest, ACertificateForAnotherNameIsNeverSentTo) {
  ScriptedServer server(io_, {status(200)}, &server_tls_);
  make_sender(trusting_options());
  // Trusted, but issued to "localhost", not to the IP address asked for.
  sender_->post(Request{server.url("/hook", "127.0.0.1"), "secret", {}});
  run_until_settled(1);
  EXPECT_FALSE(settled_[0].delivered);
  EXPECT_GE(server.accepted(), 1u);
  EXPECT_TRUE(server.received().empty());
}

TEST_F(TlsSenderTest, AnUnreadableCaFileIsAConstructionError) {
  auto options = fast_options();
  options.tls_ca_file = (dir_ / "missing.pem").string();
  EXPECT_THROW(WebhookSender(io_, options), std::invalid_argument);
  std::ofstream(dir_ / "garbage.pem") << "not a certificate";
  options.tls_ca_file = (dir_ / "garbage.pem").string();
  EXPECT_THROW(WebhookSender(io_, options), std::invalid_argument);
}

}  // namespace
}  // namespace herald::webhooks::testing
