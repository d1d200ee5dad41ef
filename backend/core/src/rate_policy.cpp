#include "herald/core/rate_policy.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <iterator>
#include <stdexcept>

#include "herald/core/service_config.hpp"
#include "herald/protocol/codec.hpp"

namespace herald::core {
namespace {

std::size_t kind_index(std::string_view type) {
  static const auto names = protocol::client_message_types();
  const auto it = std::find(names.begin(), names.end(), type);
  return it == names.end() ? kClientKinds : static_cast<std::size_t>(it - names.begin());
}

std::string format(const RateLimit& limit) {
  char text[64];
  std::snprintf(text, sizeof text, "%g/%g", limit.burst, limit.per_second);
  return text;
}

bool parse_positive(std::string_view text, double& out) {
  const auto* end = text.data() + text.size();
  const auto [stop, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && stop == end && out > 0;
}

// Defaults, by what a kind costs the server and how often a person does it.
struct DefaultRates {
  std::string_view type;
  KindRates rates;
};
constexpr RateLimit kChatty{30, 10};   // sends: a fast typist with paste bursts
constexpr RateLimit kChattyUser{60, 20};
constexpr RateLimit kRead{30, 10};     // page fetches and searches hit the database
constexpr RateLimit kReadUser{60, 20};
constexpr RateLimit kMark{60, 30};     // read marks follow scrolling
constexpr RateLimit kMarkUser{120, 60};
constexpr RateLimit kRoomChange{10, 1};  // membership changes fan out to whole rooms
constexpr RateLimit kRoomChangeUser{20, 2};
constexpr RateLimit kSession{10, 1};   // hello, sign-in, register, sign-out
constexpr DefaultRates kDefaults[] = {
    {"hello", {kSession, kSession}},
    {"register", {kSession, kSession}},
    {"sign_in", {kSession, kSession}},
    {"sign_out", {kSession, kSession}},
    {"message.send", {kChatty, kChattyUser}},
    {"history.fetch", {kRead, kReadUser}},
    {"conversations.fetch", {kRead, kReadUser}},
    {"read.mark", {kMark, kMarkUser}},
    {"notifications.fetch", {kRead, kReadUser}},
    {"notification.mark_read", {kMark, kMarkUser}},
    {"notification.mark_all_read", {kRead, kReadUser}},
    {"notification.send", {kChatty, kChattyUser}},
    {"typing", {{10, 3}, {20, 6}}},
    {"presence.set", {{5, 1}, {10, 2}}},
    {"room.create", {{5, 0.2}, {10, 0.5}}},
    {"room.join", {kRoomChange, kRoomChangeUser}},
    {"room.leave", {kRoomChange, kRoomChangeUser}},
    {"room.invite", {kRoomChange, kRoomChangeUser}},
    {"room.members", {kRead, kReadUser}},
    {"rooms.fetch", {kRead, kReadUser}},
    {"users.search", {kRead, kReadUser}},
    {"ping", {{20, 5}, {40, 10}}},
};

}  // namespace

bool parse_rate_limit(std::string_view text, RateLimit& out) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  RateLimit parsed;
  if (!parse_positive(text.substr(0, slash), parsed.burst) ||
      !parse_positive(text.substr(slash + 1), parsed.per_second) || parsed.burst < 1)
    return false;
  out = parsed;
  return true;
}

RatePolicy::RatePolicy() {
  static_assert(std::size(kDefaults) == kClientKinds, "every client message kind needs default rates");
  for (const auto& d : kDefaults) {
    const auto index = kind_index(d.type);
    if (index == kClientKinds) throw std::logic_error("rate defaults name an unknown type");
    rates_[index] = d.rates;
  }
}

const KindRates& RatePolicy::of(std::string_view type) const {
  const auto index = kind_index(type);
  if (index == kClientKinds) throw std::out_of_range("unknown message type " + std::string(type));
  return rates_[index];
}

std::string RatePolicy::set(std::string_view assignment) {
  const auto eq = assignment.find('=');
  const auto name = assignment.substr(0, eq);
  const auto dot = name.rfind('.');
  if (eq == std::string_view::npos || dot == std::string_view::npos)
    return "expected NAME=BURST/PER_SECOND, e.g. message.send.user=60/20";
  const auto index = kind_index(name.substr(0, dot));
  const auto scope = name.substr(dot + 1);
  if (index == kClientKinds || (scope != "connection" && scope != "user"))
    return "unknown limit '" + std::string(name) + "' (<type>.connection or <type>.user)";
  RateLimit limit;
  if (!parse_rate_limit(assignment.substr(eq + 1), limit))
    return "'" + std::string(assignment.substr(eq + 1)) + "' is not BURST/PER_SECOND with BURST >= 1";
  (scope == "user" ? rates_[index].per_user : rates_[index].per_connection) = limit;
  return {};
}

std::vector<std::string> RatePolicy::describe() const {
  std::vector<std::string> out;
  const auto names = protocol::client_message_types();
  for (std::size_t i = 0; i < kClientKinds; ++i) {
    out.push_back(std::string(names[i]) + ".connection=" + format(rates_[i].per_connection));
    out.push_back(std::string(names[i]) + ".user=" + format(rates_[i].per_user));
  }
  return out;
}

bool UserRates::take(protocol::UserId user, std::size_t kind, protocol::Timestamp now_ms) {
  if (buckets_.size() >= max_users_ && buckets_.find(user) == buckets_.end()) prune(now_ms);
  return buckets_[user][kind].take(policy_.of(kind).per_user, now_ms);
}

void UserRates::prune(protocol::Timestamp now_ms) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    bool all_full = true;
    for (std::size_t kind = 0; kind < kClientKinds && all_full; ++kind)
      all_full = it->second[kind].full(policy_.of(kind).per_user, now_ms);
    it = all_full ? buckets_.erase(it) : std::next(it);
  }
}

std::string set_rate_limit(ServiceConfig& config, std::string_view assignment) {
  const auto eq = assignment.find('=');
  const auto name = assignment.substr(0, eq);
  RateLimit* special = name == "frames.connection"  ? &config.frames_per_connection
                       : name == "sign_in.account"  ? &config.sign_in_per_account
                       : name == "sign_in.address"  ? &config.sign_in_per_address
                       : name == "register.address" ? &config.register_per_address
                                                    : nullptr;
  if (special == nullptr) return config.rates.set(assignment);
  if (eq == std::string_view::npos || !parse_rate_limit(assignment.substr(eq + 1), *special))
    return "expected " + std::string(name) + "=BURST/PER_SECOND with BURST >= 1";
  return {};
}

}  // namespace herald::core
