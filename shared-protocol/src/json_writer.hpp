// Internal: the describe() visitor that writes fields into a JSON object.
// Optional fields that are absent, empty optional lists and false optional
// flags are omitted, so encode(decode(x)) reproduces a minimal frame.
#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "herald/protocol/client_messages.hpp"
#include "herald/protocol/server_messages.hpp"

namespace herald::protocol::detail {

// Insertion-ordered, so frames read "v", "type", "ref", then fields in
// declaration order.
using OrderedJson = nlohmann::ordered_json;

class JsonWriter {
 public:
  explicit JsonWriter(OrderedJson& out) : out_(out) {}

  template <class T>
  void write(const T& value) {
    T::describe(*this, value);
  }

  void field(const char* name, const std::string& v, Text) { out_[name] = v; }
  void field(const char* name, const std::optional<std::string>& v, Text) {
    if (v) out_[name] = *v;
  }
  void field(const char* name, std::int64_t v, Int) { out_[name] = v; }
  void field(const char* name, const std::optional<std::int64_t>& v, Int) {
    if (v) out_[name] = *v;
  }
  void field(const char* name, bool v) { out_[name] = v; }
  void field(const char* name, Errc v) { out_[name] = std::string(to_string(v)); }
  template <class E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
  void field(const char* name, E v) {
    out_[name] = std::string(enum_name(v));
  }
  template <class T, std::enable_if_t<std::is_class_v<T>, int> = 0>
  void field(const char* name, const T& v) {
    JsonWriter(out_[name] = OrderedJson::object()).write(v);
  }
  template <class T>
  void field(const char* name, const std::optional<T>& v) {
    if (v) field(name, *v);
  }
  template <class T>
  void list(const char* name, const std::vector<T>& items) {
    OrderedJson& array = out_[name] = OrderedJson::array();
    for (const T& item : items) JsonWriter(array.emplace_back(OrderedJson::object())).write(item);
  }
  /// Omitted when empty.
  template <class T>
  void optional_list(const char* name, const std::vector<T>& items) {
    if (!items.empty()) list(name, items);
  }
  void optional_list(const char* name, const std::vector<std::int64_t>& ids, Int) {
    if (!ids.empty()) out_[name] = ids;
  }
  void optional_flag(const char* name, bool v) {
    if (v) out_[name] = true;
  }
  void target(const Target& t, const char* user_key, const char* room_key) {
    out_[t.is_user() ? user_key : room_key] = t.id;
  }

 private:
  OrderedJson& out_;
};

}  // namespace herald::protocol::detail
