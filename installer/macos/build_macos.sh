#!/usr/bin/env bash
# Build svdesk for macOS: dist/svdesk.app (PyInstaller BUNDLE, from installer/svdesk.spec) and a
# disk image dist/svdesk-<version>-macos-<arch>.dmg to drag it to Applications.
#
#   installer/macos/build_macos.sh
#
# Needs: macOS 11+, Python 3.11 from python.org (universal2) or Homebrew, and Xcode's command-line
# tools (codesign, hdiutil are part of macOS). Builds for the machine's own architecture: run it
# on Apple silicon for arm64 and on an Intel Mac for x86_64. The app is signed ad hoc; to ship
# it outside your own Macs, sign it with a Developer ID and notarise it (see README.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3.11}"
VENV="$ROOT/.venv-build"
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r requirements-build.lock

VERSION="$("$VENV/bin/python" -c 'import sys; sys.path.insert(0, "."); import svdesk; print(svdesk.__version__)')"
ARCH="$(uname -m)"
echo "svdesk: building svdesk.app $VERSION for $ARCH"
rm -rf dist/svdesk dist/svdesk.app build/pyinstaller
"$VENV/bin/python" -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/svdesk.spec

# The command-line twin inside the app checks that the bundle found its data files.
dist/svdesk.app/Contents/MacOS/svdesk-cli --version
dist/svdesk.app/Contents/MacOS/svdesk-cli check-install

codesign --force --deep --sign - dist/svdesk.app
DMG="dist/svdesk-$VERSION-macos-$ARCH.dmg"
rm -f "$DMG"
stage="$(mktemp -d)"
cp -R dist/svdesk.app "$stage/"
ln -s /Applications "$stage/Applications"
# svdesk's licence and the third-party licences beside the app (inside it too, for Help > Licences).
cp LICENSE "$stage/LICENSE.txt"
cp -R resources/licences "$stage/Licences"
hdiutil create -quiet -volname "svdesk $VERSION" -srcfolder "$stage" -ov -format UDZO "$DMG"
rm -rf "$stage"
echo "svdesk: built dist/svdesk.app and $DMG"
