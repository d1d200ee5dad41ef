#include "readiness_probe.hpp"

namespace herald::app {

void ReadinessProbe::check(Reply reply) {
  waiting_.push_back(std::move(reply));
  if (waiting_.size() > 1) return;  // the check in flight answers this one too
  storage_.submit(core::StorageJob{[](core::Storage& s) { s.check_ready(); },
                                   [this](const std::optional<core::StorageFailure>& failure) {
                                     auto replies = std::move(waiting_);
                                     waiting_.clear();
                                     // StorageFailure::what names the operation
                                     // and the cause by code, never a value.
                                     for (auto& r : replies) r(!failure, failure ? failure->what : "");
                                   }});
}

}  // namespace herald::app
