// herald-server's log: one line per event, to stderr (the journal under
// systemd) or to --log-file. Format: "2024-05-01 12:00:00.123 info  text".
#pragma once

#include <string>

namespace herald::app {

/// Sets the default spdlog logger. Throws spdlog::spdlog_ex when `file`
/// cannot be opened for appending.
void configure_logging(const std::string& level, const std::string& file);

}  // namespace herald::app
