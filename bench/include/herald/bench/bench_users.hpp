// The accounts herald-bench-seed creates and herald-loadgen signs in as:
// user number i (from 1) is "b000001"... with a session token derived from i,
// so neither tool has to pass thousands of tokens to the other.
#pragma once

#include <cstdio>
#include <string>

namespace herald::bench {

inline std::string bench_username(int i) {
  char name[16];
  std::snprintf(name, sizeof name, "b%06d", i);
  return name;
}

/// 64 lowercase hex digits, as the protocol requires of a token. Only for
/// benchmark databases: anyone who knows the scheme can sign in.
inline std::string bench_token(int i) {
  char token[65];
  std::snprintf(token, sizeof token, "be%062x", static_cast<unsigned>(i));
  return token;
}

}  // namespace herald::bench
