#!/usr/bin/env bash
# Fetches Dear ImGui's sources from Debian (source package `imgui`, 1.86+ds
# on bookworm) into build/third_party/ and exposes them at the stable path
# build/third_party/imgui (a symlink to the unpacked source tree).
#
# Why the source package: libimgui-dev has headers and a native static
# library, but the WASM build needs the .cpp files, and native and WASM
# builds must compile the same version. Nothing is copied into the repository
# (build/ is ignored by git).
#
# Idempotent: when build/third_party/imgui/imgui.cpp exists it returns at
# once. Otherwise, as root, it adds a deb-src entry for bookworm (only if the
# machine has none), runs apt-get update only when it added that entry, and
# runs `apt-get source imgui`.
#
# Usage: scripts/lib/imgui_sources.sh    (or source it and call ensure_imgui_sources)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

HERALD_IMGUI_PARENT="$HERALD_ROOT/build/third_party"
HERALD_IMGUI_DIR="$HERALD_IMGUI_PARENT/imgui"
HERALD_DEB_SRC_FILE=/etc/apt/sources.list.d/herald-deb-src.sources

# True when apt already knows a deb-src entry (one-line or deb822 format).
_imgui_have_deb_src() {
  local files=()
  [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
  local f
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && files+=("$f")
  done
  [ ${#files[@]} -gt 0 ] || return 1
  grep -Eq '^[[:space:]]*(deb-src[[:space:]]|Types:.*deb-src)' "${files[@]}"
}

# Writes a deb822 file with one deb-src stanza per deb stanza of
# /etc/apt/sources.list.d/debian.sources (same URIs, Suites, Components,
# Signed-By). Returns 1 when there is nothing to copy.
_imgui_add_deb_src() {
  local base=/etc/apt/sources.list.d/debian.sources
  [ -f "$base" ] || die "no deb-src entry and no $base to derive one from: add a deb-src line for bookworm by hand"
  local tmp
  tmp="$(mktemp)"
  # Stanzas are separated by blank lines; keep only the four fields we need
  # and emit a stanza only when it had URIs (comments and others are dropped).
  awk '
    function flush() {
      if (uris != "") {
        printf "%sTypes: deb-src\nURIs: %s\nSuites: %s\nComponents: %s\n", sep, uris, suites, comps
        if (signed != "") printf "Signed-By: %s\n", signed
        sep = "\n"
      }
      uris = suites = comps = signed = ""
    }
    /^[[:space:]]*$/ { flush(); next }
    /^#/ { next }
    /^URIs:/       { sub(/^URIs:[[:space:]]*/, "");       uris = $0;   next }
    /^Suites:/     { sub(/^Suites:[[:space:]]*/, "");     suites = $0; next }
    /^Components:/ { sub(/^Components:[[:space:]]*/, ""); comps = $0;  next }
    /^Signed-By:/  { sub(/^Signed-By:[[:space:]]*/, "");  signed = $0; next }
    END { flush() }
  ' "$base" >"$tmp"
  if [ ! -s "$tmp" ]; then
    rm -f "$tmp"
    die "could not derive a deb-src entry from $base"
  fi
  {
    echo "# Added by Herald's scripts/lib/imgui_sources.sh for \`apt-get source imgui\`."
    cat "$tmp"
  } >"$HERALD_DEB_SRC_FILE"
  rm -f "$tmp"
  chmod 0644 "$HERALD_DEB_SRC_FILE"
}

ensure_imgui_sources() {
  [ -f "$HERALD_IMGUI_DIR/imgui.cpp" ] && return 0
  [ "$(id -u)" -eq 0 ] || die "Dear ImGui sources missing in $HERALD_IMGUI_DIR (run scripts/setup as root)"
  say "fetching Dear ImGui sources (apt-get source imgui) into build/third_party"
  ensure_apt_packages dpkg-dev
  if ! _imgui_have_deb_src; then
    _imgui_add_deb_src
    say "added $HERALD_DEB_SRC_FILE; running apt-get update"
    apt-get update -qq
  fi
  mkdir -p "$HERALD_IMGUI_PARENT"
  # apt-get source unpacks into the current directory as imgui-<version>/
  # (dpkg-source applies Debian's patches). --only-source: the source package
  # named imgui, not whatever binary package might carry that name. The
  # download runs as root because _apt cannot write into build/.
  (cd "$HERALD_IMGUI_PARENT" && apt-get source -qq -o APT::Sandbox::User=root --only-source imgui >/dev/null)
  local tree
  tree="$(find "$HERALD_IMGUI_PARENT" -mindepth 1 -maxdepth 1 -type d -name 'imgui-*' | sort -V | tail -n 1)"
  [ -n "$tree" ] && [ -f "$tree/imgui.cpp" ] || die "apt-get source imgui did not unpack imgui.cpp into $HERALD_IMGUI_PARENT"
  ln -sfn "$(basename "$tree")" "$HERALD_IMGUI_DIR"
  local f
  for f in imgui.cpp imgui_draw.cpp imgui_tables.cpp imgui_widgets.cpp imgui_demo.cpp \
    backends/imgui_impl_glfw.cpp backends/imgui_impl_opengl3.cpp; do
    [ -f "$HERALD_IMGUI_DIR/$f" ] || die "Dear ImGui source tree is missing $f"
  done
  say "Dear ImGui sources ready: $HERALD_IMGUI_DIR -> $(basename "$tree")"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  ensure_imgui_sources
fi
