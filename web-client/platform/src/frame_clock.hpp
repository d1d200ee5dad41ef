// Milliseconds on a monotonic clock, and ImGui's DeltaTime from them.
#pragma once

namespace herald::platform {

/// performance.now() in the browser, steady_clock natively.
double now_ms();

/// Seconds between two frames for io.DeltaTime, which ImGui requires to be
/// positive (two frames can share a clock tick).
inline float frame_delta_seconds(double previous_ms, double now) {
  const double seconds = (now - previous_ms) / 1000.0;
  return seconds > 1e-4 ? static_cast<float>(seconds) : 1e-4f;
}

}  // namespace herald::platform
