#include "herald/protocol/grouping.hpp"

#include <algorithm>

namespace herald::protocol {
namespace {

// Keys are few per call (one per peer), so a linear scan over the groups
// beats a hash map here and keeps first-appearance order for free.
std::vector<MessageGroup>::iterator find_or_add(std::vector<MessageGroup>& groups, Target key) {
  auto it = std::find_if(groups.begin(), groups.end(), [&](const MessageGroup& g) { return g.key == key; });
  if (it != groups.end()) return it;
  groups.push_back(MessageGroup{key, {}});
  return std::prev(groups.end());
}

}  // namespace

std::vector<MessageGroup> group_messages(const std::vector<MessageRecord>& messages, GroupBy by) {
  std::vector<MessageGroup> groups;
  for (const auto& m : messages) {
    const Target key = by == GroupBy::sender ? Target::user(m.sender) : m.to;
    find_or_add(groups, key)->messages.push_back(m);
  }
  return groups;
}

std::vector<MessageGroup> group_by_conversation(const std::vector<MessageRecord>& messages, UserId self) {
  std::vector<MessageGroup> groups;
  for (const auto& m : messages) {
    Target key = m.to;
    if (m.to.is_user()) {
      if (m.sender != self && m.to.id != self) continue;
      // A note to oneself is a conversation with oneself.
      key = Target::user(m.sender == self ? m.to.id : m.sender);
    }
    find_or_add(groups, key)->messages.push_back(m);
  }
  return groups;
}

std::vector<SenderRun> sender_runs(const std::vector<MessageRecord>& messages, Timestamp max_gap_ms) {
  std::vector<SenderRun> runs;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const auto& m = messages[i];
    const bool continues = !runs.empty() && runs.back().sender == m.sender && m.ts >= messages[i - 1].ts &&
                           m.ts - messages[i - 1].ts <= max_gap_ms;
    if (continues)
      ++runs.back().count;
    else
      runs.push_back(SenderRun{m.sender, i, 1});
  }
  return runs;
}

}  // namespace herald::protocol
