// The web client's platform layer: one header, one implementation file per
// platform, chosen in CMake (web-client/platform/CMakeLists.txt):
//
//   emscripten  browser WebSocket (<emscripten/websocket.h>), GLFW + WebGL 2
//               through Emscripten, emscripten_set_main_loop_arg
//   desktop     websocketpp client on a background Asio thread, GLFW + OpenGL 3
//   headless    the same websocketpp client, Dear ImGui's null backend (no
//               window, no renderer): smoke tests and scripted runs
//
// Everything here is used from one thread, the UI (main) thread. Socket
// callbacks are delivered on that thread only: in the browser by the event
// loop between frames, natively by poll_events(), which run_app calls once per
// frame.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace herald::platform {

/// A client WebSocket connection with browser semantics on every platform:
/// connect() starts connecting and returns; then exactly one of
///   on_open ... on_message* ... on_close(code, reason)     or
///   on_error(description), on_close(1006, "")               (could not connect)
/// follows, delivered on the UI thread. on_close is the last callback of a
/// connection and always comes (code 1006 when the connection was lost without
/// a close frame). A Socket can connect again after on_close.
///
/// Callbacks may be replaced at any time between events; destroying the Socket
/// from inside one of its callbacks is not allowed. Destroying an open Socket
/// closes it without delivering further callbacks (natively with 1001 "going
/// away"; the browser lets pages send only 1000 or 3000-4999, so 1000 there).
class Socket {
 public:
  std::function<void()> on_open;
  std::function<void(std::string text)> on_message;
  std::function<void(std::uint16_t code, std::string reason)> on_close;
  std::function<void(std::string description)> on_error;

  Socket();
  ~Socket();
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  /// Starts connecting to a ws:// URL (wss:// in the browser only). Returns
  /// false, with no callbacks, when the socket is not closed (connecting, open
  /// or closing) or the URL is not ws:// or wss://; the outcome of a started
  /// connection (including DNS and TCP failures) comes through the callbacks.
  bool connect(const std::string& url);

  /// Queues one text frame. Returns false (and sends nothing) unless open().
  bool send(const std::string& text);

  /// Starts the closing handshake; on_close follows. `code` must be 1000 or
  /// 3000-4999 (what browsers allow); anything else is sent as 1000. `reason`
  /// is cut to 123 bytes (at a UTF-8 boundary). No-op when already closed.
  void close(std::uint16_t code = 1000, const std::string& reason = "");

  /// True between on_open and on_close (or close()).
  bool open() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

/// Delivers the Socket events that arrived since the last call (native: they
/// are queued by the network thread; browser: no-op, the browser delivers
/// them itself). run_app calls it once per frame; code that drives sockets
/// without run_app (tests) calls it in its own loop.
void poll_events();

/// The server a client connects to when none is given: in the browser the
/// page's own origin (ws:// for http pages, wss:// for https), natively
/// ws://127.0.0.1:8080/.
std::string default_server_url();

struct AppConfig {
  std::string title = "Herald";
  /// Desktop: initial window size; headless: the fixed display size. The
  /// browser ignores both: the canvas fills the page.
  int width = 1280;
  int height = 800;
  /// Stop after this many frames (0: run until the window closes or
  /// request_quit()). Headless runs need a limit or request_quit().
  int max_frames = 0;
  /// Headless only: the shortest time between two frames, so a scripted run
  /// gives the network time (0: frames back to back).
  double headless_frame_interval_ms = 0;
};

/// Draws one Dear ImGui frame: called between NewFrame and Render, with the
/// time in milliseconds on a monotonic clock (performance.now() in the
/// browser, steady_clock natively).
using FrameCallback = std::function<void(double now_ms)>;

/// Creates the window (or the null backend), the ImGui context and the fonts
/// (load_fonts at the display's scale), then calls `frame` once per frame.
/// Returns the exit code once the loop ends (0 on success, 1 when no window
/// or GL context could be created). In the browser it does not return: it
/// hands the loop to the browser (emscripten_set_main_loop_arg), so `frame`
/// must own (or reach through static storage) everything it uses, never
/// objects on the caller's stack.
int run_app(const AppConfig& config, FrameCallback frame);

/// Ends run_app after the current frame (the browser stops drawing).
void request_quit();

/// A small persistent setting (the session token): localStorage in the
/// browser; natively a file under $XDG_CONFIG_HOME/herald (or
/// ~/.config/herald), or nowhere when HERALD_NO_SETTINGS is set (tests).
/// Returns "" when the key was never saved.
std::string load_setting(const std::string& key);
void save_setting(const std::string& key, const std::string& value);

/// Replaces the fonts of the current ImGui context with DejaVu Sans at
/// 16 px x `scale`, with glyphs for Latin (with Latin Extended-A/B: Polish,
/// Czech, ...), Cyrillic and Greek. Reads
/// /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf (Debian fonts-dejavu-core;
/// the browser build embeds the file at the same path). Falls back to ImGui's
/// built-in ASCII font, with a message on stderr, when the file is missing.
/// Needs a current ImGui context; the renderer's font texture must be rebuilt
/// afterwards (run_app does that when the display scale changes).
void load_fonts(float scale);

/// The font file load_fonts reads.
inline constexpr const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

}  // namespace herald::platform
