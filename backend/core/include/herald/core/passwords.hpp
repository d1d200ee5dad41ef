// Password hashing (Argon2id through libsodium) and session tokens.
// Tokens are 256 random bits, shown to the client once as 64 hex digits and
// stored only as their SHA-256 (hex), so a database leak reveals no usable
// token.
#pragma once

#include <cstddef>
#include <string>

namespace herald::core {

struct PasswordCost {
  unsigned long long ops;
  std::size_t mem_bytes;
  /// libsodium's "interactive" Argon2id cost (64 MiB): the default.
  static PasswordCost interactive();
  /// The smallest cost libsodium accepts: for tests and benchmarks only.
  static PasswordCost minimal();
};

/// Argon2id hash in libsodium's self-describing string format. Throws
/// std::runtime_error when memory for hashing cannot be had.
std::string hash_password(const std::string& password, PasswordCost cost);
/// Constant-time check of `password` against a stored hash.
bool verify_password(const std::string& stored_hash, const std::string& password);
/// A valid hash of a random password, verified against when a username does
/// not exist so that the answer takes as long as for a real account.
const std::string& decoy_hash(PasswordCost cost);

std::string new_session_token();
std::string token_hash(const std::string& token);
/// Constant-time equality for secrets of any length (API keys).
bool secrets_equal(const std::string& a, const std::string& b);

}  // namespace herald::core
