#include <chrono>

#include "frame_clock.hpp"

namespace herald::platform {

double now_ms() {
  const auto since_epoch = std::chrono::steady_clock::now().time_since_epoch();
  return std::chrono::duration<double, std::milli>(since_epoch).count();
}

}  // namespace herald::platform
