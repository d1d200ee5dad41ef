#include "json_text.hpp"

namespace herald::pusher::detail {

Result<Json> parse_bounded(std::string_view text, JsonBounds bounds, std::string_view what) {
  if (text.size() > bounds.max_bytes)
    return Error{Errc::frame_too_large, std::string(what) + " has " + std::to_string(text.size()) +
                                            " bytes; the limit is " + std::to_string(bounds.max_bytes)};
  // nlohmann's parser is iterative; refusing an object or array that opens
  // past the limit keeps it from being built at all.
  bool too_deep = false;
  const auto limit_depth = [&](int depth, Json::parse_event_t event, Json&) {
    const bool opens = event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start;
    if (opens && static_cast<std::size_t>(depth) >= bounds.max_depth) {
      too_deep = true;
      return false;
    }
    return true;
  };
  Json value = Json::parse(text.begin(), text.end(), limit_depth, /*allow_exceptions=*/false);
  if (too_deep)
    return Error{Errc::too_deeply_nested,
                 std::string(what) + " is nested deeper than " + std::to_string(bounds.max_depth) + " levels"};
  if (value.is_discarded()) return Error{Errc::malformed_json, std::string(what) + " is not valid JSON"};
  return value;
}

const Json* find_member(const Json& object, std::string_view key) noexcept {
  for (const auto& [name, value] : object.get_ref<const Json::object_t&>())
    if (name == key) return &value;
  return nullptr;
}

std::string to_text(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace herald::pusher::detail
