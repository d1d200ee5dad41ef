#include "herald/transport/origins.hpp"

#include <algorithm>
#include <cctype>

namespace herald::transport {
namespace {

std::string normalized(std::string_view origin) {
  std::string out(origin);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

}  // namespace

OriginPolicy::OriginPolicy(const std::vector<std::string>& allowed) {
  for (const auto& origin : allowed) allowed_.push_back(normalized(origin));
}

bool OriginPolicy::allows(std::string_view origin) const {
  if (allowed_.empty() || origin.empty()) return true;
  return std::find(allowed_.begin(), allowed_.end(), normalized(origin)) != allowed_.end();
}

}  // namespace herald::transport
