"""Tables in PDF documents: column widths that fit A4, cells as safe markup, and long tables
laid out a page at a time (PagedTable) so a register of 20,000 files takes seconds, not minutes.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from svdesk.exports import model as m
from svdesk.exports import theme
from svdesk.exports.cell_text import format_cell, width_sample
from svdesk.exports.fonts import BOLD, REGULAR
from svdesk.exports.privacy import redact

MARGIN_X = 22 * mm
BODY_W = A4[0] - 2 * MARGIN_X
C = colors.HexColor
PAGED_FROM = 120  # rows: a table longer than about three pages is laid out page by page
MEASURE_ROWS = 200  # rows measured at a time


def text(value: str) -> str:
    """User text as safe Paragraph markup: escaped, postcodes redacted, line breaks kept."""
    return escape(redact(str(value))).replace("\n", "<br/>")


def _col_widths(table: m.Table) -> list[float]:
    """Widths that fit: short columns (numbers, dates, codes) get their natural width and never
    wrap; wrapping columns share what is left in proportion to their content."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pad = 12
    natural, minimum = [], []
    totals = table.totals() if table.has_totals else None
    for i, col in enumerate(table.columns):
        texts = width_sample(col, [r[i] for r in table.rows])
        font = BOLD if col.status else REGULAR
        widest = max([stringWidth(("● " if col.status else "") + t, font, 8) for t in texts] + [0])
        if totals is not None:
            widest = max(widest, stringWidth(format_cell(col, totals[i]), BOLD, 8))
        head_word = max(stringWidth(w, BOLD, 8) for w in (col.title.split() or [""]))
        words = max([stringWidth(w, REGULAR, 8) for t in texts for w in t.split()] + [0])
        natural.append(max(widest, head_word) + pad)
        minimum.append(max(head_word, words if col.kind == m.TEXT else widest) + pad)
    fixed = [not c.wrap for c in table.columns]
    widths = [min(n, BODY_W * 0.4) if f else 0 for n, f in zip(natural, fixed, strict=True)]
    left = BODY_W - sum(widths)
    flexible = [i for i, f in enumerate(fixed) if not f]
    if flexible:
        # Proportional to content, but a very long column must not starve a short one.
        natural = [min(n, 180) for n in natural]
        want = sum(natural[i] for i in flexible)
        floor = sum(max(minimum[i], 40) for i in flexible)
        if left < floor:  # fixed columns too wide: squeeze the text ones, not the numbers
            squeeze = [i for i, f in enumerate(fixed) if f and table.columns[i].kind == m.TEXT]
            extra = floor - left
            room = sum(widths[i] - minimum[i] for i in squeeze if widths[i] > minimum[i])
            for i in squeeze:
                if room > 0 and widths[i] > minimum[i]:
                    widths[i] -= min(extra, room) * (widths[i] - minimum[i]) / room
            left = BODY_W - sum(widths)
        for i in flexible:
            widths[i] = max(left * natural[i] / want if want else left / len(flexible), 40, minimum[i])
        # A word is never split ("Not evid/enced"): the room a column took above its longest
        # word comes back from the columns with room to spare.
        excess = sum(widths) - BODY_W
        slack = {i: widths[i] - max(minimum[i], 40) for i in flexible if widths[i] > max(minimum[i], 40)}
        spare = sum(slack.values())
        if excess > 0 and spare > 0:
            for i, room in slack.items():
                widths[i] -= min(excess, spare) * room / spare
    total = sum(widths)
    if total > BODY_W or not flexible:
        scale = BODY_W / total if total > BODY_W else 1
        widths = [w * scale for w in widths]
    return widths


def _cell_markup(col: m.Column, value) -> str:
    """A cell's text; a status is shown by its word in bold status colour (never colour alone)."""
    shown = text(format_cell(col, value))
    key = m.STATUS_WORDS.get(value) if col.status else None
    if key:
        return f'<font color="{theme.STATUS[key]}"><b>● {shown}</b></font>'
    return shown


def _style(continued: bool, totals: bool) -> list:
    """The table's look. On a page that continues a long table reportlab's own split also
    rules a line under the repeated header, and the stripes start again."""
    style = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("BACKGROUND", (0, 0), (-1, 0), C(theme.PRIMARY)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, 0 if continued else 1), (-1, -1), 0.25, C(theme.BORDER)),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, C("#f8fafb")]),
    ]
    if totals:
        style += [
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, C(theme.TEXT)),
            ("BACKGROUND", (0, -1), (-1, -1), C(theme.PRIMARY_LIGHT)),
        ]
    return style


