// WebhookSender against a real local listener (ScriptedServer) on the same
// io_context. Timing is asserted only as lower bounds (a retry never comes
// before its backoff delay), which cannot flake.
#include "herald/webhooks/webhook_sender.hpp"

#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "scripted_server.hpp"
#include "sender_fixture.hpp"

namespace herald::webhooks::testing {
namespace {

using std::chrono::steady_clock;

Request pusher_like(std::string url, std::string body = R"({"time_ms":1,"events":[]})") {
  return Request{std::move(url),
                 std::move(body),
                 {{"Content-Type", "application/json"},
                  {"X-Pusher-Key", "app-key"},
                  {"X-Pusher-Signature", "0123456789abcdef"}}};
}

using WebhookSenderTest = SenderTest;

TEST_F(WebhookSenderTest, DeliversOnFirstTryWithBodyAndHeadersIntact) {
  ScriptedServer server(io_, {status(200)});
  make_sender();
  std::string body = R"({"time_ms":1700000000000,"events":[{"name":"channel_occupied","channel":"a"}]})";
  body += std::string(200000, 'x');  // larger than one socket write
  auto request = pusher_like(server.url("/hooks/pusher?app=7"), body);
  request.headers.emplace_back("X-Custom", "two  spaces\tand tab");
  sender_->post(request);
  EXPECT_EQ(sender_->stats().queued, 1u);
  run_until_settled(1);

  EXPECT_TRUE(settled_[0].delivered);
  EXPECT_EQ(settled_[0].attempts, 1);
  EXPECT_EQ(settled_[0].request.body, body);
  ASSERT_EQ(server.received().size(), 1u);
  const auto& got = server.received()[0];
  EXPECT_EQ(got.method, "POST");
  EXPECT_EQ(got.target, "/hooks/pusher?app=7");
  EXPECT_EQ(got.body, body);
  EXPECT_EQ(got.header("Host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(got.header("Content-Length"), std::to_string(body.size()));
  EXPECT_EQ(got.header("Connection"), "close");
  EXPECT_EQ(got.header("Content-Type"), "application/json");
  EXPECT_EQ(got.header("X-Pusher-Key"), "app-key");
  EXPECT_EQ(got.header("X-Pusher-Signature"), "0123456789abcdef");
  EXPECT_EQ(got.header("X-Custom"), "two  spaces\tand tab");
  EXPECT_EQ(got.count("User-Agent"), 1u);

  const auto stats = sender_->stats();
  EXPECT_EQ(stats.delivered, 1u);
  EXPECT_EQ(stats.failed, 0u);
  EXPECT_EQ(stats.dropped, 0u);
  EXPECT_EQ(stats.attempts, 1u);
  EXPECT_EQ(stats.queued, 0u);
}

TEST_F(WebhookSenderTest, TheRequestsUserAgentReplacesTheSenders) {
  ScriptedServer server(io_, {status(204)});
  make_sender();
  sender_->post(Request{server.url("/"), "", {{"user-agent", "pusher-compat/1"}}});
  run_until_settled(1);
  ASSERT_EQ(server.received().size(), 1u);
  EXPECT_EQ(server.received()[0].count("User-Agent"), 1u);
  EXPECT_EQ(server.received()[0].header("User-Agent"), "pusher-compat/1");
  EXPECT_EQ(server.received()[0].header("Content-Length"), "0");
}

TEST_F(WebhookSenderTest, RetriedAfter503ThenDeliveredWithGrowingGaps) {
  ScriptedServer server(io_, {status(503), status(503), status(503), status(200)});
  auto options = fast_options();
  make_sender(options);
  sender_->post(pusher_like(server.url("/hook")));
  run_until_settled(1);

  EXPECT_TRUE(settled_[0].delivered);
  EXPECT_EQ(settled_[0].attempts, 4);
  ASSERT_EQ(server.received().size(), 4u);
  // Each retry waits at least first_retry_delay * 2^(n-1) after the previous
  // response, which the listener sent after it recorded the request.
  auto expected_gap = options.first_retry_delay;
  for (std::size_t i = 1; i < server.received().size(); ++i) {
    const auto gap = server.received()[i].at - server.received()[i - 1].at;
    EXPECT_GE(gap, expected_gap) << "retry " << i;
    EXPECT_EQ(server.received()[i].body, server.received()[0].body);
    expected_gap *= 2;
  }
  const auto stats = sender_->stats();
  EXPECT_EQ(stats.delivered, 1u);
  EXPECT_EQ(stats.attempts, 4u);
  EXPECT_EQ(stats.failed, 0u);
}

TEST_F(WebhookSenderTest, ThreeAttemptsFor503503200) {
  ScriptedServer server(io_, {status(503), status(503), status(200)});
  make_sender();
  sender_->post(pusher_like(server.url("/hook")));
  run_until_settled(1);
  EXPECT_TRUE(settled_[0].delivered);
  EXPECT_EQ(settled_[0].attempts, 3);
  EXPECT_EQ(server.received().size(), 3u);
}

TEST_F(WebhookSenderTest, RetriesOn429And408AndServerErrors) {
  ScriptedServer server(io_, {status(429), status(408), status(500), status(502), status(200)});
  make_sender();
  sender_->post(pusher_like(server.url("/hook")));
  run_until_settled(1);
  EXPECT_TRUE(settled_[0].delivered);
  EXPECT_EQ(settled_[0].attempts, 5);
}

TEST_F(WebhookSenderTest, ClientErrorsGiveUpAtOnce) {
  for (unsigned code : {400u, 401u, 404u, 410u, 301u}) {
    SCOPED_TRACE(code);
    settled_.clear();
    ScriptedServer server(io_, {status(code), status(200)});
    make_sender();
    sender_->post(pusher_like(server.url("/hook")));
    run_until_settled(1);
    EXPECT_FALSE(settled_[0].delivered);
    EXPECT_EQ(settled_[0].attempts, 1);
    EXPECT_EQ(server.received().size(), 1u);
    EXPECT_EQ(sender_->stats().failed, 1u);
    EXPECT_EQ(sender_->stats().attempts, 1u);
    EXPECT_EQ(sender_->stats().queued, 0u);
  }
}

TEST_F(WebhookSenderTest, ConnectionRefusedIsRetriedUpToMaxAttempts) {
  auto options = fast_options();
  options.max_attempts = 4;
  make_sender(options);
  sender_->post(pusher_like("http://127.0.0.1:" + std::to_string(closed_port()) + "/hook"));
  run_until_settled(1);
  EXPECT_FALSE(settled_[0].delivered);
  EXPECT_EQ(settled_[0].attempts, 4);
  const auto stats = sender_->stats();
  EXPECT_EQ(stats.failed, 1u);
  EXPECT_EQ(stats.delivered, 0u);
  EXPECT_EQ(stats.attempts, 4u);
  EXPECT_EQ(stats.queued, 0u);
}

TEST_F(WebhookSenderTest, AttemptTimesOutWhenTheListenerNeverAnswers) {
  ScriptedServer server(io_, {hang()});
  auto options = fast_options();
  options.attempt_timeout = 100ms;
  options.max_attempts = 2;
  make_sender(options);
  const auto start = steady_clock::now();
  sender_->post(pusher_like(server.url("/slow")));
  run_until_settled(1);
  EXPECT_FALSE(settled_[0].delivered);
  EXPECT_EQ(settled_[0].attempts, 2);
  EXPECT_EQ(server.received().size(), 2u) << "both attempts reached the listener";
  EXPECT_GE(steady_clock::now() - start, 2 * options.attempt_timeout);
  EXPECT_EQ(sender_->stats().failed, 1u);
}

TEST_F(WebhookSenderTest, QueueOverflowDropsTheOldestWaitingRequest) {
  ScriptedServer server(io_, {status(200)});
  auto options = fast_options();
  options.max_in_flight = 1;
  options.max_queued = 2;
  make_sender(options);
  sender_->post(pusher_like(server.url("/a"), "A"));  // in flight at once
  sender_->post(pusher_like(server.url("/b"), "B"));  // waits for the slot
  sender_->post(pusher_like(server.url("/c"), "C"));  // full: B, the oldest waiting, goes
  EXPECT_EQ(sender_->stats().dropped, 1u);
  EXPECT_EQ(sender_->stats().queued, 2u);
  run_until_settled(3);

  EXPECT_EQ(settled_[0].request.body, "B");
  EXPECT_FALSE(settled_[0].delivered);
  EXPECT_EQ(settled_[0].attempts, 0);
  ASSERT_EQ(server.received().size(), 2u);
  EXPECT_EQ(server.received()[0].body, "A");
  EXPECT_EQ(server.received()[1].body, "C");
  const auto stats = sender_->stats();
  EXPECT_EQ(stats.delivered, 2u);
  EXPECT_EQ(stats.dropped, 1u);
  EXPECT_EQ(stats.failed, 0u);
}

TEST_F(WebhookSenderTest, QueueOverflowDropsARequestWaitingToRetry) {
  // One slot: A fails to connect and waits 60 s to retry, which frees the
  // slot for B. When the listener sees B, A is certainly in its backoff.
  ScriptedServer server(io_, {hang()});
  auto options = fast_options();
  options.max_in_flight = 1;
  options.max_queued = 2;
  options.first_retry_delay = 60s;
  options.max_retry_delay = 60s;
  make_sender(options);
  server.on_request([&](const Received&) {
    sender_->post(pusher_like(server.url("/c"), "C"));  // full: A goes, B is in flight
    EXPECT_EQ(sender_->stats().dropped, 1u);
  });
  sender_->post(pusher_like("http://127.0.0.1:" + std::to_string(closed_port()) + "/a", "A"));
  sender_->post(pusher_like(server.url("/b"), "B"));
  run_until_settled(1);
  EXPECT_EQ(settled_[0].request.body, "A");
  EXPECT_FALSE(settled_[0].delivered);
  EXPECT_EQ(settled_[0].attempts, 1);
  EXPECT_EQ(sender_->stats().queued, 2u);
}

TEST_F(WebhookSenderTest, WhenEveryQueuedRequestIsInFlightTheNewOneIsDropped) {
  ScriptedServer server(io_, {hang()});
  auto options = fast_options();
  options.max_in_flight = 2;
  options.max_queued = 2;
  make_sender(options);
  sender_->post(pusher_like(server.url("/a"), "A"));
  sender_->post(pusher_like(server.url("/b"), "B"));
  sender_->post(pusher_like(server.url("/c"), "C"));
  EXPECT_EQ(sender_->stats().dropped, 1u);
  EXPECT_EQ(sender_->stats().queued, 2u);
  run_until_settled(1);
  EXPECT_EQ(settled_[0].request.body, "C");
  EXPECT_EQ(settled_[0].attempts, 0);
}

TEST_F(WebhookSenderTest, MalformedRequestsAreCountedFailedWithoutAttempts) {
  make_sender();
  const std::vector<Request> bad = {
      {"", "", {}},
      {"ftp://127.0.0.1/hook", "", {}},
      {"http://", "", {}},
      {"http://127.0.0.1:99999/hook", "", {}},
      {"http://127.0.0.1/a b", "", {}},
      {"http://user:secret@127.0.0.1/", "", {}},
      {"http://127.0.0.1/", "", {{"X-Pusher-Signature", "abc\r\nX-Injected: 1"}}},
      {"http://127.0.0.1/", "", {{"Bad Name", "v"}}},
      {"http://127.0.0.1/", "", {{"", "v"}}},
      {"http://127.0.0.1/", "", {{"content-length", "5"}}},
      {"http://127.0.0.1/", "", {{"Host", "evil"}}},
  };
  for (const auto& request : bad) sender_->post(request);
  EXPECT_TRUE(settled_.empty()) << "on_settled is never called from inside post()";
  EXPECT_EQ(sender_->stats().failed, bad.size());
  run_until_settled(bad.size());
  for (std::size_t i = 0; i < bad.size(); ++i) {
    EXPECT_FALSE(settled_[i].delivered) << i;
    EXPECT_EQ(settled_[i].attempts, 0) << i;
    EXPECT_EQ(settled_[i].request.url, bad[i].url) << i;
  }
  const auto stats = sender_->stats();
  EXPECT_EQ(stats.attempts, 0u);
  EXPECT_EQ(stats.queued, 0u);
  EXPECT_EQ(stats.delivered, 0u);
}

/// A waits 60 s to retry; B hangs in flight with a 60 s timeout. When the
/// listener sees B, `stop` runs: afterwards io_context::run() must return
/// by itself (nothing left pending), long before any of those 60 s.
class ShutdownTest : public SenderTest {
 protected:
  template <class Stop>
  void check_run_returns_promptly(Stop stop) {
    ScriptedServer server(io_, {hang()});
    auto options = fast_options();
    options.max_in_flight = 1;
    options.first_retry_delay = 60s;
    options.max_retry_delay = 60s;
    options.attempt_timeout = 60s;
    make_sender(options);
    bool stopped = false;
    server.on_request([&](const Received&) {
      stop();
      server.stop();
      stopped = true;
    });
    sender_->post(pusher_like("http://127.0.0.1:" + std::to_string(closed_port()) + "/a", "A"));
    sender_->post(pusher_like(server.url("/b"), "B"));
    const auto start = steady_clock::now();
    io_.run_for(30s);
    EXPECT_TRUE(stopped);
    EXPECT_TRUE(io_.stopped()) << "run() did not run out of work";
    EXPECT_LT(steady_clock::now() - start, 20s);
    EXPECT_TRUE(settled_.empty()) << "abandoned requests are not settled";
  }
};

TEST_F(ShutdownTest, ShutdownWithOutstandingRetriesLetsRunReturn) {
  check_run_returns_promptly([&] { sender_->shutdown(); });
  const auto stats = sender_->stats();
  EXPECT_EQ(stats.queued, 0u);
  EXPECT_EQ(stats.attempts, 2u);
  EXPECT_EQ(stats.failed, 0u);
  sender_->post(pusher_like("http://127.0.0.1/late"));
  EXPECT_EQ(sender_->stats().dropped, 1u) << "posts after shutdown are dropped";
  sender_->shutdown();  // idempotent
}

TEST_F(ShutdownTest, DestroyingTheSenderWithWorkOutstandingIsSafe) {
  check_run_returns_promptly([&] { sender_.reset(); });
}

TEST_F(WebhookSenderTest, TheSenderMayBeDestroyedFromItsOwnCallback) {
  ScriptedServer server(io_, {status(200)});
  auto options = fast_options();
  options.first_retry_delay = 60s;
  options.max_retry_delay = 60s;
  sender_ = std::make_unique<WebhookSender>(io_, options);
  int calls = 0;
  sender_->on_settled([&](const Request&, bool delivered, int) {
    ++calls;
    EXPECT_TRUE(delivered);
    sender_.reset();  // a request to a closed port is still waiting to retry
    server.stop();
  });
  sender_->post(pusher_like("http://127.0.0.1:" + std::to_string(closed_port()) + "/a"));
  sender_->post(pusher_like(server.url("/b")));
  io_.run_for(30s);
  EXPECT_TRUE(io_.stopped());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(sender_, nullptr);
}

TEST_F(WebhookSenderTest, LogsNeverCarryBodiesQueriesOrHeaderValues) {
  std::ostringstream out;
  auto previous = spdlog::default_logger();
  auto logger = std::make_shared<spdlog::logger>("webhooks-test",
                                                 std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  logger->set_level(spdlog::level::trace);
  spdlog::set_default_logger(logger);

  ScriptedServer server(io_, {status(503), status(200), status(400)});
  auto options = fast_options();
  options.max_in_flight = 1;
  make_sender(options);
  auto secret = [](std::string url) {
    return Request{std::move(url), "BODY-SECRET", {{"X-Pusher-Signature", "SIGNATURE-SECRET"}}};
  };
  sender_->post(secret(server.url("/hooks/one?token=QUERY-SECRET")));
  sender_->post(secret(server.url("/hooks/two?token=QUERY-SECRET")));
  sender_->post(Request{"http://127.0.0.1/x?token=QUERY-SECRET",
                        "BODY-SECRET",
                        {{"X-Pusher-Signature", "SIGNATURE-SECRET\r\n"}}});
  sender_->post(Request{"http://user:PASSWORD-SECRET@127.0.0.1/", "", {}});
  run_until_settled(4);
  spdlog::set_default_logger(previous);

  const auto log = out.str();
  const auto host = "127.0.0.1:" + std::to_string(server.port());
  EXPECT_NE(log.find(host + "/hooks/one"), std::string::npos) << log;
  EXPECT_NE(log.find("status 503 on attempt 1"), std::string::npos) << log;
  EXPECT_NE(log.find("status 400 on attempt 2"), std::string::npos) << log;
  EXPECT_NE(log.find("X-Pusher-Signature"), std::string::npos) << "the header name may be logged: " << log;
  for (const char* secret_text : {"BODY-SECRET", "SIGNATURE-SECRET", "QUERY-SECRET", "PASSWORD-SECRET"}) {
    EXPECT_EQ(log.find(secret_text), std::string::npos) << secret_text << " leaked into: " << log;
  }
}

}  // namespace
}  // namespace herald::webhooks::testing
