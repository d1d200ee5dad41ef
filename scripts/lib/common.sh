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
build_preset() {
  local preset="$1"
  shift
  say "building preset '$preset'"
  if [ ! -f "$HERALD_ROOT/build/$preset/build.ninja" ]; then
    cmake --preset "$preset" -S "$HERALD_ROOT" "$@" >/dev/null
  elif [ $# -gt 0 ]; then
    cmake "$HERALD_ROOT/build/$preset" "$@" >/dev/null
  fi
  cmake --build "$HERALD_ROOT/build/$preset" -j2
}