def _rl_table(
    head: list,
    rows: list,
    widths: list[float],
    continued: bool,
    totals: bool,
    heights: list[float] | None = None,
) -> Table:
    t = Table([head] + rows, colWidths=widths, rowHeights=heights, repeatRows=1, splitInRow=0, hAlign="LEFT")
    t.setStyle(TableStyle(_style(continued, totals)))
    return t


class PagedTable(Flowable):
    """A long table laid out one page at a time, looking exactly like one reportlab Table.

    reportlab splits a long Table at each page by building a new table of all the rows left,
    so a 20,000-row evidence index cost time (and memory) in proportion to rows × pages: six
    minutes and 1.3 GB. Here each row is measured once and each page gets a table of just the
    rows that fit, with the header repeated, as reportlab's own split draws it. Cells are made
    (make_row) only for the rows being measured or drawn: 120,000 paragraphs held at once
    made every garbage collection pass long enough to stall the window for seconds."""

    def __init__(
        self,
        head: list,
        make_row,
        count: int,
        widths: list[float],
        totals: bool,
        first: int = 0,
        heights: list[float] | None = None,
    ):
        super().__init__()
        self.head, self.make_row, self.count, self.widths = head, make_row, count, widths
        self.totals, self.first = totals, first
        self._heights = heights
        self.hAlign = "LEFT"

    def _rows(self, start: int, stop: int) -> list:
        return [self.make_row(self.first + i) for i in range(start, min(stop, self.count))]

    def _measure(self) -> list[float]:
        """[header height] + one height per row, from reportlab's own layout of the rows in
        pieces (so the page breaks fall where reportlab's would)."""
        if self._heights is None:
            heights: list[float] = []
            for i in range(0, self.count, MEASURE_ROWS):
                piece = _rl_table(self.head, self._rows(i, i + MEASURE_ROWS), self.widths, False, False)
                piece.wrap(sum(self.widths), 1e9)
                heights += ([] if heights else piece._rowHeights[:1]) + piece._rowHeights[1:]
            self._heights = heights or [0.0]
        return self._heights

    def wrap(self, availWidth, availHeight):  # noqa: N802,N803 (reportlab naming)
        self.width, self.height = sum(self.widths), sum(self._measure())
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803 (reportlab naming)
        heights = self._measure()
        used, fit = heights[0], 0
        for h in heights[1:]:
            if used + h > availHeight - 1e-6:
                break
            used += h
            fit += 1
        if fit == 0:
            return []  # not even one row here: the frame moves on
        if fit == self.count:
            return [self._page(self.count)]
        rest = PagedTable(
            self.head,
            self.make_row,
            self.count - fit,
            self.widths,
            self.totals,
            self.first + fit,
            heights[:1] + heights[1 + fit :],
        )
        return [self._page(fit), rest]

    def _page(self, n: int) -> Table:
        """The first n rows as one page's table; their measured heights are passed on, so
        reportlab does not lay each cell out yet again to find them."""
        return _rl_table(
            self.head,
            self._rows(0, n),
            self.widths,
            self.first > 0,
            self.totals and n == self.count,
            self._measure()[: n + 1],
        )

    def draw(self):
        table = self._page(self.count)
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)


def table_flowables(table: m.Table, st) -> list:
    out: list = []
    if table.caption:
        out.append(Paragraph(text(table.caption), st["h3"]))
    if not table.rows:
        out.append(Paragraph(text(table.empty_text), st["empty"]))
        return out
    numeric = [c.kind in m.NUMERIC_KINDS or c.kind == m.DATE for c in table.columns]
    head = [
        Paragraph(text(c.title), st["head_r" if numeric[i] else "head"]) for i, c in enumerate(table.columns)
    ]
    totals = table.totals() if table.has_totals else None

    def make_row(i: int) -> list:
        if i == len(table.rows):  # the totals row, after the last
            assert totals is not None  # counted in only when the table has totals
            return [
                Paragraph(f"<b>{text(format_cell(c, totals[n]))}</b>", st["cell_r" if numeric[n] else "cell"])
                for n, c in enumerate(table.columns)
            ]
        r = table.rows[i]
        return [
            Paragraph(_cell_markup(c, r[n]), st["cell_r" if numeric[n] else "cell"])
            for n, c in enumerate(table.columns)
        ]

    count = len(table.rows) + (1 if totals is not None else 0)
    widths = _col_widths(table)
    if count > PAGED_FROM:
        out.append(PagedTable(head, make_row, count, widths, totals is not None))
    else:
        out.append(_rl_table(head, [make_row(i) for i in range(count)], widths, False, totals is not None))
    out.append(Spacer(1, 10))
    return out
