// The ports through which a door acts on connections and time without
// knowing the transport: connection ids, shared frames, Outbound, Clock.
// The transport implements Outbound; tests implement both in memory.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "herald/protocol/records.hpp"

namespace herald::runtime {

/// Opaque handle of one WebSocket connection, unique for the process lifetime.
using ConnectionId = std::uint64_t;

/// An encoded frame, shared by every connection it is sent to: a fanned-out
/// message is serialized once.
using Frame = std::shared_ptr<const std::string>;

inline Frame make_frame(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

class Outbound {
 public:
  virtual ~Outbound() = default;
  /// Queues `frame` as a text message. Unknown or closed ids are ignored.
  virtual void send(ConnectionId id, const Frame& frame) = 0;
  /// Flow control for long streams (the replay on resume): false when the
  /// connection's send queue is (nearly) empty, so more may be sent now;
  /// true when it is not: the transport then calls the door's on_drained(id)
  /// once, after the queue drained. Doors never poll.
  virtual bool notify_when_drained(ConnectionId /*id*/) { return false; }
  /// Closes with a WebSocket close code (RFC 6455 / 4000-4999 for a door's own).
  virtual void close(ConnectionId id, std::uint16_t code, const std::string& reason) = 0;
};

class Clock {
 public:
  virtual ~Clock() = default;
  virtual protocol::Timestamp now_ms() const = 0;
};

}  // namespace herald::runtime
