// Plain HTTP requests that websocketpp's parser alone would get wrong: they
// must get the answer docs/operations.md ("HTTP requests") promises, never
// a guess at what the client meant.
#include <fstream>
#include <sstream>
#include <thread>

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "fixture.hpp"

namespace herald::testing {
namespace {

/// Sends `raw` bytes as they are and returns everything the server writes
/// back before it closes the connection (at most 10 s).
std::string raw_exchange(std::uint16_t port, const std::string& raw) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(socket, asio::buffer(raw));
  std::string reply;
  auto buffer = asio::dynamic_buffer(reply);
  const auto ec =
      run_with_timeout(io, socket, [&](auto handler) { asio::async_read(socket, buffer, handler); });
  if (ec && ec != asio::error::eof && ec != asio::error::connection_reset)
    ADD_FAILURE() << "reading the reply: " << ec.message();
  return reply;
}

/// The status code of each HTTP response in `reply`, in order.
std::vector<int> statuses(const std::string& reply) {
  std::vector<int> codes;
  for (auto at = reply.find("HTTP/1.1 "); at != std::string::npos; at = reply.find("HTTP/1.1 ", at + 1))
    codes.push_back(std::stoi(reply.substr(at + 9, 3)));
  return codes;
}

const std::string kApiPost =
    "POST /api/v1/notifications HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    "Authorization: Bearer " +
    std::string(kApiKey) +
    "\r\n"
    "Content-Type: application/json\r\n";

TEST_F(ServerTest, ConflictingContentLengthsAre400) {
  start();
  const std::string body = R"({"recipient":"nobody","title":"t"})";
  const auto reply =
      raw_exchange(port(), kApiPost + "Content-Length: 5\r\nContent-Length: " + std::to_string(body.size()) +
                               "\r\n\r\n" + body);
  EXPECT_EQ(statuses(reply), std::vector<int>{400}) << reply;
  EXPECT_EQ(statuses(raw_exchange(port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\na")),
            std::vector<int>{400})
      << "a Content-Length that is not a number";
}

TEST_F(ServerTest, AChunkedBodyGets411) {
  start();
  const std::string body = R"({"recipient":"nobody","title":"t"})";
  std::ostringstream chunked;
  chunked << std::hex << body.size() << "\r\n" << body << "\r\n0\r\n\r\n";
  const auto reply = raw_exchange(port(), kApiPost + "Transfer-Encoding: chunked\r\n\r\n" + chunked.str());
  EXPECT_EQ(statuses(reply), std::vector<int>{411}) << reply;
}

TEST_F(ServerTest, PipelinedRequestsAreRefusedWith400NotDropped) {
  start();
  const std::string one = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const auto reply = raw_exchange(port(), one + one);
  EXPECT_EQ(statuses(reply), std::vector<int>{400}) << reply;
  EXPECT_NE(reply.find("one request per connection"), std::string::npos) << reply;
  EXPECT_EQ(statuses(raw_exchange(port(), one)), std::vector<int>{200}) << "a single request is answered";
}

/// The server's resident memory in KiB (VmRSS of /proc/PID/status).
long resident_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  ADD_FAILURE() << "no VmRSS for " << pid;
  return -1;
}

/// Opens a connection with a tiny receive buffer and asks for `path`; reads
/// nothing, so the server's write of a large file stays in progress.
std::unique_ptr<asio::ip::tcp::socket> non_reading_get(asio::io_context& io, std::uint16_t port,
                                                       const std::string& path) {
  auto socket = std::make_unique<asio::ip::tcp::socket>(io);
  socket->open(asio::ip::tcp::v4());
  socket->set_option(asio::socket_base::receive_buffer_size(4096));
  socket->connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(*socket, asio::buffer("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  return socket;
}

void write_file(const std::filesystem::path& path, std::size_t bytes) {
  std::ofstream(path, std::ios::binary) << std::string(bytes, 'w');
}

TEST_F(ServerTest, PlainHttpConnectionsCountInThePerAddressLimit) {
  write_file(web_ / "big.wasm", 8u << 20);
  start({"--max-connections-per-address", "3"});
  asio::io_context io;
  std::vector<std::unique_ptr<asio::ip::tcp::socket>> downloads;
  for (int i = 0; i < 3; ++i) downloads.push_back(non_reading_get(io, port(), "/big.wasm"));
  EXPECT_EQ(http(port(), beast::http::verb::get, "/healthz").status, 429u);
  downloads.clear();  // their slots come back once the server sees them gone
  unsigned status = 0;
  for (int attempt = 0; attempt < 100 && status != 200; ++attempt) {
    status = http(port(), beast::http::verb::get, "/healthz").status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(status, 200u) << "the slots of finished downloads are given back";
}

TEST_F(ServerTest, DownloadsThatNobodyReadsShareOneCopyOfTheFile) {
  constexpr std::size_t kFileBytes = 4u << 20;
  constexpr int kDownloads = 40;
  write_file(web_ / "big.wasm", kFileBytes);
  start({"--max-connections-per-address", "1000"});
  ASSERT_EQ(http(port(), beast::http::verb::get, "/big.wasm").body.size(), kFileBytes);  // loaded once
  const long before = resident_kib(server_->pid());
  asio::io_context io;
  std::vector<std::unique_ptr<asio::ip::tcp::socket>> downloads;
  for (int i = 0; i < kDownloads; ++i) downloads.push_back(non_reading_get(io, port(), "/big.wasm"));
  // The requests were sent before these: once these are answered, the
  // server has read (and begun answering) the downloads.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(http(port(), beast::http::verb::get, "/healthz").status, 200u);
  const long grown_kib = resident_kib(server_->pid()) - before;
  // A copy per download would be 40 x 4 MiB (160 MiB) or more; one shared
  // buffer costs nothing per download beyond its headers.
  EXPECT_LT(grown_kib, 32 * 1024) << "RSS grew by " << grown_kib << " KiB for " << kDownloads << " downloads";
}

}  // namespace
}  // namespace herald::testing
