#include <charconv>

#include "herald/bench/bench_users.hpp"
#include "scenario.hpp"

namespace herald::bench {

void Fleet::open(int first, int count, std::function<void()> all_ready) {
  first_ = first;
  count_ = count;
  all_ready_ = std::move(all_ready);
  launch_more();
}

void Fleet::launch_more() {
  while (launched_ < count_ && in_flight_ < options_.concurrency) {
    const int index = first_ + launched_++;
    auto c = std::make_shared<Connection>(io_, options_.target, listener_, index, bench_token(index));
    connections_.push_back(c);
    ++in_flight_;
    c->start();
  }
}

void Fleet::ready(Connection&) {
  --in_flight_;
  ++ready_;
  if (ready_ + failures_ == count_) {
    if (all_ready_) std::exchange(all_ready_, nullptr)();
  } else {
    launch_more();
  }
}

void Fleet::failed(Connection& c, const std::string& why) {
  if (!c.ready()) --in_flight_;
  if (++failures_ <= 5) std::fprintf(stderr, "connection %d failed: %s\n", c.index(), why.c_str());
  if (ready_ + failures_ == count_ && all_ready_) std::exchange(all_ready_, nullptr)();
  launch_more();
}

void Fleet::close_all() {
  for (auto& c : connections_) c->close();
}

std::string stamped_text(std::int64_t send_ns, std::int64_t seq, int size) {
  std::string text = "@@" + std::to_string(send_ns) + ":" + std::to_string(seq) + "@@";
  if (static_cast<int>(text.size()) < size) text.append(static_cast<std::size_t>(size) - text.size(), 'x');
  return text;
}

bool read_stamp(std::string_view text, std::int64_t& send_ns, std::int64_t& seq) {
  const auto at = text.find("@@");
  if (at == std::string_view::npos) return false;
  const char* p = text.data() + at + 2;
  const char* end = text.data() + text.size();
  auto r = std::from_chars(p, end, send_ns);
  if (r.ec != std::errc() || r.ptr == end || *r.ptr != ':') return false;
  r = std::from_chars(r.ptr + 1, end, seq);
  return r.ec == std::errc();
}

}  // namespace herald::bench
