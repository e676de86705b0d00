#!/bin/sh
# Add svdesk to your desktop's application menu (for you only; nothing outside your home folder
# changes). Run it again after moving this folder. To remove: ./install-desktop-entry.sh --remove
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
APPS="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
ICONS="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
if [ "${1:-}" = "--remove" ]; then
  rm -f "$APPS/svdesk.desktop" "$ICONS/svdesk.png"
  echo "Removed svdesk from the application menu. Delete this folder to remove svdesk itself."
  exit 0
fi
mkdir -p "$APPS" "$ICONS"
cp "$HERE/svdesk.png" "$ICONS/svdesk.png"
# A .desktop entry needs the full path of the program; quote it for folders with spaces.
sed -e "s|^Exec=.*|Exec=\"$HERE/svdesk\"|" -e "s|^Icon=.*|Icon=$ICONS/svdesk.png|" \
  "$HERE/svdesk.desktop" > "$APPS/svdesk.desktop"
chmod +x "$APPS/svdesk.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$APPS" 2>/dev/null || true
echo "svdesk is now in your application menu (Office). It starts $HERE/svdesk"
