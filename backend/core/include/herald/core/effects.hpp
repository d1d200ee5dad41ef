// The ports through which core acts on the world without knowing it: the
// connections (Outbound) and time (Clock), shared with the other doors in
// runtime, and slow CPU work (BlockingRunner). The transport implements
// Outbound; tests implement all three in memory.
#pragma once

#include <functional>

#include "herald/runtime/connection.hpp"

namespace herald::core {

using runtime::Clock;
using runtime::ConnectionId;
using runtime::Frame;
using runtime::make_frame;
using runtime::Outbound;

/// Runs CPU-heavy work (password hashing) off the event loop, then `done` on
/// the event loop.
class BlockingRunner {
 public:
  virtual ~BlockingRunner() = default;
  virtual void run(std::function<void()> work, std::function<void()> done) = 0;
};

}  // namespace herald::core
