// An expected-style result: a value or a protocol Error, never an exception.
// Emscripten builds disable exception catching, so nothing in this library
// throws across its API.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "herald/protocol/error.hpp"

namespace herald::protocol {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

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
  const Error& error() const& {
    assert(!ok() && "Result::error() on a value: check ok() first");
    return std::get<1>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

}  // namespace herald::protocol
