// Grouping of chat messages, shared by the server (conversation lists) and
// the client (timelines), so both group the same way.
#pragma once

#include <cstddef>
#include <vector>

#include "herald/protocol/records.hpp"

namespace herald::protocol {

enum class GroupBy { sender, receiver };

struct MessageGroup {
  Target key;  // the sender (a user), or the receiver (a user or a room)
  std::vector<MessageRecord> messages;
};

/// The seed's groupMessages(messages, bySender): one group per distinct
/// sender (or receiver), groups in order of first appearance (a JavaScript
/// Map's insertion order), messages in input order within each group.
/// With GroupBy::receiver a room message is keyed by its room.
std::vector<MessageGroup> group_messages(const std::vector<MessageRecord>& messages,
                                         GroupBy by = GroupBy::sender);

/// A user's messages grouped by conversation from `self`'s point of view:
/// direct messages by the other user, whichever direction they went; room
/// messages by room. Messages that do not involve `self` are skipped. Order
/// as in group_messages().
std::vector<MessageGroup> group_by_conversation(const std::vector<MessageRecord>& messages, UserId self);

/// A run: consecutive messages (by index into the input) from one sender,
/// each within `max_gap_ms` of the previous one. A timeline shows the sender's
/// name and time once per run.
struct SenderRun {
  UserId sender = 0;
  std::size_t first = 0;  // index of the first message of the run
  std::size_t count = 0;
};

inline constexpr Timestamp kDefaultRunGapMs = 5 * 60 * 1000;

/// `messages` in display order (oldest first). A run breaks when the sender
/// changes or when a message is more than `max_gap_ms` after the previous one
/// (or earlier than it: clocks and merges can disagree).
std::vector<SenderRun> sender_runs(const std::vector<MessageRecord>& messages,
                                   Timestamp max_gap_ms = kDefaultRunGapMs);

}  // namespace herald::protocol
