// Internal: the describe() visitor that reads and validates fields from a
// parsed JSON object. The first failure is kept; later fields are skipped.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "herald/protocol/client_messages.hpp"
#include "herald/protocol/server_messages.hpp"

namespace herald::protocol::detail {

using Json = nlohmann::json;

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

/// Message and record structs: every class type that is not a std::string or
/// std::optional (those have overloads of their own).
template <class T>
inline constexpr bool is_record_v =
    std::is_class_v<T> && !is_optional<T>::value && !std::is_same_v<T, std::string>;

/// Default for types without cross-field rules; the overloads declared in
/// the message headers are preferred when they exist.
template <class T>
std::optional<Error> check(const T&, const Limits&) {
  return std::nullopt;
}

class JsonReader {
 public:
  JsonReader(const Json& object, const Limits& limits, std::string path = {})
      : object_(object), limits_(limits), path_(std::move(path)) {}

  const std::optional<Error>& error() const { return error_; }

  /// Reads a whole struct, including its check(); the entry point.
  template <class T>
  std::optional<Error> read(T& out) {
    T::describe(*this, out);
    // Unqualified: finds detail::check and, by argument-dependent lookup,
    // the type's own overload in herald::protocol, which wins when present.
    if (!error_)
      if (auto e = check(out, limits_)) fail(e->code, e->field, e->detail);
    return error_;
  }

  void field(const char* name, std::string& out, Text rule) {
    const Json* v = require(name);
    if (v && expect(v->is_string(), name, "a string"))
      assign_text(name, v->get_ref<const std::string&>(), out, rule);
  }
  void field(const char* name, std::optional<std::string>& out, Text rule) {
    const Json* v = find(name);
    if (v && expect(v->is_string(), name, "a string"))
      assign_text(name, v->get_ref<const std::string&>(), out.emplace(), rule);
  }
  void field(const char* name, std::int64_t& out, Int rule) {
    if (const Json* v = require(name)) read_int(name, *v, out, rule);
  }
  void field(const char* name, std::optional<std::int64_t>& out, Int rule) {
    if (const Json* v = find(name)) read_int(name, *v, out.emplace(), rule);
  }
  void field(const char* name, bool& out) {
    const Json* v = require(name);
    if (v && expect(v->is_boolean(), name, "true or false")) out = v->get<bool>();
  }
  void field(const char* name, Errc& out) {
    const Json* v = require(name);
    if (!v || !expect(v->is_string(), name, "a string")) return;
    if (auto code = errc_from_string(v->get_ref<const std::string&>()))
      out = *code;
    else
      fail(Errc::invalid_field, name, "is not a known error code");
  }
  template <class E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
  void field(const char* name, E& out) {
    const Json* v = require(name);
    if (!v || !expect(v->is_string(), name, "a string")) return;
    if (auto value = enum_from_name<E>(v->get_ref<const std::string&>())) {
      out = *value;
    } else {
      std::string allowed;
      for (auto n : EnumNames<E>::names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
      fail(Errc::invalid_field, name, "must be one of: " + allowed);
    }
  }
  template <class T, std::enable_if_t<is_record_v<T>, int> = 0>
  void field(const char* name, T& out) {
    if (const Json* v = require(name)) read_object(name, *v, out);
  }
  template <class T>
  void field(const char* name, std::optional<T>& out) {
    if (const Json* v = find(name)) read_object(name, *v, out.emplace());
  }
  template <class T>
  void list(const char* name, std::vector<T>& out) {
    const Json* v = require(name);
    if (!v || !expect_list(name, *v, limits_.max_list_items)) return;
    out.reserve(v->size());
    for (std::size_t i = 0; i < v->size() && !error_; ++i)
      read_object(name + ("[" + std::to_string(i) + "]"), (*v)[i], out.emplace_back());
  }
  /// A list of records that may be absent (absent reads as empty).
  template <class T>
  void optional_list(const char* name, std::vector<T>& out) {
    if (find(name) != nullptr) list(name, out);
  }
  /// An id list that may be absent (absent reads as empty).
  void optional_list(const char* name, std::vector<std::int64_t>& out, Int rule) {
    const Json* v = find(name);
    if (!v || !expect_list(name, *v, limits_.max_list_items)) return;
    out.reserve(v->size());
    for (std::size_t i = 0; i < v->size() && !error_; ++i)
      read_int(name + ("[" + std::to_string(i) + "]"), (*v)[i], out.emplace_back(), rule);
  }
  /// A flag that may be absent (absent reads as false).
  void optional_flag(const char* name, bool& out) {
    const Json* v = find(name);
    if (v && expect(v->is_boolean(), name, "true or false")) out = v->get<bool>();
  }
  /// A Target flattened into `user_key` or `room_key`, exactly one.
  void target(Target& out, const char* user_key, const char* room_key) {
    const Json* user = find(user_key);
    const Json* room = find(room_key);
    if (error_) return;
    if (user && room) {
      fail(Errc::conflicting_fields, user_key,
           std::string("give \"") + user_key + "\" or \"" + room_key + "\", not both");
    } else if (!user && !room) {
      fail(Errc::missing_field, user_key, std::string("give \"") + user_key + "\" or \"" + room_key + "\"");
    } else {
      out.kind = user ? TargetKind::user : TargetKind::room;
      read_int(user ? user_key : room_key, user ? *user : *room, out.id, Int::id);
    }
  }

 private:
  std::string qualified(const std::string& name) const { return path_.empty() ? name : path_ + "." + name; }

  void fail(Errc code, const std::string& name, std::string detail) {
    if (!error_) error_ = Error{code, qualified(name), std::move(detail)};
  }

  // Absent and null both read as "not given".
  const Json* find(const char* name) {
    if (error_) return nullptr;
    auto it = object_.find(name);
    if (it == object_.end() || it->is_null()) return nullptr;
    return &*it;
  }
  const Json* require(const char* name) {
    if (error_) return nullptr;
    const Json* v = find(name);
    if (!v) fail(Errc::missing_field, name, "is required");
    return v;
  }
  bool expect(bool ok, const std::string& name, const char* what) {
    if (!ok) fail(Errc::wrong_field_type, name, std::string("must be ") + what);
    return ok;
  }
  bool expect_list(const std::string& name, const Json& v, std::size_t max) {
    if (!expect(v.is_array(), name, "an array")) return false;
    if (v.size() > max) fail(Errc::invalid_field, name, "has more than " + std::to_string(max) + " items");
    return !error_;
  }
  void assign_text(const std::string& name, const std::string& value, std::string& out, Text rule) {
    if (auto e = check_text(value, rule, limits_, qualified(name))) {
      if (!error_) error_ = std::move(e);
      return;
    }
    out = value;
  }
  void read_int(const std::string& name, const Json& v, std::int64_t& out, Int rule) {
    if (!expect(v.is_number_integer(), name, "an integer")) return;
    if (v.is_number_unsigned() &&
        v.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
      fail(Errc::invalid_field, name, "is out of range");
      return;
    }
    const auto value = v.get<std::int64_t>();
    if (auto e = check_int(value, rule, limits_, qualified(name))) {
      if (!error_) error_ = std::move(e);
      return;
    }
    out = value;
  }
  template <class T>
  void read_object(const std::string& name, const Json& v, T& out) {
    if (!expect(v.is_object(), name, "an object")) return;
    JsonReader nested(v, limits_, qualified(name));
    if (auto e = nested.read(out)) error_ = std::move(e);
  }

  const Json& object_;
  const Limits& limits_;
  std::string path_;
  std::optional<Error> error_;
};

}  // namespace herald::protocol::detail
