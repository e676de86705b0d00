#!/usr/bin/env bash
# Build the Linux bundle, unpack the tarball as a user would and run it without Python, offscreen:
# --version, check-install, demo, info --json, an export from the demo database (when this svdesk
# has `svdesk export`), one in a child process as the window runs it, the desktop-entry
# installer, and the window itself for a few seconds.
#
#   installer/smoke_test.sh            (CI runs it after the tests; see .ci/run)
#
# SVDESK_SMOKE_SKIP_BUILD=1 tests the tarball already in dist/.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
cd "$ROOT"

t0=$SECONDS
if [ "${SVDESK_SMOKE_SKIP_BUILD:-}" != "1" ]; then
  bash "$HERE/build_linux.sh"
fi
build_s=$((SECONDS - t0))
VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' svdesk/__init__.py)"
TARBALL="dist/svdesk-$VERSION-linux-$(uname -m).tar.gz"
[ -f "$TARBALL" ] || { echo "smoke: $TARBALL was not built" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
tar -xzf "$TARBALL" -C "$TMP"
APP="$TMP/svdesk-$VERSION-linux-$(uname -m)"
BIN="$APP/svdesk"
DB="$TMP/demo.svdesk"
failures=0

# No Python environment leaks in: a clean environment, a PATH without the venv, its own home.
svdesk() {
  env -i PATH=/usr/bin:/bin HOME="$TMP/home" LANG=C.UTF-8 SVDESK_HOME="$TMP/svdesk-home" \
    QT_QPA_PLATFORM=offscreen "$BIN" "$@"
}
check() {  # check "what" command...: run, show the output, count a failure
  local what="$1"; shift
  if out="$("$@" 2>&1)"; then
    echo "smoke: ok   $what"
  else
    echo "smoke: FAIL $what"; failures=$((failures + 1))
  fi
  [ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/      /' | head -n 12
}
contains() { grep -qF -- "$1" <<<"$2"; }

check "bundle has README, .desktop entry and icon" \
  test -f "$APP/README.txt" -a -f "$APP/svdesk.desktop" -a -f "$APP/svdesk.png"
check "bundle has svdesk's licence and the third-party licences" \
  test -f "$APP/LICENSE" -a -f "$APP/licences/THIRD-PARTY-NOTICES.txt" \
  -a -f "$APP/licences/PySide6/LGPL-3.0.txt"
version_out="$(svdesk --version 2>&1 || true)"
check "--version prints svdesk $VERSION (got: $version_out)" test "$version_out" = "svdesk $VERSION"
check "check-install finds resources, migrations and postcodes" svdesk check-install
check "demo creates the demo firm" svdesk demo --db "$DB"
info="$(svdesk info --db "$DB" --json 2>&1 || true)"
check "info --json lists the demo firm and its contracts" \
  bash -c 'grep -qF "\"name\": \"Irwell Joinery Ltd\"" <<<"$1" && grep -qF "SCC-PR-2025-041" <<<"$1"' _ "$info"

# A command-line export, when this svdesk has one (`svdesk export KIND --db DB --out FILE`):
# the evidence workbook (openpyxl) and the annual statement as PDF (reportlab and its fonts).
if svdesk export --help >/dev/null 2>&1; then
  mkdir -p "$TMP/out"
  for kind_file in workbook:evidence-workbook.xlsx statement:annual-statement.pdf; do
    kind="${kind_file%%:*}"; file="$TMP/out/${kind_file#*:}"
    check "export $kind from the demo database" svdesk export "$kind" --db "$DB" --out "$file"
    check "export $kind wrote ${file##*/}" test -s "$file"
  done
  head -c 4 "$TMP/out/evidence-workbook.xlsx" 2>/dev/null | grep -q "PK" \
    && echo "smoke: ok   the workbook is a zip (xlsx)" \
    || { echo "smoke: FAIL the workbook is not an xlsx file"; failures=$((failures + 1)); }
  head -c 5 "$TMP/out/annual-statement.pdf" 2>/dev/null | grep -q "%PDF" \
    && echo "smoke: ok   the statement is a PDF" \
    || { echo "smoke: FAIL the statement is not a PDF"; failures=$((failures + 1)); }
  # The window exports in a child process (svdesk.exports.child): the frozen bundle must be able
  # to start one, which needs multiprocessing.freeze_support() first in svdesk/__main__.py.
  # --in-child-process is a hidden option of `svdesk export` for this check only.
  child_file="$TMP/out/child-workbook.xlsx"
  child_out="$(timeout 120 env -i PATH=/usr/bin:/bin HOME="$TMP/home" LANG=C.UTF-8 \
    SVDESK_HOME="$TMP/svdesk-home" QT_QPA_PLATFORM=offscreen \
    "$BIN" export workbook --db "$DB" --out "$child_file" --in-child-process 2>&1 || true)"
  check "an export in a child process (the window's way) works in the bundle" \
    bash -c 'grep -qF "in a child process" <<<"$1" && [ "$(head -c 2 "$2")" = "PK" ]' \
    _ "$child_out" "$child_file"
  [ -z "$child_out" ] || printf '%s\n' "$child_out" | sed 's/^/      /' | head -n 12
else
  echo "smoke: skip export (this svdesk has no \`svdesk export\` command yet)"
fi

# A shared PostgreSQL database (#22), when the tests' throwaway server is there (.ci/run starts
# one): the bundle carries psycopg and libpq, moves the demo onto the server, checks that every
# figure is the same there, and reads it back.
if [ -n "${SVDESK_TEST_PG:-}" ] && command -v psql >/dev/null 2>&1; then
  smoke_db="svdesk_smoke_$$"
  psql -q "$SVDESK_TEST_PG" -c "CREATE DATABASE $smoke_db" >/dev/null
  smoke_url="${SVDESK_TEST_PG/\/postgres?/\/$smoke_db?}"
  move_out="$(svdesk move --from "$DB" --to "$smoke_url" 2>&1 || true)"
  check "move the demo onto a PostgreSQL server, every figure checked" \
    grep -qF "every figure is the same" <<<"$move_out"
  [ -z "$move_out" ] || printf '%s\n' "$move_out" | tail -n 3 | sed 's/^/      /'
  pg_info="$(svdesk info --db "$smoke_url" --json 2>&1 || true)"
  check "info --json reads the demo firm from the server" grep -qF "Irwell Joinery Ltd" <<<"$pg_info"
  psql -q "$SVDESK_TEST_PG" -c "DROP DATABASE $smoke_db" >/dev/null 2>&1 || true
else
  echo "smoke: skip PostgreSQL (no SVDESK_TEST_PG server)"
fi

# The desktop entry installer writes an entry that points at this folder.
check "install-desktop-entry.sh adds a menu entry" \
  env -i PATH=/usr/bin:/bin HOME="$TMP/home" XDG_DATA_HOME="$TMP/xdg" sh "$APP/install-desktop-entry.sh"
check "the menu entry starts this bundle" grep -qF "Exec=\"$BIN\"" "$TMP/xdg/applications/svdesk.desktop"
if command -v desktop-file-validate >/dev/null 2>&1; then
  check "desktop-file-validate" desktop-file-validate "$TMP/xdg/applications/svdesk.desktop"
fi

# The window: it must start and keep running on the demo database (timeout's 124 = still up).
set +e
timeout 8 env -i PATH=/usr/bin:/bin HOME="$TMP/home" LANG=C.UTF-8 SVDESK_HOME="$TMP/svdesk-home" \
  QT_QPA_PLATFORM=offscreen "$BIN" --db "$DB" >"$TMP/gui.out" 2>&1
gui_rc=$?
set -e
if [ "$gui_rc" -eq 124 ] && ! grep -q "ERROR" "$TMP/svdesk-home/logs/svdesk.log" 2>/dev/null; then
  echo "smoke: ok   the window starts on the demo database and keeps running"
else
  echo "smoke: FAIL the window exited with $gui_rc"; failures=$((failures + 1))
  sed 's/^/      /' "$TMP/gui.out" | tail -n 20
  [ -f "$TMP/svdesk-home/logs/svdesk.log" ] && tail -n 20 "$TMP/svdesk-home/logs/svdesk.log"
fi

echo "smoke: bundle $(du -sh "$APP" | cut -f1), tarball $(du -h "$TARBALL" | cut -f1);" \
  "build ${build_s} s, checks $((SECONDS - t0 - build_s)) s"
if [ "$failures" -ne 0 ]; then
  echo "smoke: $failures check(s) failed"
  exit 1
fi
echo "smoke: all checks passed"
