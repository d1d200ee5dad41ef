// The queue, the retries and the bookkeeping around HttpAttempt.
//
// Every handler that outlives a call (attempt completions, backoff timers,
// on_settled calls) holds a weak_ptr to Impl and looks its request up by id:
// after shutdown(), a drop or the sender's destruction, it finds nothing and
// returns. Ids are never reused.
#include "herald/webhooks/webhook_sender.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <stdexcept>
#include <tuple>
#include <variant>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "herald/webhooks/retry_policy.hpp"
#include "herald/webhooks/url.hpp"
#include "http_attempt.hpp"
#include "http_message.hpp"

namespace herald::webhooks {

namespace asio = boost::asio;
using detail::AttemptResult;
using detail::HttpAttempt;

namespace {

std::shared_ptr<asio::ssl::context> make_tls_context(const std::string& ca_file) {
  auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
  context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                       asio::ssl::context::no_tlsv1_1);
  context->set_verify_mode(asio::ssl::verify_peer);
  boost::system::error_code error;
  if (ca_file.empty()) {
    context->set_default_verify_paths(error);
    // Not fatal: http:// still works, and https:// attempts will fail verification (logged).
    if (error) spdlog::warn("webhooks: cannot use the system's CA paths: {}", error.message());
  } else {
    context->load_verify_file(ca_file, error);
    if (error) {
      throw std::invalid_argument("webhooks: cannot load tls_ca_file '" + ca_file + "': " + error.message() +
                                  " (expected a PEM file of CA certificates)");
    }
  }
  return context;
}

}  // namespace

struct WebhookSender::Impl : std::enable_shared_from_this<Impl> {
  enum class State {
    ready,      // waiting in ready_ for a free slot
    backoff,    // waiting for its retry timer
    in_flight,  // an attempt is running
  };

  struct Entry {
    Entry(asio::io_context& io, Request r, Url u) : request(std::move(r)), url(std::move(u)), timer(io) {}
    Request request;
    Url url;
    int attempts = 0;
    State state = State::ready;
    asio::steady_timer timer;  // the backoff wait; destroying it cancels the wait
    std::shared_ptr<HttpAttempt> attempt;
  };

  Impl(asio::io_context& io, SenderOptions options)
      : io_(io), options_(std::move(options)), tls_(make_tls_context(options_.tls_ca_file)) {
    options_.max_attempts = std::max(options_.max_attempts, 1);
    options_.max_in_flight = std::max<std::size_t>(options_.max_in_flight, 1);
  }

  void post(Request request) {
    if (stopped_) {
      ++stats_.dropped;
      spdlog::debug("webhooks: request posted after shutdown, dropped");
      return;
    }
    auto parsed = parse_url(request.url);
    if (const auto* error = std::get_if<UrlError>(&parsed)) {
      // The URL itself is not logged: it may carry credentials in its query.
      ++stats_.failed;
      spdlog::warn("webhook not sent: malformed URL ({})", describe(*error));
      settle(std::move(request), false, 0);
      return;
    }
    Url url = std::get<Url>(std::move(parsed));
    if (const auto problem = detail::header_problem(request); !problem.empty()) {
      ++stats_.failed;
      spdlog::warn("webhook to {} not sent: {}", url.for_log(), problem);
      settle(std::move(request), false, 0);
      return;
    }
    if (entries_.size() >= options_.max_queued && !drop_oldest_waiting()) {
      ++stats_.dropped;
      spdlog::warn("webhook to {} dropped: the queue is full ({} requests, all in flight)", url.for_log(),
                   entries_.size());
      settle(std::move(request), false, 0);
      return;
    }
    const auto id = next_id_++;
    entries_.emplace(std::piecewise_construct, std::forward_as_tuple(id),
                     std::forward_as_tuple(io_, std::move(request), std::move(url)));
    ready_.push_back(id);
    pump();
  }

  /// Makes room for one request by dropping the oldest one not in flight.
  bool drop_oldest_waiting() {
    const auto it = std::find_if(entries_.begin(), entries_.end(),
                                 [](const auto& kv) { return kv.second.state != State::in_flight; });
    if (it == entries_.end()) return false;
    Entry& entry = it->second;
    if (entry.state == State::ready) ready_.erase(std::find(ready_.begin(), ready_.end(), it->first));
    ++stats_.dropped;
    spdlog::warn("webhook to {} dropped after {} attempt(s): the queue is full ({} requests)",
                 entry.url.for_log(), entry.attempts, options_.max_queued);
    settle(std::move(entry.request), false, entry.attempts);
    entries_.erase(it);
    return true;
  }

  /// Starts attempts while slots are free, oldest ready request first.
  void pump() {
    while (!stopped_ && in_flight_ < options_.max_in_flight && !ready_.empty()) {
      const auto id = ready_.front();
      ready_.pop_front();
      start_attempt(id, entries_.at(id));
    }
  }

