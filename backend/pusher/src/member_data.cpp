#include "herald/pusher/member_data.hpp"

#include "json_text.hpp"

namespace herald::pusher {
namespace {

using detail::Json;

Error invalid_channel_data(std::string detail) {
  return Error{Errc::channel_data_invalid, "presence channel_data " + std::move(detail)};
}

}  // namespace

Result<PresenceMember> parse_channel_data(std::string_view channel_data, const MemberLimits& limits) {
  auto parsed = detail::parse_bounded(channel_data, {limits.max_text_bytes, limits.max_depth}, "channel_data");
  if (!parsed) return parsed.error();
  const Json& doc = parsed.value();
  if (!doc.is_object()) return invalid_channel_data("must be a JSON object");
  const Json* id = detail::find_member(doc, "user_id");
  if (!id) return invalid_channel_data("has no user_id");
  PresenceMember member;
  if (id->is_string())
    member.user_id = id->get<std::string>();
  else if (id->is_number_integer())
    member.user_id = detail::to_text(*id);
  else
    return invalid_channel_data("user_id must be a string or an integer");
  if (member.user_id.empty()) return invalid_channel_data("has an empty user_id");
  if (member.user_id.size() > limits.max_user_id_bytes)
    return invalid_channel_data("user_id has " + std::to_string(member.user_id.size()) + " bytes; the limit is " +
                                std::to_string(limits.max_user_id_bytes));
  if (const Json* info = detail::find_member(doc, "user_info")) {
    const std::size_t size = detail::to_text(*info).size();
    if (size > limits.max_user_info_bytes)
      return invalid_channel_data("user_info has " + std::to_string(size) + " bytes; the limit is " +
                                  std::to_string(limits.max_user_info_bytes));
    member.user_info = *info;
  }
  return member;
}

Result<SignedInUser> parse_user_data(std::string_view user_data, const MemberLimits& limits) {
  auto parsed = detail::parse_bounded(user_data, {limits.max_text_bytes, limits.max_depth}, "user_data");
  if (!parsed) return parsed.error();
  const Json& doc = parsed.value();
  if (!doc.is_object()) return Error{Errc::user_data_invalid, "user_data must be a JSON object"};
  const Json* id = detail::find_member(doc, "id");
  if (!id || !id->is_string())
    return Error{Errc::user_data_invalid, "user_data needs an \"id\" that is a string"};
  std::string user_id = id->get<std::string>();
  if (user_id.empty() || user_id.size() > limits.max_user_id_bytes)
    return Error{Errc::user_data_invalid, "user_data id must have 1 to " + std::to_string(limits.max_user_id_bytes) +
                                              " bytes; it has " + std::to_string(user_id.size())};
  return SignedInUser{std::move(user_id), std::string(user_data)};
}

}  // namespace herald::pusher
