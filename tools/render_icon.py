"""Render resources/icons/svdesk.svg to the PNG, ICO and ICNS files the app and installers use.

    .venv/bin/python tools/render_icon.py

Writes resources/icons/svdesk-256.png and svdesk-48.png (window icon, Linux .desktop entry),
installer/windows/svdesk.ico and installer/macos/svdesk.icns. Run it after editing the SVG and
commit the results: the builds use the committed files. Uses QtSvg here only (the app does not).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "svdesk.svg"


def render(renderer: QSvgRenderer, size: int, target: Path) -> None:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target)):
        raise SystemExit(f"could not write {target}")


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (QImage painting needs an application)
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG")
    icons = SVG.parent
    render(renderer, 256, icons / "svdesk-256.png")
    render(renderer, 48, icons / "svdesk-48.png")
    big = icons / ".svdesk-1024.tmp.png"
    render(renderer, 1024, big)
    try:
        with Image.open(big) as img:
            img.load()
            img.save(
                ROOT / "installer" / "windows" / "svdesk.ico",
                sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)],
            )
            img.save(ROOT / "installer" / "macos" / "svdesk.icns")
    finally:
        big.unlink(missing_ok=True)
    print("wrote icons from", SVG)
    return 0


if __name__ == "__main__":
    sys.exit(main())
