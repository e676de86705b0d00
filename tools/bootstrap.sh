#!/usr/bin/env bash
# Shared set-up for run.sh and test.sh: system libraries Qt needs, a .venv with pinned packages,
# and svdesk installed into it (editable). Safe to run again: each step is skipped when done.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"

# Debian package names for the Qt libraries; "x11" adds what a real X11 window needs.
QT_OFFSCREEN_PKGS="libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-dejavu-core"
QT_X11_PKGS="libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0"

install_system_libs() {
  local wanted="$QT_OFFSCREEN_PKGS"
  [ "${1:-}" = "x11" ] && wanted="$wanted $QT_X11_PKGS"
  command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian/Ubuntu: the user installs Qt's libs
  local missing=""
  for p in $wanted; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  echo "svdesk: installing system libraries Qt needs:$missing"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

setup_venv() {
  local lock="$1"   # requirements.lock or requirements-test.lock
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  local stamp="$VENV/.svdesk-$(basename "$lock").sha"
  local want
  want="$(cat "$ROOT/requirements.lock" "$ROOT/$lock" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    # pip compiles bytecode even where PYTHONDONTWRITEBYTECODE is set, so start-up stays quick.
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r "$ROOT/$lock"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps -e "$ROOT"
    echo "$want" > "$stamp"
  fi
}
