#include "herald/pusher/socket_id.hpp"

#include <charconv>

namespace herald::pusher {
namespace {

constexpr std::size_t kMaxDigits = 20;  // a uint64 has at most 20

bool all_digits(std::string_view text) noexcept {
  if (text.empty() || text.size() > kMaxDigits) return false;
  for (const char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

/// Digits to a number; nullopt on overflow and on a leading zero, so that
/// only the canonical spelling of a socket id names a connection.
std::optional<std::uint64_t> to_u64(std::string_view digits) noexcept {
  if (digits.size() > 1 && digits[0] == '0') return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

}  // namespace

bool is_valid_socket_id(std::string_view socket_id) noexcept {
  const auto dot = socket_id.find('.');
  if (dot == std::string_view::npos) return false;
  return all_digits(socket_id.substr(0, dot)) && all_digits(socket_id.substr(dot + 1));
}

Status check_socket_id(std::string_view socket_id) {
  if (is_valid_socket_id(socket_id)) return Ok{};
  return Error{Errc::invalid_socket_id,
               "invalid socket id '" + std::string(socket_id.substr(0, 64)) + "': expected <digits>.<digits>"};
}

SocketIdFactory::SocketIdFactory(std::uint64_t random_seed) noexcept
    : prefix_(random_seed % 1'000'000'000u == 0 ? 1 : random_seed % 1'000'000'000u) {}

std::string SocketIdFactory::make(ConnectionId connection) const {
  return std::to_string(prefix_) + "." + std::to_string(connection);
}

std::optional<ConnectionId> SocketIdFactory::connection_of(std::string_view socket_id) const noexcept {
  if (!is_valid_socket_id(socket_id)) return std::nullopt;
  const auto dot = socket_id.find('.');
  const auto prefix = to_u64(socket_id.substr(0, dot));
  if (!prefix || *prefix != prefix_) return std::nullopt;
  return to_u64(socket_id.substr(dot + 1));
}

}  // namespace herald::pusher
