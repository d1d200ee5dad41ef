// WebhookSender: HTTP(S) POSTs delivered in the background on the server's
// event loop, with retries and bounded memory. It knows nothing of Pusher:
// a request is a URL, a body and headers.
//
// Contracts:
// - Nothing here blocks the io_context: names are resolved asynchronously,
//   every attempt (connect, TLS handshake, write, read of the response head)
//   has one deadline, and retries wait on timers.
// - Not thread-safe: call every member from the thread that runs `io` (or
//   before it runs). Callbacks run on that thread, never inside post().
// - 2xx delivers. Connection errors, TLS errors, timeouts, 5xx, 408 and 429
//   are retried with exponential backoff up to max_attempts; any other status
//   gives up at once (retry_policy.hpp). Redirects are not followed.
// - https verifies the peer (the system's CA paths, or SenderOptions::tls_ca_file)
//   and its name, and sends SNI for host names.
// - Logs name the URL's host[:port]/path, the status and the attempt number,
//   never bodies, queries or header values (they carry signatures).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>

namespace herald::webhooks {

struct Request {
  std::string url;   ///< http://host[:port]/path?query or https://... (url.hpp)
  std::string body;  ///< sent as-is
  /// Sent as-is after the sender's own headers (e.g. Content-Type, X-Pusher-Key,
  /// X-Pusher-Signature). Names must be HTTP tokens and values must not hold
  /// CR, LF or NUL; Host, Content-Length, Transfer-Encoding and Connection
  /// belong to the sender. A request breaking this is malformed (failed).
  std::vector<std::pair<std::string, std::string>> headers;
};

struct SenderOptions {
  std::chrono::milliseconds first_retry_delay{1000};  ///< then doubled each attempt
  std::chrono::milliseconds max_retry_delay{60000};   ///< the doubling stops here
  int max_attempts = 6;  ///< then the request fails with a warning log; values below 1 act as 1
  std::chrono::milliseconds attempt_timeout{10000};  ///< resolve+connect+handshake+write+read, one attempt
  /// Requests waiting or in flight. At the limit, post() drops the OLDEST
  /// waiting request (never one in flight; the new one when all are in flight).
  std::size_t max_queued = 1000;
  std::size_t max_in_flight = 8;  ///< concurrent attempts overall; 0 acts as 1
  /// A PEM file of CAs to trust for https instead of the system's default
  /// paths (a private CA, tests). Empty: the system's defaults.
  std::string tls_ca_file;
};

struct SenderStats {
  std::uint64_t delivered = 0;
  std::uint64_t failed = 0;    ///< gave up after max_attempts, non-retryable status, or malformed request
  std::uint64_t dropped = 0;   ///< queue overflow, or posted after shutdown()
  std::uint64_t attempts = 0;  ///< attempts started
  std::size_t queued = 0;      ///< waiting or in flight now
};

class WebhookSender {
 public:
  /// Throws std::invalid_argument when tls_ca_file is set but cannot be loaded.
  explicit WebhookSender(boost::asio::io_context& io, SenderOptions options = {});
  /// Cancels everything outstanding; handlers that run later touch nothing freed.
  ~WebhookSender();
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  /// Returns immediately; the request is delivered in the background.
  /// A malformed URL or header is logged and counted as failed (no throw).
  void post(Request request);
  SenderStats stats() const;
  /// Stops retrying and cancels attempts in flight; outstanding requests are
  /// abandoned (not settled) and later posts are dropped. Used at shutdown.
  void shutdown();
  /// Called once per request when it is finished for good: delivered, given
  /// up, malformed (attempts 0) or dropped on overflow. For tests and metrics.
  void on_settled(std::function<void(const Request&, bool delivered, int attempts)> callback);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with weak_ptrs in pending handlers
};

}  // namespace herald::webhooks
