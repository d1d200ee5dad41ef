// Native builds have no page to call into them: tests use ClientApp directly.
#include "test_hook.hpp"

namespace herald::app {
void expose_to_tests(ClientApp&) {}
}  // namespace herald::app