  void start_attempt(std::uint64_t id, Entry& entry) {
    entry.state = State::in_flight;
    ++in_flight_;
    ++entry.attempts;
    ++stats_.attempts;
    spdlog::debug("webhook to {}: attempt {}", entry.url.for_log(), entry.attempts);
    entry.attempt = std::make_shared<HttpAttempt>(
        io_, tls_, entry.url, detail::make_message(entry.url, entry.request), options_.attempt_timeout,
        [weak = weak_from_this(), id](AttemptResult result) {
          if (auto self = weak.lock()) self->on_attempt_done(id, result);
        });
    entry.attempt->start();
  }

  void on_attempt_done(std::uint64_t id, AttemptResult result) {
    const auto it = entries_.find(id);
    if (it == entries_.end()) return;
    Entry& entry = it->second;
    entry.attempt.reset();
    entry.state = State::ready;
    --in_flight_;
    const auto verdict = result.error ? Verdict::retry : classify_status(result.status);
    const auto outcome = result.error ? result.error.message() : "status " + std::to_string(result.status);
    if (verdict == Verdict::delivered) {
      ++stats_.delivered;
      spdlog::debug("webhook to {} delivered: {} on attempt {}", entry.url.for_log(), outcome,
                    entry.attempts);
      finish(it, true);
    } else if (verdict == Verdict::give_up) {
      ++stats_.failed;
      spdlog::warn("webhook to {} failed: {} on attempt {} (not retried)", entry.url.for_log(), outcome,
                   entry.attempts);
      finish(it, false);
    } else if (entry.attempts >= options_.max_attempts) {
      ++stats_.failed;
      spdlog::warn("webhook to {} failed: {} on attempt {}, the last one", entry.url.for_log(), outcome,
                   entry.attempts);
      finish(it, false);
    } else {
      const auto delay = backoff_delay(options_.first_retry_delay, options_.max_retry_delay, entry.attempts);
      spdlog::info("webhook to {}: {} on attempt {}, retrying in {} ms", entry.url.for_log(), outcome,
                   entry.attempts, delay.count());
      entry.state = State::backoff;
      entry.timer.expires_after(delay);
      entry.timer.async_wait([weak = weak_from_this(), id](boost::system::error_code error) {
        if (error) return;
        if (auto self = weak.lock()) self->on_backoff_done(id);
      });
    }
    pump();
  }

  void on_backoff_done(std::uint64_t id) {
    const auto it = entries_.find(id);
    // A timer that fired just before its request was dropped still runs.
    if (it == entries_.end() || it->second.state != State::backoff) return;
    it->second.state = State::ready;
    ready_.push_back(id);
    pump();
  }

  void finish(std::map<std::uint64_t, Entry>::iterator it, bool delivered) {
    settle(std::move(it->second.request), delivered, it->second.attempts);
    entries_.erase(it);
  }

  /// Reports a settled request from a fresh handler, so the callback may
  /// post(), call shutdown() or even destroy the sender.
  void settle(Request request, bool delivered, int attempts) {
    if (!settled_) return;
    asio::post(io_, [weak = weak_from_this(), request = std::move(request), delivered, attempts] {
      if (auto self = weak.lock(); self && self->settled_) self->settled_(request, delivered, attempts);
    });
  }

  void shutdown() {
    if (stopped_) return;
    stopped_ = true;
    if (!entries_.empty()) spdlog::warn("webhooks: shutdown abandons {} queued request(s)", entries_.size());
    for (auto& [id, entry] : entries_) {
      if (entry.attempt) entry.attempt->cancel();
    }
    entries_.clear();
    ready_.clear();
    in_flight_ = 0;
  }

  SenderStats stats() const {
    SenderStats out = stats_;
    out.queued = entries_.size();
    return out;
  }

  asio::io_context& io_;
  SenderOptions options_;
  std::shared_ptr<asio::ssl::context> tls_;
  std::map<std::uint64_t, Entry> entries_;  // by id = post order: begin() is the oldest
  std::deque<std::uint64_t> ready_;         // ids in State::ready, first come first served
  std::size_t in_flight_ = 0;
  std::uint64_t next_id_ = 0;
  bool stopped_ = false;
  SenderStats stats_;
  std::function<void(const Request&, bool, int)> settled_;
};

WebhookSender::WebhookSender(asio::io_context& io, SenderOptions options)
    : impl_(std::make_shared<Impl>(io, std::move(options))) {}

WebhookSender::~WebhookSender() {
  impl_->shutdown();
}

void WebhookSender::post(Request request) {
  impl_->post(std::move(request));
}

SenderStats WebhookSender::stats() const {
  return impl_->stats();
}

void WebhookSender::shutdown() {
  impl_->shutdown();
}

void WebhookSender::on_settled(std::function<void(const Request&, bool, int)> callback) {
  impl_->settled_ = std::move(callback);
}

}  // namespace herald::webhooks
