// A WebSocket client on a bare POSIX socket, for tests of how the server
// ends connections: it writes frames exactly as told (in one write, while
// another thread reads) and tells a clean end of TCP (FIN) from a reset,
// which Beast's stream reports alike.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>

namespace herald::testing {

class RawWsClient {
 public:
  /// How a read ended when it returned no frame.
  enum class End { none, eof, reset, timeout, error };
  struct Frame {
    int opcode = -1;  // -1: no frame, see `end`
    std::string payload;
    End end = End::none;
    /// The close code of a close frame (0 when it carries none).
    std::uint16_t close_code() const {
      if (payload.size() < 2) return 0;
      return static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                        static_cast<unsigned char>(payload[1]));
    }
  };

  /// Connects and upgrades; every read and write times out after 10 s.
  explicit RawWsClient(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval timeout{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                 write_all("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n") &&
                 read_upgrade_response();
  }
  ~RawWsClient() { ::close(fd_); }
  RawWsClient(const RawWsClient&) = delete;
  RawWsClient& operator=(const RawWsClient&) = delete;

  bool connected() const { return connected_; }

  /// A client frame (masked with a zero key, which leaves the payload as is).
  static std::string frame(const std::string& payload, int opcode = 0x1) {
    std::string out(1, static_cast<char>(0x80 | opcode));
    const std::uint64_t size = payload.size();
    if (size < 126) {
      out += static_cast<char>(0x80 | size);
    } else if (size <= 0xFFFF) {
      out += static_cast<char>(0x80 | 126);
      for (int shift = 8; shift >= 0; shift -= 8) out += static_cast<char>((size >> shift) & 0xFF);
    } else {
      out += static_cast<char>(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((size >> shift) & 0xFF);
    }
    out.append(4, '\0');
    return out + payload;
  }

  /// Writes all of `bytes`; false when the connection failed first.
  bool write_all(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const auto n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }

  /// Sends FIN: this client writes nothing more.
  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

  /// The next server frame, or how the connection ended.
  Frame next() {
    Frame f;
    if (!fill(2, f)) return f;
    f.opcode = static_cast<unsigned char>(inbox_[0]) & 0x0F;
    std::uint64_t size = static_cast<unsigned char>(inbox_[1]) & 0x7F;
    std::size_t header = 2;
    const std::size_t extra = size == 126 ? 2 : size == 127 ? 8 : 0;
    if (extra > 0) {
      if (!fill(2 + extra, f)) return f;
      size = 0;
      for (std::size_t i = 0; i < extra; ++i) size = (size << 8) | static_cast<unsigned char>(inbox_[2 + i]);
      header += extra;
    }
    if (!fill(header + size, f)) return f;
    f.payload = inbox_.substr(header, size);
    inbox_.erase(0, header + size);
    return f;
  }

 private:
  /// Reads until the inbox holds `count` bytes; on failure marks `f` ended.
  bool fill(std::size_t count, Frame& f) {
    char buffer[65536];
    while (inbox_.size() < count) {
      const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n > 0) {
        inbox_.append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      f.opcode = -1;
      f.end = n == 0                                    ? End::eof
              : errno == ECONNRESET                     ? End::reset
              : (errno == EAGAIN || errno == EWOULDBLOCK) ? End::timeout
                                                        : End::error;
      return false;
    }
    return true;
  }

  bool read_upgrade_response() {
    Frame ignored;
    for (std::size_t want = 1;; ++want) {
      if (!fill(want, ignored)) return false;
      const auto end = inbox_.find("\r\n\r\n");
      if (end != std::string::npos) {
        const bool switched = inbox_.compare(0, 12, "HTTP/1.1 101") == 0;
        inbox_.erase(0, end + 4);
        return switched;
      }
      want = inbox_.size();
    }
  }

  int fd_;
  bool connected_ = false;
  std::string inbox_;  // bytes received and not yet returned as frames
};

}  // namespace herald::testing
