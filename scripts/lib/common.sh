# Shared helpers for scripts/*. Source it; it sets HERALD_ROOT and strict mode.
set -euo pipefail

HERALD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export HERALD_ROOT
# Debian's Emscripten looks for its JavaScript dependencies (acorn) here.
export NODE_PATH="/usr/share/nodejs:/usr/lib/nodejs${NODE_PATH:+:$NODE_PATH}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the Debian packages that are not installed yet. Runs apt-get
# update only when something is missing, so a second run is instant.
ensure_apt_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]} (run as root, or install them with apt-get)"
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configures (once) and builds a CMake preset with two jobs.
#   build_preset PRESET [CMAKE_ARGS...] [-- TARGET...]
build_preset() {
  local preset="$1"
  shift
  local cmake_args=() targets=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do cmake_args+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift && targets=("$@")
  say "building preset '$preset'${targets:+ (${targets[*]})}"
  if [ ! -f "$HERALD_ROOT/build/$preset/build.ninja" ]; then
    cmake --preset "$preset" -S "$HERALD_ROOT" "${cmake_args[@]}" >/dev/null
  elif [ ${#cmake_args[@]} -gt 0 ]; then
    cmake "$HERALD_ROOT/build/$preset" "${cmake_args[@]}" >/dev/null
  fi
  cmake --build "$HERALD_ROOT/build/$preset" -j2 ${targets:+--target "${targets[@]}"}
}

# npm ci in DIR unless node_modules was installed from this very
# package-lock.json (a copy is kept next to it), so a changed lock file
# reinstalls and an unchanged one costs nothing.
ensure_npm_packages() {  # DIR WHAT
  local stamp="$1/node_modules/.herald-package-lock.json"
  cmp -s "$1/package-lock.json" "$stamp" && return 0
  say "installing npm packages for $2"
  (cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$1/package-lock.json" "$stamp"
}
