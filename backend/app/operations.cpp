#include "operations.hpp"

#include <spdlog/spdlog.h>

namespace herald::app {
namespace {

using Clock = std::chrono::steady_clock;

bool is_sign_in_failure(protocol::Errc code) {
  return code == protocol::Errc::invalid_credentials || code == protocol::Errc::invalid_token;
}

}  // namespace

void ServiceEvents::frame_in(core::ConnectionId, std::string_view type) {
  metrics_.frame_in(type);
}

void ServiceEvents::request_failed(core::ConnectionId id, const protocol::Error& error) {
  metrics_.error(error.code);
  const auto code = protocol::to_string(error.code);
  if (is_sign_in_failure(error.code)) {
    spdlog::warn("connection {} sign-in failed: {}", id, code);
    return;
  }
  // Rate-limited frames come in floods: keep them out of the default level.
  const auto level =
      error.code == protocol::Errc::rate_limited ? spdlog::level::debug
      : error.code == protocol::Errc::internal_error || error.code == protocol::Errc::unavailable
          ? spdlog::level::warn
          : spdlog::level::info;
  if (error.field.empty())
    spdlog::log(level, "connection {} request error {}", id, code);
  else
    spdlog::log(level, "connection {} request error {} (field {})", id, code, error.field);
}

void ServiceEvents::signed_in(core::ConnectionId id, const protocol::UserInfo& user, bool via_token) {
  spdlog::info("connection {} signed in as {} (user {}{}) with {}", id, user.username, user.id,
               user.admin ? ", admin" : "", via_token ? "a session token" : "a password");
}

// An account under attack: an operator may want to block the address.
void ServiceEvents::sign_in_account_limited(std::string_view account, std::string_view address) {
  spdlog::warn("sign-in attempts for account {} used up (last from {})", account, address);
}

// The key itself is never logged, right or wrong.
void ServiceEvents::api_key_refused(std::string_view address) {
  spdlog::info("HTTP API request from {} refused: missing or wrong API key", address);
}

void MeteredOutbound::send(core::ConnectionId id, const core::Frame& frame) {
  metrics_.frame_out(*frame);
  inner_.send(id, frame);
}

void MeteredStorage::submit(core::StorageJob job) {
  job.done = [this, submitted = Clock::now(),
              done = std::move(job.done)](const std::optional<core::StorageFailure>& failure) {
    const auto started = Clock::now();
    metrics_.storage_job(started - submitted, failure.has_value());
    if (failure)
      spdlog::warn("storage job failed ({}): {}", failure->retryable ? "retryable" : "not retryable",
                   failure->what);
    const auto sent_before = metrics_.frames_sent();
    done(failure);
    if (metrics_.frames_sent() != sent_before) metrics_.fan_out(Clock::now() - started);
  };
  inner_.submit(std::move(job));
}

}  // namespace herald::app
