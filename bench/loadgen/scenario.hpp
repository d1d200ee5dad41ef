// The load generator's workloads. Each opens its connections through a
// Fleet, runs on the io_context until done and returns its report as JSON.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "connection.hpp"

namespace herald::bench {

struct Options {
  Target target;
  int server_pid = 0;
  // fan-out and latency
  int members = 1000;      // receiving connections (Herald: users 1..members)
  int publishers = 4;      // publishing connections (Herald: the next users)
  int window = 32;         // messages in flight (closed loop, rate 0)
  double rate = 0;         // messages per second (open loop); 0: as fast as delivered
  std::int64_t room = 1;   // Herald room of all these users (herald-bench-seed)
  int payload_bytes = 64;  // message text size
  double warmup_s = 2;
  double duration_s = 10;
  // connections
  int connections = 10000;
  int concurrency = 200;  // connection attempts in flight
  // durability
  int senders = 200;
  int sender_window = 8;
  // history
  int users = 1000;
  int sign_ins = 1000;
};

/// Opens connections `first..first+count-1` (the index is also the Herald
/// user number), at most `concurrency` at a time.
class Fleet {
 public:
  Fleet(boost::asio::io_context& io, const Options& options, Listener& listener)
      : io_(io), options_(options), listener_(listener) {}

  void open(int first, int count, std::function<void()> all_ready);
  /// Call from Listener::on_ready / on_failed.
  void ready(Connection& c);
  void failed(Connection& c, const std::string& why);

  std::vector<std::shared_ptr<Connection>>& connections() { return connections_; }
  int failures() const { return failures_; }
  void close_all();

 private:
  void launch_more();

  boost::asio::io_context& io_;
  const Options& options_;
  Listener& listener_;
  std::vector<std::shared_ptr<Connection>> connections_;
  int first_ = 0;
  int count_ = 0;
  int launched_ = 0;
  int in_flight_ = 0;
  int ready_ = 0;
  int failures_ = 0;
  std::function<void()> all_ready_;
};

/// "@@<send_ns>:<seq>@@" followed by padding up to `size` bytes.
std::string stamped_text(std::int64_t send_ns, std::int64_t seq, int size);
/// Reads the stamp back; false when `text` has none.
bool read_stamp(std::string_view text, std::int64_t& send_ns, std::int64_t& seq);

nlohmann::json run_fanout(boost::asio::io_context& io, const Options& options);
nlohmann::json run_connections(boost::asio::io_context& io, const Options& options);
nlohmann::json run_durability(boost::asio::io_context& io, const Options& options);
nlohmann::json run_history(boost::asio::io_context& io, const Options& options);

}  // namespace herald::bench
