// A port for doors that republish Herald notifications (the Pusher layer
// puts them on each recipient's private channel). core calls it after
// a new notification is stored and pushed to its recipients' connections;
// duplicates (a repeated client_id) and failures are not reported.
// Runs on the event loop thread; must not call back into the Service.
#pragma once

#include <vector>

#include "herald/protocol/records.hpp"

namespace herald::runtime {

class NotificationListener {
 public:
  virtual ~NotificationListener() = default;
  /// `recipients` is empty when `everyone` is set (every user, online or not).
  virtual void notification_published(const protocol::NotificationRecord& notification,
                                      const std::vector<protocol::UserId>& recipients, bool everyone) = 0;
};

}  // namespace herald::runtime
