// The WebSocket framing the load generator needs, and nothing more: client
// frames (masked, RFC 6455 5.3) and an incremental parser for server frames
// (never masked). Written by hand because the generator must receive several
// hundred thousand small frames per second on one core; a general client
// library spends more per frame than the servers under test do. The opening
// handshake is not here: it uses Boost.Beast's HTTP parser.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace herald::bench {

enum class Opcode : std::uint8_t { continuation = 0, text = 1, binary = 2, close = 8, ping = 9, pong = 10 };

/// Appends one final, masked client frame to `out`. The masking key is zero:
/// allowed by the RFC for a client that is not a browser (the key protects
/// proxies from browser-scripted payloads), and it leaves the payload as is.
void append_client_frame(std::string& out, Opcode opcode, std::string_view payload);

/// Splits received bytes into frames. Feed it what the socket read; it
/// calls `on_frame(opcode, payload)` for every complete frame and keeps the
/// incomplete tail for the next call. Fragmented messages are reassembled.
class FrameParser {
 public:
  template <class OnFrame>
  void feed(std::string_view bytes, OnFrame&& on_frame);

 private:
  std::string pending_;  // bytes of an incomplete frame
  std::string fragments_;
  Opcode fragmented_opcode_ = Opcode::text;
};

/// Parses one frame at the start of `bytes`: its total size (0 when
/// incomplete), opcode, FIN bit and payload.
struct FrameView {
  std::size_t size = 0;
  Opcode opcode = Opcode::text;
  bool fin = true;
  std::string_view payload;
};
FrameView parse_server_frame(std::string_view bytes);

template <class OnFrame>
void FrameParser::feed(std::string_view bytes, OnFrame&& on_frame) {
  std::string_view data = bytes;
  if (!pending_.empty()) {
    pending_.append(bytes);
    data = pending_;
  }
  std::size_t used = 0;
  for (;;) {
    const FrameView frame = parse_server_frame(data.substr(used));
    if (frame.size == 0) break;
    used += frame.size;
    if (frame.opcode == Opcode::continuation || !frame.fin) {
      if (frame.opcode != Opcode::continuation) {
        fragments_.clear();
        fragmented_opcode_ = frame.opcode;
      }
      fragments_.append(frame.payload);
      if (frame.fin) on_frame(fragmented_opcode_, std::string_view(fragments_));
      continue;
    }
    on_frame(frame.opcode, frame.payload);
  }
  std::string rest(data.substr(used));
  pending_ = std::move(rest);
}

}  // namespace herald::bench
