// An expected-style result: a value or an error (a protocol Error unless
// said otherwise), never an exception. Emscripten builds disable exception
// catching, so nothing in this library throws across its API. Other rooms
// with their own error type use it too (herald_pusher: Result<T, pusher::Error>).
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "herald/protocol/error.hpp"

namespace herald::protocol {

template <class T, class E = Error>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit by design
  Result(E error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  const T& value() const& {
    assert(ok() && "Result::value() on an error: check ok() first");
    return std::get<0>(state_);
  }
  T& value() & {
    assert(ok() && "Result::value() on an error: check ok() first");
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok() && "Result::value() on an error: check ok() first");
    return std::get<0>(std::move(state_));
  }
  const E& error() const& {
    assert(!ok() && "Result::error() on a value: check ok() first");
    return std::get<1>(state_);
  }

 private:
  std::variant<T, E> state_;
};

}  // namespace herald::protocol
