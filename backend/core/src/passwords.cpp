#include "herald/core/passwords.hpp"

#include <sodium.h>

#include <array>
#include <mutex>
#include <stdexcept>

namespace herald::core {
namespace {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  std::string hex(n * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, n);
  hex.pop_back();
  return hex;
}

}  // namespace

PasswordCost PasswordCost::interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}
PasswordCost PasswordCost::minimal() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

std::string hash_password(const std::string& password, PasswordCost cost) {
  ensure_sodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), cost.ops, cost.mem_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("password hashing ran out of memory");
  return std::string(out.data());
}

bool verify_password(const std::string& stored_hash, const std::string& password) {
  ensure_sodium();
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

const std::string& decoy_hash(PasswordCost cost) {
  static std::once_flag once;
  static std::string hash;
  std::call_once(once, [&] { hash = hash_password(new_session_token(), cost); });
  return hash;
}

std::string new_session_token() {
  ensure_sodium();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return to_hex(bytes.data(), bytes.size());
}

std::string token_hash(const std::string& token) {
  ensure_sodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return to_hex(digest.data(), digest.size());
}

bool secrets_equal(const std::string& a, const std::string& b) {
  ensure_sodium();
  // Compare digests so the time does not depend on where the inputs differ
  // nor (beyond hashing) on their lengths.
  std::array<unsigned char, crypto_hash_sha256_BYTES> da{}, db{};
  crypto_hash_sha256(da.data(), reinterpret_cast<const unsigned char*>(a.data()), a.size());
  crypto_hash_sha256(db.data(), reinterpret_cast<const unsigned char*>(b.data()), b.size());
  return sodium_memcmp(da.data(), db.data(), da.size()) == 0;
}

}  // namespace herald::core
