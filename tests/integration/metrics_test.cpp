// GET /metrics after real traffic: the counters move, the text parses.
#include <map>
#include <regex>
#include <sstream>

#include "fixture.hpp"

namespace herald::testing {
namespace {

using beast::http::verb;

/// "name{labels} value" lines as a map from "name{labels}" to the value;
/// fails the test on a line that is not a comment or a sample.
std::map<std::string, double> parse_samples(const std::string& text) {
  const std::regex sample(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_]+="[^"]*"\})?) (\S+)$)");
  std::map<std::string, double> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) continue;
    std::smatch m;
    if (!std::regex_match(line, m, sample)) {
      ADD_FAILURE() << "not a sample line: " << line;
      continue;
    }
    out[m[1]] = m[3] == "+Inf" ? 1e300 : std::stod(m[3]);
  }
  return out;
}

TEST_F(ServerTest, MetricsCountConnectionsFramesErrorsAndStorage) {
  start();
  WsClient alice(port());
  const auto alice_id = alice.hello(alice.sign_up("alice"))["user"]["id"];
  WsClient bob(port());
  const auto bob_id = bob.hello(bob.sign_up("bob"))["user"]["id"];
  for (int i = 0; i < 3; ++i) {
    alice.send(
        {{"type", "message.send"}, {"client_id", "m" + std::to_string(i)}, {"to", bob_id}, {"text", "hi"}});
    alice.expect("ack");
    bob.expect("message");
  }
  WsClient stranger(port());
  stranger.send({{"type", "history.fetch"}, {"peer", alice_id}});
  stranger.expect("error");

  const auto page = http(port(), verb::get, "/metrics");
  ASSERT_EQ(page.status, 200u);
  EXPECT_EQ(page.content_type, "text/plain; version=0.0.4; charset=utf-8");
  const auto m = parse_samples(page.body);
  EXPECT_EQ(m.at("herald_connections"), 3);
  EXPECT_EQ(m.at(R"(herald_frames_in_total{type="register"})"), 2);
  EXPECT_EQ(m.at(R"(herald_frames_in_total{type="hello"})"), 2);
  EXPECT_EQ(m.at(R"(herald_frames_in_total{type="message.send"})"), 3);
  EXPECT_EQ(m.at(R"(herald_frames_in_total{type="history.fetch"})"), 1);
  EXPECT_EQ(m.at(R"(herald_frames_out_total{type="welcome"})"), 3);
  EXPECT_EQ(m.at(R"(herald_frames_out_total{type="ack"})"), 3);
  EXPECT_GE(m.at(R"(herald_frames_out_total{type="message"})"), 3);
  EXPECT_EQ(m.at(R"(herald_errors_total{code="not_authenticated"})"), 1);
  EXPECT_EQ(m.at(R"(herald_errors_total{code="internal_error"})"), 0) << "every code is listed";
  EXPECT_EQ(m.at("herald_send_queue_drops_total"), 0);
  EXPECT_GE(m.at("herald_storage_job_seconds_count"), 7);  // 2 registers, 2 hellos, 3 sends
  EXPECT_EQ(m.at(R"(herald_storage_job_seconds_bucket{le="+Inf"})"),
            m.at("herald_storage_job_seconds_count"));
  EXPECT_GE(m.at("herald_fanout_seconds_count"), 3);
  EXPECT_GE(m.at("herald_storage_jobs_committed_total"), 7);
  EXPECT_GE(m.at("herald_storage_batches_committed_total"), 1);
  EXPECT_EQ(m.at("herald_storage_jobs_failed_total"), 0);

  alice.send({{"type", "ping"}});
  alice.expect("pong");
  const auto later = parse_samples(http(port(), verb::get, "/metrics").body);
  EXPECT_EQ(later.at(R"(herald_frames_in_total{type="ping"})"), 1);
}

}  // namespace
}  // namespace herald::testing
