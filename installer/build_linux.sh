#!/usr/bin/env bash
# Build the Linux bundle: dist/svdesk/ (one folder, runs without Python) and
# dist/svdesk-<version>-linux-x86_64.tar.gz (that folder plus a .desktop entry, icon, README and
# the licences).
#
#   installer/build_linux.sh
#
# Uses ./.venv when ./run.sh or ./test.sh has made it (adding the pinned PyInstaller from
# requirements-build.lock), otherwise makes ./.venv-build. SVDESK_BUILD_VENV=DIR chooses another.
# On Debian/Ubuntu it installs what is missing: the libraries Qt needs and binutils (PyInstaller
# reads shared libraries with objdump).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../tools/bootstrap.sh"     # ROOT, PY, install_system_libs
cd "$ROOT"

install_build_tools() {
  command -v objdump >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "svdesk: install binutils (objdump) first" >&2; exit 1; }
  echo "svdesk: installing binutils (PyInstaller needs objdump)"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends binutils >/dev/null
}

pick_venv() {
  if [ -n "${SVDESK_BUILD_VENV:-}" ]; then echo "$SVDESK_BUILD_VENV"
  elif [ -x "$ROOT/.venv/bin/python" ]; then echo "$ROOT/.venv"
  else echo "$ROOT/.venv-build"
  fi
}

install_system_libs
install_build_tools
BVENV="$(pick_venv)"
[ -x "$BVENV/bin/python" ] || "$PY" -m venv "$BVENV"
stamp="$BVENV/.svdesk-build.sha"
want="$(cat requirements.lock requirements-build.lock | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  "$BVENV/bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r requirements-build.lock
  echo "$want" > "$stamp"
fi

VERSION="$("$BVENV/bin/python" -c 'import sys; sys.path.insert(0, "."); import svdesk; print(svdesk.__version__)')"
ARCH="$(uname -m)"
NAME="svdesk-$VERSION-linux-$ARCH"
echo "svdesk: building $NAME with $("$BVENV/bin/pyinstaller" --version 2>/dev/null | head -1) in $BVENV"

started=$SECONDS
rm -rf dist/svdesk build/pyinstaller
"$BVENV/bin/python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/svdesk.spec
echo "svdesk: PyInstaller took $((SECONDS - started)) s"

# The tarball: one top folder with the bundle, the desktop entry, icon, README and installer.
stage="build/tarball/$NAME"
rm -rf build/tarball
mkdir -p "$stage"
cp -a dist/svdesk/. "$stage/"
cp resources/icons/svdesk-256.png "$stage/svdesk.png"
cp installer/linux/svdesk.desktop "$stage/svdesk.desktop"
cp installer/linux/install-desktop-entry.sh "$stage/install-desktop-entry.sh"
# svdesk's licence and the third-party licences, where a user sees them (the bundle has them
# too, under _internal/resources/licences, for Help > Licences).
cp LICENSE "$stage/LICENSE"
cp -a resources/licences "$stage/licences"
chmod +x "$stage/install-desktop-entry.sh" "$stage/svdesk"
sed "s/@VERSION@/$VERSION/g" installer/linux/README.txt > "$stage/README.txt"
tar -C build/tarball -czf "dist/$NAME.tar.gz" "$NAME"
rm -rf build/tarball
echo "svdesk: built dist/svdesk/ ($(du -sh dist/svdesk | cut -f1)) and dist/$NAME.tar.gz ($(du -h "dist/$NAME.tar.gz" | cut -f1)) in $((SECONDS - started)) s"
