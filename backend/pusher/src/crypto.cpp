#include "herald/pusher/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium/utils.h>

#include <cassert>

namespace herald::pusher {
namespace {

/// Lower-case hex, as Pusher's signatures and body_md5 are written.
std::string to_hex(const unsigned char* bytes, unsigned int size) {
  std::string out(std::size_t{size} * 2 + 1, '\0');  // sodium_bin2hex writes a NUL
  sodium_bin2hex(out.data(), out.size(), bytes, size);
  out.pop_back();
  return out;
}

}  // namespace

std::string hmac_sha256_hex(std::string_view secret, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  const unsigned char* done =
      HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &size);
  assert(done != nullptr && "HMAC-SHA256 failed: is libcrypto usable (FIPS mode)?");
  (void)done;
  return to_hex(mac, size);
}

std::string md5_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  const int done = EVP_Digest(data.data(), data.size(), digest, &size, EVP_md5(), nullptr);
  assert(done == 1 && "MD5 failed: is libcrypto usable (FIPS mode forbids MD5)?");
  (void)done;
  return to_hex(digest, size);
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace herald::pusher
