// Feeds arbitrary bytes to both decoders. Besides "never crashes, never
// leaks, no undefined behaviour" (the sanitizers), it checks two properties:
//  - whatever decodes re-encodes to a frame that decodes to the same frame
//    (encode is a fixed point after one round);
//  - the streaming UTF-8 validator agrees with itself at every split point
//    of a short prefix.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "herald/protocol/codec.hpp"
#include "herald/protocol/utf8.hpp"

namespace {

using namespace herald::protocol;

template <class Decode>
void round_trip(std::string_view input, Decode decode) {
  auto first = decode(input);
  if (!first.ok()) return;
  const std::string encoded = encode(first.value().message, first.value().ref);
  auto second = decode(encoded);
  if (!second.ok()) std::abort();  // encode produced a frame its own decoder rejects
  if (encode(second.value().message, second.value().ref) != encoded) std::abort();
}

void utf8_split_agreement(std::string_view input) {
  const std::string_view prefix = input.substr(0, 64);
  const bool whole = is_valid_utf8(prefix);
  for (std::size_t cut = 0; cut <= prefix.size(); ++cut) {
    Utf8Validator v;
    v.feed(prefix.substr(0, cut));
    v.feed(prefix.substr(cut));
    if (v.finish() != whole) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  round_trip(input, [](std::string_view s) { return decode_client(s); });
  round_trip(input, [](std::string_view s) { return decode_server(s); });
  (void)recover_ref(input);
  utf8_split_agreement(input);
  return 0;
}
