"""Text contrast of the theme's colour pairs, by the WCAG 2 formula (Qt-free).

PAIRS lists every foreground/background pair the stylesheet and pages put text in; the test
checks each reaches WCAG AA for body text (4.5:1), so a palette change that makes text hard to
read fails at once rather than in a user's eyes.
"""

from __future__ import annotations

from svdesk.exports import theme
from svdesk.ui import style

AA = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(foreground: str, background: str) -> float:
    """The WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


WHITE = "#ffffff"
# (what it is, text colour, background colour)
PAIRS: tuple[tuple[str, str, str], ...] = (
    ("body text on a page", theme.TEXT, theme.BACKGROUND),
    ("body text in a field, table or card", theme.TEXT, theme.SURFACE),
    ("help text and purposes on a page", theme.TEXT_MUTED, theme.BACKGROUND),
    ("help text in a card or form", theme.TEXT_MUTED, theme.SURFACE),
    ("primary button", WHITE, theme.PRIMARY),
    ("primary button, hovered", WHITE, theme.PRIMARY_DARK),
    ("selected navigation item", theme.PRIMARY_DARK, theme.PRIMARY_LIGHT),
    ("selected table row", theme.TEXT, theme.PRIMARY_LIGHT),
    ("card figure", theme.PRIMARY_DARK, theme.SURFACE),
    ("brand name", theme.PRIMARY_DARK, theme.SURFACE),
    ("field error", theme.ERROR, theme.SURFACE),
    ("field error on a page", theme.ERROR, theme.BACKGROUND),
    ("disabled button or field", style.DISABLED_TEXT, style.DISABLED_BG),
    *((f"status “{name}” in a table", colour, theme.SURFACE) for name, colour in theme.STATUS.items()),
    *((f"status “{name}” on a page", colour, theme.BACKGROUND) for name, colour in theme.STATUS.items()),
)


def failing(minimum: float = AA) -> list[str]:
    """The pairs under the minimum, each with its ratio."""
    return [
        f"{what}: {fg} on {bg} is {ratio(fg, bg):.2f}:1" for what, fg, bg in PAIRS if ratio(fg, bg) < minimum
    ]
