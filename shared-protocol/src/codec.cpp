#include "herald/protocol/codec.hpp"

#include <array>
#include <utility>

#include "herald/protocol/utf8.hpp"
#include "json_reader.hpp"
#include "json_writer.hpp"

namespace herald::protocol {
namespace {

using detail::Json;
using detail::OrderedJson;

Error make_error(Errc code, std::string field, std::string detail) {
  return Error{code, std::move(field), std::move(detail)};
}

// Depth of the deepest object or array, counted without building anything,
// so a frame of 60,000 '[' is rejected before the parser sees it.
bool nesting_within(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return true;
}

/// Size, UTF-8, depth and syntax: the checks that need no message schema.
Result<Json> parse_frame(std::string_view frame, const Limits& limits) {
  if (frame.size() > limits.max_frame_bytes)
    return make_error(
        Errc::frame_too_large, {},
        std::to_string(frame.size()) + " bytes; the limit is " + std::to_string(limits.max_frame_bytes));
  if (!is_valid_utf8(frame)) return make_error(Errc::invalid_utf8, {}, "the frame is not valid UTF-8");
  if (!nesting_within(frame, limits.max_nesting_depth))
    return make_error(Errc::too_deeply_nested, {},
                      "deeper than " + std::to_string(limits.max_nesting_depth) + " levels");
  Json doc = Json::parse(frame.begin(), frame.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return make_error(Errc::malformed_json, {}, "the frame is not valid JSON");
  if (!doc.is_object()) return make_error(Errc::not_an_object, {}, "a frame is one JSON object");
  return doc;
}

template <class Variant>
using Decoded = Result<Envelope<Variant>>;

template <class Variant, class T>
Decoded<Variant> decode_as(const Json& doc, const Limits& limits, std::optional<std::string> ref) {
  T message;
  if (auto error = detail::JsonReader(doc, limits).read(message)) return *std::move(error);
  return Envelope<Variant>{std::move(ref), Variant(std::in_place_type<T>, std::move(message))};
}

template <class Variant>
struct Catalog {
  using Decoder = Decoded<Variant> (*)(const Json&, const Limits&, std::optional<std::string>);
  static constexpr std::size_t size = std::variant_size_v<Variant>;

  template <std::size_t... I>
  static constexpr std::array<std::string_view, size> make_names(std::index_sequence<I...>) {
    return {std::variant_alternative_t<I, Variant>::kType...};
  }
  template <std::size_t... I>
  static constexpr std::array<Decoder, size> make_decoders(std::index_sequence<I...>) {
    return {&decode_as<Variant, std::variant_alternative_t<I, Variant>>...};
  }
  static constexpr auto names = make_names(std::make_index_sequence<size>{});
  static constexpr auto decoders = make_decoders(std::make_index_sequence<size>{});
};

template <class Variant>
Decoded<Variant> decode_frame(std::string_view frame, const Limits& limits) {
  auto parsed = parse_frame(frame, limits);
  if (!parsed) return parsed.error();
  const Json& doc = parsed.value();

  const auto v = doc.find("v");
  if (v == doc.end() || v->is_null())
    return make_error(Errc::missing_field, "v", "the protocol version is required");
  if (!v->is_number_integer()) return make_error(Errc::wrong_field_type, "v", "must be an integer");
  if (*v != kProtocolVersion)
    return make_error(Errc::unsupported_version, "v",
                      "this peer speaks version " + std::to_string(kProtocolVersion));

  const auto type = doc.find("type");
  if (type == doc.end() || type->is_null())
    return make_error(Errc::missing_field, "type", "the message type is required");
  if (!type->is_string()) return make_error(Errc::wrong_field_type, "type", "must be a string");

  std::optional<std::string> ref;
  if (const auto r = doc.find("ref"); r != doc.end() && !r->is_null()) {
    if (!r->is_string()) return make_error(Errc::wrong_field_type, "ref", "must be a string");
    if (auto e = check_text(r->get_ref<const std::string&>(), Text::ref, limits, "ref")) return *e;
    ref = r->get<std::string>();
  }

  const auto& name = type->get_ref<const std::string&>();
  for (std::size_t i = 0; i < Catalog<Variant>::size; ++i)
    if (Catalog<Variant>::names[i] == name) return Catalog<Variant>::decoders[i](doc, limits, std::move(ref));
  // The name is valid UTF-8 (checked above) but may be long; quote a bounded prefix.
  return make_error(Errc::unknown_type, "type", "no message type \"" + name.substr(0, 64) + "\"");
}

template <class Variant>
std::string encode_frame(const Variant& message, const std::optional<std::string>& ref) {
  OrderedJson out = OrderedJson::object();
  out["v"] = kProtocolVersion;
  std::visit(
      [&](const auto& m) {
        out["type"] = m.kType;
        if (ref) out["ref"] = *ref;
        detail::JsonWriter(out).write(m);
      },
      message);
  return out.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

template <class Variant>
std::vector<std::string_view> type_names() {
  return {Catalog<Variant>::names.begin(), Catalog<Variant>::names.end()};
}

}  // namespace

Result<ClientEnvelope> decode_client(std::string_view frame, const Limits& limits) {
  return decode_frame<ClientMessage>(frame, limits);
}
Result<ServerEnvelope> decode_server(std::string_view frame, const Limits& limits) {
  return decode_frame<ServerMessage>(frame, limits);
}

std::optional<std::string> recover_ref(std::string_view frame, const Limits& limits) {
  auto parsed = parse_frame(frame, limits);
  if (!parsed) return std::nullopt;
  const auto r = parsed.value().find("ref");
  if (r == parsed.value().end() || !r->is_string()) return std::nullopt;
  if (check_text(r->get_ref<const std::string&>(), Text::ref, limits, "ref")) return std::nullopt;
  return r->get<std::string>();
}

std::string encode(const ClientMessage& message, const std::optional<std::string>& ref) {
  return encode_frame(message, ref);
}
std::string encode(const ServerMessage& message, const std::optional<std::string>& ref) {
  return encode_frame(message, ref);
}

std::string_view type_name(const ClientMessage& message) {
  return Catalog<ClientMessage>::names[message.index()];
}
std::string_view type_name(const ServerMessage& message) {
  return Catalog<ServerMessage>::names[message.index()];
}

std::vector<std::string_view> client_message_types() {
  return type_names<ClientMessage>();
}
std::vector<std::string_view> server_message_types() {
  return type_names<ServerMessage>();
}

ErrorReply to_reply(const Error& error) {
  ErrorReply reply;
  reply.code = error.code;
  reply.message = error.detail.empty() ? std::string(info(error.code).description) : error.detail;
  if (!error.field.empty()) reply.field = error.field;
  reply.retryable = info(error.code).retryable;
  return reply;
}

}  // namespace herald::protocol
