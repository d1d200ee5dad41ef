#include "ws_wire.hpp"

namespace herald::bench {

void append_client_frame(std::string& out, Opcode opcode, std::string_view payload) {
  out.push_back(static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode)));
  const std::uint64_t size = payload.size();
  if (size < 126) {
    out.push_back(static_cast<char>(0x80 | size));
  } else if (size <= 0xffff) {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>(size >> 8));
    out.push_back(static_cast<char>(size & 0xff));
  } else {
    out.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((size >> shift) & 0xff));
  }
  out.append(4, '\0');  // the zero masking key
  out.append(payload);
}

FrameView parse_server_frame(std::string_view bytes) {
  FrameView frame;
  if (bytes.size() < 2) return frame;
  const auto b0 = static_cast<std::uint8_t>(bytes[0]);
  const auto b1 = static_cast<std::uint8_t>(bytes[1]);
  std::size_t header = 2;
  std::uint64_t length = b1 & 0x7f;
  if (length == 126) {
    if (bytes.size() < 4) return frame;
    length = (static_cast<std::uint64_t>(static_cast<std::uint8_t>(bytes[2])) << 8) |
             static_cast<std::uint8_t>(bytes[3]);
    header = 4;
  } else if (length == 127) {
    if (bytes.size() < 10) return frame;
    length = 0;
    for (int i = 2; i < 10; ++i) length = (length << 8) | static_cast<std::uint8_t>(bytes[i]);
    header = 10;
  }
  if ((b1 & 0x80) != 0) header += 4;  // a masked server frame is a protocol error; skip the key
  if (bytes.size() < header + length) return frame;
  frame.size = header + length;
  frame.fin = (b0 & 0x80) != 0;
  frame.opcode = static_cast<Opcode>(b0 & 0x0f);
  frame.payload = bytes.substr(header, length);
  return frame;
}

}  // namespace herald::bench
