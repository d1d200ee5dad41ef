// A WebhookSender on a test-owned io_context, with its settled requests
// recorded, and a loop runner that cannot hang the suite.
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>

#include "herald/webhooks/webhook_sender.hpp"

namespace herald::webhooks::testing {

using namespace std::chrono_literals;

struct Settled {
  Request request;
  bool delivered = false;
  int attempts = 0;
};

class SenderTest : public ::testing::Test {
 protected:
  /// Tiny delays so the suite runs fast.
  static SenderOptions fast_options() {
    SenderOptions options;
    options.first_retry_delay = 10ms;
    options.max_retry_delay = 1000ms;
    options.max_attempts = 6;
    options.attempt_timeout = 5000ms;
    return options;
  }

  void make_sender(SenderOptions options = fast_options()) {
    sender_ = std::make_unique<WebhookSender>(io_, std::move(options));
    sender_->on_settled([this](const Request& request, bool delivered, int attempts) {
      settled_.push_back({request, delivered, attempts});
      if (settled_.size() >= expected_) io_.stop();
    });
  }

  /// Runs the loop until `count` requests have settled (10 s at most).
  void run_until_settled(std::size_t count) {
    expected_ = count;
    if (settled_.size() < count) {
      io_.restart();
      io_.run_for(10s);
    }
    ASSERT_EQ(settled_.size(), count) << "requests did not settle in time";
  }

  boost::asio::io_context io_;  // first member: destroyed last
  std::unique_ptr<WebhookSender> sender_;
  std::vector<Settled> settled_;
  std::size_t expected_ = static_cast<std::size_t>(-1);
};

}  // namespace herald::webhooks::testing
