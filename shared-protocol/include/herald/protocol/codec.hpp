// Frames <-> messages. Sans-I/O: text in, values out, and back.
//
// A frame is one WebSocket text message holding one JSON object:
//   {"v": 1, "type": "<kType>", "ref": "<optional>", ...fields of the type}
// Unknown fields are ignored, so newer peers may add optional fields.
//
// Decoding checks, in order, and stops at the first failure: frame size,
// UTF-8, nesting depth, JSON syntax, the envelope (object, "v", "type",
// "ref"), each field of the type, and the type's cross-field rules. Nothing
// here throws; every failure is an Error with a code from error.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "herald/protocol/client_messages.hpp"
#include "herald/protocol/limits.hpp"
#include "herald/protocol/result.hpp"
#include "herald/protocol/server_messages.hpp"

namespace herald::protocol {

template <class Message>
struct Envelope {
  std::optional<std::string> ref;  // echoed by the server on the reply
  Message message;
};
using ClientEnvelope = Envelope<ClientMessage>;
using ServerEnvelope = Envelope<ServerMessage>;

Result<ClientEnvelope> decode_client(std::string_view frame, const Limits& limits = {});
Result<ServerEnvelope> decode_server(std::string_view frame, const Limits& limits = {});

/// The "ref" of a frame that failed to decode, when one can still be read,
/// so the error reply can carry it.
std::optional<std::string> recover_ref(std::string_view frame, const Limits& limits = {});

/// Compact JSON. Strings that are not valid UTF-8 (never produced by decode)
/// are encoded with U+FFFD replacements rather than failing.
std::string encode(const ClientMessage& message, const std::optional<std::string>& ref = std::nullopt);
std::string encode(const ServerMessage& message, const std::optional<std::string>& ref = std::nullopt);

/// The wire type name of a message held in a variant.
std::string_view type_name(const ClientMessage& message);
std::string_view type_name(const ServerMessage& message);

/// Every wire type, in variant order; used by the documentation test.
std::vector<std::string_view> client_message_types();
std::vector<std::string_view> server_message_types();

/// The error frame for `error`, with the code's retryable flag.
ErrorReply to_reply(const Error& error);

}  // namespace herald::protocol
