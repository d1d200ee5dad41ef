#include "connection.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "herald/pusher/signing.hpp"
#include "measure.hpp"

namespace herald::bench {
namespace asio = boost::asio;
namespace http = boost::beast::http;

Connection::Connection(asio::io_context& io, const Target& target, Listener& listener, int index,
                       std::string token)
    : socket_(io), target_(target), listener_(listener), index_(index), token_(std::move(token)) {}

void Connection::start() {
  socket_.async_connect(target_.endpoint, [self = shared_from_this()](boost::system::error_code ec) {
    if (ec) return self->fail("connect: " + ec.message());
    self->socket_.set_option(asio::ip::tcp::no_delay(true));
    self->handshake();
  });
}

void Connection::handshake() {
  const std::string path = target_.dialect == Dialect::socketio ? "/socket.io/?EIO=4&transport=websocket"
                           : target_.dialect == Dialect::pusher
                               ? "/app/" + target_.pusher_key + "?protocol=7&client=herald-loadgen&version=1.0"
                               : "/";
  auto request = std::make_shared<http::request<http::empty_body>>(http::verb::get, path, 11);
  request->set(http::field::host, target_.endpoint.address().to_string());
  request->set(http::field::upgrade, "websocket");
  request->set(http::field::connection, "Upgrade");
  request->set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");  // the RFC's sample key
  request->set(http::field::sec_websocket_version, "13");
  http::async_write(socket_, *request, [self = shared_from_this(), request](boost::system::error_code ec, std::size_t) {
    if (ec) return self->fail("handshake write: " + ec.message());
    auto buffer = std::make_shared<boost::beast::flat_buffer>();
    auto response = std::make_shared<http::response_parser<http::empty_body>>();
    response->skip(true);  // a 101 response has no body: stop after the headers
    http::async_read_header(
        self->socket_, *buffer, *response,
        [self, buffer, response](boost::system::error_code ec2, std::size_t) {
          if (ec2) return self->fail("handshake read: " + ec2.message());
          if (response->get().result() != http::status::switching_protocols)
            return self->fail("handshake refused: HTTP " + std::to_string(response->get().result_int()));
          if (self->target_.dialect == Dialect::uws) {
            self->ready_ = true;
            self->listener_.on_ready(*self);
          }
          // Bytes after the headers already belong to the WebSocket.
          const auto rest = buffer->data();
          self->parser_.feed(std::string_view(static_cast<const char*>(rest.data()), rest.size()),
                             [&](Opcode op, std::string_view payload) { self->on_frame(op, payload); });
          self->read();
        });
  });
}

void Connection::read() {
  socket_.async_read_some(asio::buffer(read_buffer_),
                          [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                            if (ec) return self->fail("read: " + ec.message());
                            self->parser_.feed(std::string_view(self->read_buffer_.data(), n),
                                               [&](Opcode op, std::string_view payload) {
                                                 self->on_frame(op, payload);
                                               });
                            if (!self->failed_) self->read();
                          });
}

void Connection::on_frame(Opcode opcode, std::string_view payload) {
  switch (opcode) {
    case Opcode::text:
    case Opcode::binary:
      if (target_.dialect == Dialect::socketio && payload == "2") {
        send_text("3");  // Engine.IO 4: the server pings, the client answers
        return;
      }
      if (ready_)
        listener_.on_text(*this, payload);
      else
        greet(payload);
      return;
    case Opcode::ping:
      append_client_frame(out_, Opcode::pong, payload);
      flush();
      return;
    case Opcode::close:
      fail("closed by the server");
      return;
    default:
      return;
  }
}

// The dialect's greeting, up to "ready".
void Connection::greet(std::string_view text) {
  if (target_.dialect == Dialect::herald) {
    if (text.find("\"type\":\"welcome\"") != std::string_view::npos) {
      hello_sent_ns_ = now_ns();
      send_text(R"({"v":1,"type":"hello","token":")" + token_ + "\"}");
    } else if (text.find("\"type\":\"ready\"") != std::string_view::npos) {
      ready_frame_bytes_ = text.size();
      ready_ = true;
      listener_.on_ready(*this);
    } else if (text.find("\"type\":\"error\"") != std::string_view::npos) {
      fail("sign-in refused: " + std::string(text.substr(0, 200)));
    }
  } else if (target_.dialect == Dialect::pusher) {
    greet_pusher(text);
  } else if (target_.dialect == Dialect::socketio) {
    if (text.size() >= 2 && text.substr(0, 2) == "40") {
      ready_ = true;
      listener_.on_ready(*this);
    } else if (!text.empty() && text[0] == '0') {
      send_text("40");
    }
  }
}

void Connection::greet_pusher(std::string_view text) {
  const auto frame = nlohmann::json::parse(text, nullptr, false);
  if (!frame.is_object() || !frame.contains("event")) return fail("not a Pusher frame: " + std::string(text));
  const auto event = frame["event"].get<std::string>();
  if (event == "pusher:connection_established") {
    const auto data = nlohmann::json::parse(frame["data"].get<std::string>());
    const auto socket_id = data["socket_id"].get<std::string>();
    const nlohmann::json subscribe = {
        {"event", "pusher:subscribe"},
        {"data",
         {{"channel", kPusherChannel},
          {"auth", pusher::sign_channel({target_.pusher_key, target_.pusher_secret}, socket_id, kPusherChannel)}}}};
    send_text(subscribe.dump());
  } else if (event == "pusher_internal:subscription_succeeded") {
    ready_ = true;
    listener_.on_ready(*this);
  } else if (event == "pusher:error" || event == "pusher:subscription_error") {
    fail("refused: " + std::string(text.substr(0, 200)));
  }
}

void Connection::publish(std::string_view text) {
  if (target_.dialect == Dialect::pusher) {
    // The generator's texts need no JSON escaping.
    std::string frame;
    frame.reserve(text.size() + 64);
    frame.append(R"({"event":"client-pub","channel":")").append(kPusherChannel).append(R"(","data":")");
    frame.append(text).append("\"}");
    send_text(frame);
  } else if (target_.dialect == Dialect::socketio) {
    // 42["pub","<text>"]: the generator's texts need no JSON escaping.
    std::string packet;
    packet.reserve(text.size() + 12);
    packet.append("42[\"pub\",\"").append(text).append("\"]");
    send_text(packet);
  } else {
    send_text(text);
  }
}

void Connection::send_text(std::string_view text) {
  append_client_frame(out_, Opcode::text, text);
  flush();
}

void Connection::flush() {
  if (write_busy_ || out_.empty() || failed_) return;
  write_busy_ = true;
  writing_.swap(out_);
  asio::async_write(socket_, asio::buffer(writing_),
                    [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                      self->write_busy_ = false;
                      self->writing_.clear();
                      if (ec) return self->fail("write: " + ec.message());
                      self->flush();
                    });
}

void Connection::close() {
  failed_ = true;
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

void Connection::fail(const std::string& why) {
  if (failed_) return;
  failed_ = true;
  boost::system::error_code ignored;
  socket_.close(ignored);
  listener_.on_failed(*this, why);
}

}  // namespace herald::bench
