#!/usr/bin/env bash
# Smoke-test an installed svdesk on Windows or macOS, as installer/smoke_test.sh does the Linux
# tarball: --version, check-install, demo, info --json, the workbook and statement exports (one in a
# child process, as the window runs it), a backup and a restore, and the window itself for a few
# seconds. The database sits in a folder with a space and an accent ("Données Ltd/my firm.svdesk").
#
#   installer/smoke_test_desktop.sh "C:\Users\me\AppData\Local\Programs\svdesk"   (Git Bash)
#   installer/smoke_test_desktop.sh /Applications/svdesk.app/Contents/MacOS
#
# The folder given holds svdesk-cli(.exe), the command-line twin, and svdesk(.exe), the window.
# CI (.github/workflows/installers.yml) runs it on the installed copy: the Inno Setup installer's
# on Windows, the .app copied out of the disk image on macOS.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 FOLDER-WITH-svdesk-cli" >&2; exit 2; }
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$HERE/../svdesk/__init__.py")"

case "$(uname -s)" in
  MINGW* | MSYS* | CYGWIN*)
    WINDOWS=1; EXE=".exe"; SAFE_PATH="/c/Windows/System32:/c/Windows"
    native() { cygpath -w "$1"; } ;;
  *)
    WINDOWS=0; EXE=""; SAFE_PATH="/usr/bin:/bin"
    native() { printf '%s' "$1"; } ;;
esac
DIR="$1"
[ "$WINDOWS" = 1 ] && DIR="$(cygpath -u "$DIR")"
CLI="$DIR/svdesk-cli$EXE"
GUI="$DIR/svdesk$EXE"
[ -x "$CLI" ] || { echo "smoke: $CLI not found" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
FIRM="$TMP/Données Ltd"
OUT="$FIRM/Évidence 2025"
mkdir -p "$OUT" "$TMP/Restauré"
DB="$FIRM/my firm.svdesk"
HOME_DIR="$TMP/svdesk home"
failures=0

# No Python environment leaks in: no PYTHONPATH/PYTHONHOME, a PATH with only the system's folders,
# svdesk's own home folder.
run() {
  env -u PYTHONPATH -u PYTHONHOME -u VIRTUAL_ENV PATH="$SAFE_PATH" \
    SVDESK_HOME="$(native "$HOME_DIR")" QT_QPA_PLATFORM=offscreen "$@"
}
svdesk() { run "$CLI" "$@"; }
check() { # check "what" command...: run, show the output, count a failure
  local what="$1"; shift
  if out="$("$@" 2>&1)"; then
    echo "smoke: ok   $what"
  else
    echo "smoke: FAIL $what"; failures=$((failures + 1))
  fi
  [ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/      /' | head -n 12
}
starts_with() { [ "$(head -c "${#2}" "$1" 2>/dev/null)" = "$2" ]; }

version_out="$(svdesk --version 2>&1 | tr -d '\r' || true)"
check "--version prints svdesk $VERSION (got: $version_out)" test "$version_out" = "svdesk $VERSION"
check "check-install finds resources, migrations and postcodes" svdesk check-install
check "demo creates the demo firm in 'Données Ltd/my firm.svdesk'" svdesk demo --db "$(native "$DB")"
info="$(svdesk info --db "$(native "$DB")" --json 2>&1 || true)"
check "info --json lists the demo firm and its contracts" \
  bash -c 'grep -qF "\"name\": \"Irwell Joinery Ltd\"" <<<"$1" && grep -qF "SCC-PR-2025-041" <<<"$1"' _ "$info"

check "export workbook" svdesk export workbook --db "$(native "$DB")" --out "$(native "$OUT/évidence.xlsx")"
check "the workbook is an xlsx (zip) file" starts_with "$OUT/évidence.xlsx" "PK"
check "export statement" svdesk export statement --db "$(native "$DB")" --out "$(native "$OUT/déclaration.pdf")"
check "the statement is a PDF" starts_with "$OUT/déclaration.pdf" "%PDF"
# The window exports in a child process: the frozen bundle must be able to start one
# (multiprocessing.freeze_support() in svdesk/__main__.py). --in-child-process is for this check.
child_out="$(svdesk export workbook --db "$(native "$DB")" --out "$(native "$OUT/child.xlsx")" \
  --in-child-process 2>&1 || true)"
check "an export in a child process (the window's way) works" \
  bash -c 'grep -qF "in a child process" <<<"$1" && [ "$(head -c 2 "$2")" = "PK" ]' _ "$child_out" "$OUT/child.xlsx"

ARCHIVE="$OUT/sauvegarde été.svdesk-backup"
RESTORED="$TMP/Restauré/my firm.svdesk"
check "backup" svdesk backup --db "$(native "$DB")" --out "$(native "$ARCHIVE")"
check "restore into a new folder" svdesk restore --db "$(native "$RESTORED")" "$(native "$ARCHIVE")"
restored_info="$(svdesk info --db "$(native "$RESTORED")" --json 2>&1 || true)"
check "the restored database has the demo's contracts" \
  bash -c 'grep -qF "SCC-PR-2025-041" <<<"$1"' _ "$restored_info"

# The window: it must start and keep running on the demo database for 8 seconds.
if [ -x "$GUI" ]; then
  run "$GUI" --db "$(native "$DB")" >"$TMP/gui.out" 2>&1 &
  gui_pid=$!
  sleep 8
  log="$HOME_DIR/logs/svdesk.log"
  if kill -0 "$gui_pid" 2>/dev/null && ! grep -q "ERROR" "$log" 2>/dev/null; then
    echo "smoke: ok   the window starts on the demo database and keeps running"
    kill "$gui_pid" 2>/dev/null || true
    wait "$gui_pid" 2>/dev/null || true
  else
    kill "$gui_pid" 2>/dev/null || true
    echo "smoke: FAIL the window did not keep running"; failures=$((failures + 1))
    sed 's/^/      /' "$TMP/gui.out" | tail -n 20
    [ -f "$log" ] && tail -n 20 "$log"
  fi
else
  echo "smoke: FAIL $GUI not found"; failures=$((failures + 1))
fi

if [ "$failures" -ne 0 ]; then
  echo "smoke: $failures check(s) failed"
  exit 1
fi
echo "smoke: all checks passed"
