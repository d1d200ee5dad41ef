// herald-loadgen: drives Herald (its own protocol or its Pusher endpoint),
// Socket.IO or uWebSockets.js with one of the
// workloads in scenario.hpp and prints its report as one JSON line.
// bench/run is the way to run it: it seeds the database, starts each server
// pinned to one core and the generator to the other.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "scenario.hpp"

int main(int argc, char** argv) {
  using namespace herald::bench;
  CLI::App app{"herald-loadgen: the benchmark's load generator", "herald-loadgen"};
  Options o;
  o.target.pusher_key = "bench-key";
  o.target.pusher_secret = "bench-secret-0123456789";
  std::string dialect = "herald";
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  std::string scenario = "fanout";
  app.add_option("--dialect", dialect, "herald, socketio, uws or pusher (Herald's Pusher endpoint)")
      ->check(CLI::IsMember({"herald", "socketio", "uws", "pusher"}))
      ->capture_default_str();
  app.add_option("--pusher-app", o.target.pusher_key, "pusher: the app key")->capture_default_str();
  app.add_option("--pusher-secret", o.target.pusher_secret, "pusher: the app secret")->capture_default_str();
  app.add_option("--host", host)->capture_default_str();
  app.add_option("--port", port)->capture_default_str();
  app.add_option("--scenario", scenario, "fanout, connections, durability or history")
      ->check(CLI::IsMember({"fanout", "connections", "durability", "history"}))
      ->capture_default_str();
  app.add_option("--server-pid", o.server_pid, "The server's process id: its CPU and memory are reported");
  app.add_option("--members", o.members, "fanout: receiving room members")->capture_default_str();
  app.add_option("--publishers", o.publishers, "fanout: publishing connections")->capture_default_str();
  app.add_option("--window", o.window, "fanout: messages in flight (closed loop)")->capture_default_str();
  app.add_option("--rate", o.rate, "fanout: messages per second (0: closed loop)")->capture_default_str();
  app.add_option("--room", o.room, "fanout, Herald: the room id")->capture_default_str();
  app.add_option("--payload", o.payload_bytes, "message text bytes")->capture_default_str();
  app.add_option("--warmup", o.warmup_s, "seconds before measuring")->capture_default_str();
  app.add_option("--duration", o.duration_s, "seconds measured")->capture_default_str();
  app.add_option("--connections", o.connections, "connections: how many")->capture_default_str();
  app.add_option("--concurrency", o.concurrency, "connection attempts in flight")->capture_default_str();
  app.add_option("--senders", o.senders, "durability: sending users")->capture_default_str();
  app.add_option("--sender-window", o.sender_window, "durability: messages in flight per sender")
      ->capture_default_str();
  app.add_option("--users", o.users, "history: sign in as users 1..N in turn")->capture_default_str();
  app.add_option("--sign-ins", o.sign_ins, "history: how many sign-ins")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  o.target.dialect = dialect == "herald"     ? Dialect::herald
                     : dialect == "socketio" ? Dialect::socketio
                     : dialect == "pusher"   ? Dialect::pusher
                                             : Dialect::uws;
  o.target.endpoint = {boost::asio::ip::make_address(host), port};
  boost::asio::io_context io(1);
  nlohmann::json report = scenario == "fanout"        ? run_fanout(io, o)
                          : scenario == "connections" ? run_connections(io, o)
                          : scenario == "durability"  ? run_durability(io, o)
                                                      : run_history(io, o);
  report["dialect"] = dialect;
  std::cout << report.dump() << std::endl;
  return 0;
}
