#include "herald/pusher/error.hpp"

#include <array>

namespace herald::pusher {
namespace {

constexpr std::array kInfos{
    ErrorInfo{Errc::channel_name_empty, "channel_name_empty", "The channel name is empty.", 400},
    ErrorInfo{Errc::channel_name_too_long, "channel_name_too_long", "The channel name is longer than 164 characters.",
              400},
    ErrorInfo{Errc::channel_name_invalid_char, "channel_name_invalid_char",
              "The channel name has a character outside [A-Za-z0-9_-=@,.;].", 400},
    ErrorInfo{Errc::user_channel_invalid, "user_channel_invalid",
              "A #server-to-user- channel needs a user id of 1 to 164 printable characters.", 400},
    ErrorInfo{Errc::frame_too_large, "frame_too_large", "The frame is larger than FrameLimits::max_frame_bytes.", 0},
    ErrorInfo{Errc::too_deeply_nested, "too_deeply_nested", "The JSON is nested deeper than the limit.", 0},
    ErrorInfo{Errc::malformed_json, "malformed_json", "The text is not valid JSON.", 0},
    ErrorInfo{Errc::not_an_object, "not_an_object", "A JSON object was expected.", 0},
    ErrorInfo{Errc::missing_field, "missing_field", "A required field is missing.", 0},
    ErrorInfo{Errc::wrong_field_type, "wrong_field_type", "A field has the wrong JSON type.", 0},
    ErrorInfo{Errc::event_name_too_long, "event_name_too_long", "The event name is longer than 200 characters.", 400},
    ErrorInfo{Errc::data_too_large, "data_too_large", "The event data is larger than the limit (10 KB by default).",
              413},
    ErrorInfo{Errc::channel_data_invalid, "channel_data_invalid",
              "Presence channel_data must be a JSON object with a non-empty user_id.", 0},
    ErrorInfo{Errc::user_data_invalid, "user_data_invalid",
              "Sign-in user_data must be a JSON object with a non-empty string id.", 0},
    ErrorInfo{Errc::invalid_socket_id, "invalid_socket_id", "A socket id has the form <digits>.<digits>.", 400},
    ErrorInfo{Errc::auth_missing, "auth_missing", "The channel or sign-in needs an auth value and none was sent.", 0},
    ErrorInfo{Errc::auth_malformed, "auth_malformed", "The auth value is not <key>:<hex signature>.", 0},
    ErrorInfo{Errc::auth_wrong_key, "auth_wrong_key", "The auth value was made for another app key.", 0},
    ErrorInfo{Errc::auth_bad_signature, "auth_bad_signature",
              "The auth signature does not match the socket id, channel and data.", 0},
    ErrorInfo{Errc::channel_data_missing, "channel_data_missing", "A presence subscription needs channel_data.", 0},
    ErrorInfo{Errc::user_channel_forbidden, "user_channel_forbidden",
              "Only a connection signed in as the user may subscribe to its #server-to-user- channel.", 0},
    ErrorInfo{Errc::client_events_disabled, "client_events_disabled",
              "This app does not accept client events (enable_client_messages).", 0},
    ErrorInfo{Errc::client_event_channel_kind, "client_event_channel_kind",
              "Client events are only allowed on private- and presence- channels.", 0},
    ErrorInfo{Errc::not_subscribed, "not_subscribed", "The connection is not subscribed to the channel.", 0},
    ErrorInfo{Errc::http_malformed_query, "http_malformed_query", "The query string has a bad %-escape.", 400},
    ErrorInfo{Errc::http_auth_param_missing, "http_auth_param_missing",
              "auth_key, auth_timestamp, auth_version or auth_signature is missing.", 401},
    ErrorInfo{Errc::http_auth_param_duplicated, "http_auth_param_duplicated",
              "An authentication parameter appears more than once.", 400},
    ErrorInfo{Errc::http_unknown_key, "http_unknown_key", "auth_key is not the key of this app.", 401},
    ErrorInfo{Errc::http_bad_auth_version, "http_bad_auth_version", "auth_version must be 1.0.", 401},
    ErrorInfo{Errc::http_bad_timestamp, "http_bad_timestamp", "auth_timestamp is not a number of seconds.", 401},
    ErrorInfo{Errc::http_stale_timestamp, "http_stale_timestamp",
              "auth_timestamp is more than 600 s away from the server's clock.", 401},
    ErrorInfo{Errc::http_bad_signature, "http_bad_signature",
              "auth_signature does not match the method, path and query.", 401},
    ErrorInfo{Errc::http_body_md5_missing, "http_body_md5_missing", "A request with a body needs body_md5.", 401},
    ErrorInfo{Errc::http_body_md5_mismatch, "http_body_md5_mismatch",
              "body_md5 is not the MD5 of the body: the signature does not cover it.", 401},
    ErrorInfo{Errc::webhook_bad_signature, "webhook_bad_signature",
              "X-Pusher-Signature is not the HMAC-SHA256 of the body.", 401},
    ErrorInfo{Errc::app_spec_invalid, "app_spec_invalid", "An app is given as ID:KEY:SECRET.", 0},
    ErrorInfo{Errc::app_duplicate, "app_duplicate", "Two apps share an id or a key.", 0},
    ErrorInfo{Errc::http_app_not_found, "http_app_not_found", "No app has this id.", 404},
    ErrorInfo{Errc::http_not_found, "http_not_found", "The HTTP API has no such path.", 404},
    ErrorInfo{Errc::http_method_not_allowed, "http_method_not_allowed", "The path does not take this method.", 405},
    ErrorInfo{Errc::http_bad_body, "http_bad_body", "The body is not the JSON this request takes.", 400},
    ErrorInfo{Errc::http_bad_request, "http_bad_request", "A parameter breaks a rule of the HTTP API.", 400},
    ErrorInfo{Errc::http_payload_too_large, "http_payload_too_large", "The event data is over the app's limit.", 413},
    ErrorInfo{Errc::resume_failed, "resume_failed", "The channel cannot be resumed from this position.", 0},
};

constexpr bool table_in_enum_order() {
  for (std::size_t i = 0; i < kInfos.size(); ++i)
    if (static_cast<std::size_t>(kInfos[i].code) != i + 1) return false;
  return true;
}
static_assert(table_in_enum_order(), "error_infos: one row per Errc, in enum order");
static_assert(kInfos.back().code == Errc::resume_failed, "error_infos: add a row for the new Errc");

}  // namespace

const ErrorInfo* error_infos_begin() noexcept { return kInfos.data(); }
const ErrorInfo* error_infos_end() noexcept { return kInfos.data() + kInfos.size(); }

const ErrorInfo& info(Errc code) noexcept { return kInfos[static_cast<std::size_t>(code) - 1]; }

std::string_view to_string(Errc code) noexcept { return info(code).name; }

}  // namespace herald::pusher
