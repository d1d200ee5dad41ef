#include "herald/runtime/http.hpp"

#include <algorithm>
#include <cctype>

namespace herald::runtime {

std::string_view bearer_credentials(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  const bool bearer =
      authorization.size() >= kScheme.size() &&
      std::equal(kScheme.begin(), kScheme.end(), authorization.begin(),
                 [](char want, char got) { return want == std::tolower(static_cast<unsigned char>(got)); });
  return bearer ? authorization.substr(kScheme.size()) : std::string_view();
}

}  // namespace herald::runtime
