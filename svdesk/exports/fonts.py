"""The embedded Unicode font for PDFs: DejaVu Sans, shipped in resources/fonts with its licence.

Embedding a TrueType font (rather than using the PDF base-14 fonts) makes "£", "–", "’" and
names with accents print the same on every machine and lets pypdf extract the text.
"""

from __future__ import annotations

from functools import cache

from svdesk.resources import resource_path

REGULAR, BOLD = "SVDeskSans", "SVDeskSans-Bold"


@cache
def register() -> tuple[str, str]:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(REGULAR, str(resource_path("fonts", "DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
    # No italic face is shipped: map italic to the regular face so <i> never falls back to
    # Helvetica (which lacks many glyphs).
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR, BOLD
