#include "measure.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace herald::bench {

nlohmann::json Latencies::summary() {
  nlohmann::json out = {{"count", samples_.size()}};
  if (samples_.empty()) return out;
  std::sort(samples_.begin(), samples_.end());
  auto at = [&](double q) {
    const auto i = static_cast<std::size_t>(q * static_cast<double>(samples_.size() - 1));
    return static_cast<double>(samples_[i]) / 1e6;
  };
  out["p50_ms"] = at(0.50);
  out["p99_ms"] = at(0.99);
  out["max_ms"] = static_cast<double>(samples_.back()) / 1e6;
  return out;
}

double own_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double process_cpu_seconds(int pid) {
  if (pid <= 0) return 0;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return 0;
  // Fields after the command name, which is in parentheses and may hold spaces.
  std::istringstream rest(line.substr(line.rfind(')') + 2));
  std::string field;
  long long utime = 0;
  long long stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoll(field);
    if (i == 15) stime = std::stoll(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::int64_t process_rss_kib(int pid) {
  if (pid <= 0) return 0;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (in >> key) {
    if (key == "VmRSS:") {
      std::int64_t kib = 0;
      in >> kib;
      return kib;
    }
    in.ignore(4096, '\n');
  }
  return 0;
}

void CpuWindow::start() {
  started_ns_ = now_ns();
  own_start_ = own_cpu_seconds();
  server_start_ = process_cpu_seconds(server_pid_);
}

nlohmann::json CpuWindow::stop() {
  const double wall = static_cast<double>(now_ns() - started_ns_) / 1e9;
  nlohmann::json out = {{"loadgen_cpu_core_share", (own_cpu_seconds() - own_start_) / wall}};
  if (server_pid_ > 0) out["server_cpu_core_share"] = (process_cpu_seconds(server_pid_) - server_start_) / wall;
  return out;
}

MeasuredWindow::Phase MeasuredWindow::advance(std::int64_t now) {
  const double elapsed = static_cast<double>(now - started_ns_) / 1e9;
  if (phase_ == Phase::warmup && elapsed >= warmup_s_) {
    phase_ = Phase::measuring;
    measure_start_ns_ = now;
    cpu_.start();
  } else if (phase_ == Phase::measuring && elapsed >= warmup_s_ + duration_s_) {
    phase_ = Phase::over;
    report_ = cpu_.stop();
    report_["seconds"] = static_cast<double>(now - measure_start_ns_) / 1e9;
  }
  return phase_;
}

}  // namespace herald::bench
