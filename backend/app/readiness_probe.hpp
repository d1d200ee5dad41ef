// /readyz's database check. One storage job at a time however many probes
// arrive while it runs: a load balancer probing a database that is stuck
// (a held lock, a full disk) must not queue a job per probe behind it, each
// waiting out the busy timeout. Every probe waiting gets the job's answer.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "herald/core/storage.hpp"

namespace herald::app {

class ReadinessProbe {
 public:
  using Reply = std::function<void(bool ready, std::string why)>;

  explicit ReadinessProbe(core::StorageQueue& storage) : storage_(storage) {}

  /// Answers `reply` (on the thread the storage queue posts results to)
  /// with the outcome of Storage::check_ready, run now or already running.
  void check(Reply reply);

 private:
  core::StorageQueue& storage_;
  std::vector<Reply> waiting_;  // non-empty while a check is in flight
};

}  // namespace herald::app
