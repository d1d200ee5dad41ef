#include "scripted_server.hpp"

#include <algorithm>
#include <cctype>
#include <type_traits>

#include <openssl/ssl.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace herald::webhooks::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

bool equals_nocase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

struct SessionBase {
  virtual ~SessionBase() = default;
  virtual void close() = 0;
};

}  // namespace

std::string Received::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (equals_nocase(n, name)) return v;
  }
  return {};
}

std::size_t Received::count(std::string_view name) const {
  return static_cast<std::size_t>(std::count_if(headers.begin(), headers.end(),
                                                [&](const auto& h) { return equals_nocase(h.first, name); }));
}

struct ScriptedServer::State : std::enable_shared_from_this<State> {
  State(asio::io_context& context, std::vector<Answer> answers, asio::ssl::context* tls_context)
      : io(context), acceptor(context), script(std::move(answers)), tls(tls_context) {}

  Answer answer_for(std::size_t index) const {
    if (script.empty()) return Answer{};
    return script[std::min(index, script.size() - 1)];
  }

  void accept();

  asio::io_context& io;
  tcp::acceptor acceptor;
  std::vector<Answer> script;
  asio::ssl::context* tls;
  std::vector<Received> received;
  std::size_t accepted = 0;
  std::function<void(const Received&)> hook;
  std::vector<std::shared_ptr<SessionBase>> held;  // hanging connections, closed by stop()
  bool stopped = false;
};

namespace {

template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  template <class... Args>
  Session(std::shared_ptr<ScriptedServer::State> state, Args&&... args)
      : state_(std::move(state)), stream_(std::forward<Args>(args)...) {}

  void start() {
    if constexpr (kTls) {
      stream_.async_handshake(
          asio::ssl::stream_base::server, [self = this->shared_from_this()](error_code error) {
            if (error) return;
            const char* name = SSL_get_servername(self->stream_.native_handle(), TLSEXT_NAMETYPE_host_name);
            self->sni_ = name ? name : "";
            self->read();
          });
    } else {
      read();
    }
  }

  void close() override {
    error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
  }

 private:
  void read() {
    http::async_read(
        stream_, buffer_, request_,
        [self = this->shared_from_this()](error_code error, std::size_t) { self->on_read(error); });
  }

  void on_read(error_code error) {
    if (error || state_->stopped) return;
    Received r;
    r.method = std::string(request_.method_string());
    r.target = std::string(request_.target());
    for (const auto& field : request_) r.headers.emplace_back(field.name_string(), field.value());
    r.body = request_.body();
    r.sni = sni_;
    r.at = std::chrono::steady_clock::now();
    const auto answer = state_->answer_for(state_->received.size());
    state_->received.push_back(r);
    if (state_->hook) state_->hook(r);
    if (state_->stopped) return close();
    if (answer.hang) {
      state_->held.push_back(this->shared_from_this());
      return;
    }
    response_.result(answer.status);
    response_.version(11);
    response_.set(http::field::connection, "close");
    // 204 and 304 answers must not have a body (Beast enforces it).
    if (answer.status != 204 && answer.status != 304) response_.body() = "scripted answer";
    response_.prepare_payload();
    http::async_write(stream_, response_,
                      [self = this->shared_from_this()](error_code, std::size_t) { self->close(); });
  }

  std::shared_ptr<ScriptedServer::State> state_;
  Stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  std::string sni_;
};

}  // namespace

void ScriptedServer::State::accept() {
  acceptor.async_accept([self = shared_from_this()](error_code error, tcp::socket socket) {
    if (error || self->stopped) return;
    ++self->accepted;
    if (self->tls) {
      auto session = std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(
          self, beast::tcp_stream(std::move(socket)), *self->tls);
      session->start();
    } else {
      auto session = std::make_shared<Session<beast::tcp_stream>>(self, std::move(socket));
      session->start();
    }
    self->accept();
  });
}

ScriptedServer::ScriptedServer(asio::io_context& io, std::vector<Answer> script, asio::ssl::context* tls)
    : state_(std::make_shared<State>(io, std::move(script), tls)) {
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  state_->acceptor.open(endpoint.protocol());
  state_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  state_->acceptor.bind(endpoint);
  state_->acceptor.listen();
  port_ = state_->acceptor.local_endpoint().port();
  state_->accept();
}

ScriptedServer::~ScriptedServer() {
  stop();
}

std::uint16_t ScriptedServer::port() const {
  return port_;
}

std::string ScriptedServer::url(std::string_view path, std::string_view host) const {
  return std::string(state_->tls ? "https://" : "http://") + std::string(host) + ":" + std::to_string(port_) +
         std::string(path);
}

const std::vector<Received>& ScriptedServer::received() const {
  return state_->received;
}

std::size_t ScriptedServer::accepted() const {
  return state_->accepted;
}

void ScriptedServer::on_request(std::function<void(const Received&)> hook) {
  state_->hook = std::move(hook);
}

void ScriptedServer::stop() {
  if (state_->stopped) return;
  state_->stopped = true;
  error_code ignored;
  state_->acceptor.close(ignored);
  for (auto& session : state_->held) session->close();
  state_->held.clear();
}

std::uint16_t closed_port() {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

}  // namespace herald::webhooks::testing
