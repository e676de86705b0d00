"""svdesk's colours, for exports and (through svdesk/ui/style.py) the screens: one definition.

Deep teal for primary actions, neutral greys for structure, green/amber/red only for status."""

from __future__ import annotations

PRIMARY = "#0b5f6b"
PRIMARY_DARK = "#084851"
PRIMARY_LIGHT = "#e3f1f2"
TEXT = "#1f2933"
TEXT_MUTED = "#52606d"
BORDER = "#d3d9de"
SURFACE = "#ffffff"
BACKGROUND = "#f4f6f7"
ERROR = "#b42318"
STATUS = {"on_track": "#1e7b34", "at_risk": "#a15c00", "behind": "#b42318"}
SERIES = {
    "local": "#0b5f6b",
    "sme": "#3d7dca",
    "vcse": "#8a4fb0",
    "other": "#9aa5b1",
    "unknown": "#c9a227",
}
# Extra series colours for charts with more series than the named ones, in order.
CYCLE = [PRIMARY, "#3d7dca", "#8a4fb0", "#c9a227", "#9aa5b1", PRIMARY_DARK]


def colour(key: str, index: int = 0) -> str:
    """A series colour: a SERIES key, a hex value, or the index-th colour of the cycle."""
    if key in SERIES:
        return SERIES[key]
    if key.startswith("#") and len(key) == 7:
        return key
    return CYCLE[index % len(CYCLE)]


def hex_bare(value: str) -> str:
    """ "#0b5f6b" -> "0B5F6B" as openpyxl wants it."""
    return value.lstrip("#").upper()
