// Socket in the browser: the page's WebSocket through <emscripten/websocket.h>
// (link with -lwebsocket.js). The browser calls the handlers from its event
// loop on the main thread, between frames, so they call the Socket's
// callbacks directly and poll_events() has nothing to do.
#include <emscripten/emscripten.h>
#include <emscripten/websocket.h>

#include <utility>

#include "herald/platform/platform.hpp"
#include "socket_rules.hpp"

namespace herald::platform {
namespace {

enum class State { closed, connecting, open, closing };

}  // namespace

struct Socket::Impl {
  Socket* owner = nullptr;
  State state = State::closed;
  EMSCRIPTEN_WEBSOCKET_T socket = 0;  // 0: none

  // Forgets the browser socket and its handlers (which point at this Impl).
  void release() {
    if (socket <= 0) return;
    emscripten_websocket_delete(socket);
    socket = 0;
  }

  static EM_BOOL handle_open(int, const EmscriptenWebSocketOpenEvent*, void* user) {
    auto& self = *static_cast<Impl*>(user);
    if (self.state != State::connecting) return EM_TRUE;  // close() came first
    self.state = State::open;
    if (self.owner->on_open) self.owner->on_open();
    return EM_TRUE;
  }

  static EM_BOOL handle_message(int, const EmscriptenWebSocketMessageEvent* event, void* user) {
    auto& self = *static_cast<Impl*>(user);
    if (self.state != State::open && self.state != State::closing) return EM_TRUE;
    std::size_t size = event->numBytes;
    // Text arrives as UTF-8 with a terminating NUL counted in numBytes.
    if (event->isText && size > 0) --size;
    std::string text(reinterpret_cast<const char*>(event->data), size);
    if (self.owner->on_message) self.owner->on_message(std::move(text));
    return EM_TRUE;
  }

  static EM_BOOL handle_error(int, const EmscriptenWebSocketErrorEvent*, void* user) {
    auto& self = *static_cast<Impl*>(user);
    // Browsers give no detail on purpose (it would leak network information).
    if (self.owner->on_error) self.owner->on_error("WebSocket error");
    return EM_TRUE;
  }

  static EM_BOOL handle_close(int, const EmscriptenWebSocketCloseEvent* event, void* user) {
    auto& self = *static_cast<Impl*>(user);
    self.state = State::closed;
    self.release();
    std::string reason(event->reason);
    if (self.owner->on_close) self.owner->on_close(event->code, std::move(reason));
    return EM_TRUE;
  }
};

Socket::Socket() : impl_(std::make_shared<Impl>()) {
  impl_->owner = this;
}

Socket::~Socket() {
  if (impl_->socket > 0 && impl_->state != State::closed) {
    emscripten_websocket_close(impl_->socket, 1000, "going away");
  }
  impl_->release();
}

bool Socket::connect(const std::string& url) {
  Impl& impl = *impl_;
  if (impl.state != State::closed || !is_websocket_url(url, true) || !emscripten_websocket_is_supported()) {
    return false;
  }
  EmscriptenWebSocketCreateAttributes attributes;
  emscripten_websocket_init_create_attributes(&attributes);
  attributes.url = url.c_str();
  attributes.protocols = nullptr;
  attributes.createOnMainThread = EM_TRUE;
  const EMSCRIPTEN_WEBSOCKET_T socket = emscripten_websocket_new(&attributes);
  if (socket <= 0) return false;
  impl.socket = socket;
  impl.state = State::connecting;
  void* user = impl_.get();
  emscripten_websocket_set_onopen_callback(socket, user, &Impl::handle_open);
  emscripten_websocket_set_onmessage_callback(socket, user, &Impl::handle_message);
  emscripten_websocket_set_onerror_callback(socket, user, &Impl::handle_error);
  emscripten_websocket_set_onclose_callback(socket, user, &Impl::handle_close);
  return true;
}

bool Socket::send(const std::string& text) {
  if (impl_->state != State::open) return false;
  return emscripten_websocket_send_utf8_text(impl_->socket, text.c_str()) == EMSCRIPTEN_RESULT_SUCCESS;
}

void Socket::close(std::uint16_t code, const std::string& reason) {
  Impl& impl = *impl_;
  if (impl.state == State::closed || impl.state == State::closing) return;
  impl.state = State::closing;
  emscripten_websocket_close(impl.socket, sendable_close_code(code), sendable_close_reason(reason).c_str());
}

bool Socket::open() const {
  return impl_->state == State::open;
}

void poll_events() {}

std::string default_server_url() {
  // The page's own origin: ws:// next to http://, wss:// next to https://.
  const char* url = emscripten_run_script_string(
      "(location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/'");
  return url != nullptr ? std::string(url) : std::string("ws://127.0.0.1:8080/");
}

}  // namespace herald::platform
