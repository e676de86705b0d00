"""Render a model.Document to PDF with reportlab platypus: A4, a cover, contents, and the look of
something a firm would hand a council with pride.

Cover page (firm name, logo if given, title, period), a contents page, numbered headings that
become PDF bookmarks, key-figure cards, tables whose header repeats on every page and whose rows
never split across pages, bar charts with their values, "Page N of M" on every page after the
cover, and document metadata (title, author = the organisation, subject).
"""

from __future__ import annotations

import logging
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Image as RLImage
from reportlab.platypus.tableofcontents import TableOfContents

from svdesk.exports import model as m
from svdesk.exports import theme
from svdesk.exports.fonts import BOLD, REGULAR, register
from svdesk.exports.pdf_charts import chart_drawing
from svdesk.exports.pdf_tables import BODY_W, MARGIN_X, table_flowables, text
from svdesk.exports.privacy import redact
from svdesk.formatting import format_date
from svdesk.safety.text import clean_tree

PAGE_W, PAGE_H = A4
MARGIN_TOP, MARGIN_BOTTOM = 24 * mm, 22 * mm
C = colors.HexColor


log = logging.getLogger(__name__)


def _styles() -> dict[str, ParagraphStyle]:
    register()
    base = ParagraphStyle(
        "body", fontName=REGULAR, fontSize=9.5, leading=14, textColor=C(theme.TEXT), spaceAfter=6
    )
    return {
        "body": base,
        "lead": ParagraphStyle("lead", parent=base, fontSize=11.5, leading=17, spaceAfter=10),
        "note": ParagraphStyle(
            "note", parent=base, fontSize=8.5, leading=12, textColor=C(theme.TEXT_MUTED), keepWithNext=1
        ),
        "source": ParagraphStyle(
            "source", parent=base, fontSize=8.5, leading=12, textColor=C(theme.TEXT_MUTED)
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11, textColor=C(theme.TEXT_MUTED)),
        "quote": ParagraphStyle(
            "quote",
            parent=base,
            fontSize=10.5,
            leading=16,
            leftIndent=12,
            borderPadding=(4, 0, 4, 8),
            borderColor=C(theme.PRIMARY),
            borderWidth=0,
            textColor=C(theme.PRIMARY_DARK),
            spaceBefore=4,
            spaceAfter=10,
        ),
        "empty": ParagraphStyle(
            "empty",
            parent=base,
            textColor=C(theme.TEXT_MUTED),
            backColor=C(theme.BACKGROUND),
            borderPadding=8,
            borderColor=C(theme.BORDER),
            borderWidth=0.5,
            spaceBefore=6,
            spaceAfter=14,
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=BOLD,
            fontSize=17,
            leading=22,
            textColor=C(theme.PRIMARY_DARK),
            spaceBefore=6,
            spaceAfter=10,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=12,
            leading=16,
            textColor=C(theme.TEXT),
            spaceBefore=10,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName=BOLD,
            fontSize=10,
            leading=14,
            textColor=C(theme.TEXT),
            spaceBefore=6,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10.5, spaceAfter=0),
        "cell_r": ParagraphStyle(
            "cell_r", parent=base, fontSize=8, leading=10.5, spaceAfter=0, alignment=TA_RIGHT
        ),
        "head": ParagraphStyle(
            "head", parent=base, fontName=BOLD, fontSize=8, leading=10.5, textColor=colors.white, spaceAfter=0
        ),
        "head_r": ParagraphStyle(
            "head_r",
            parent=base,
            fontName=BOLD,
            fontSize=8,
            leading=10.5,
            textColor=colors.white,
            spaceAfter=0,
            alignment=TA_RIGHT,
        ),
        "fig_value": ParagraphStyle(
            "fig_value",
            parent=base,
            fontName=BOLD,
            fontSize=16,
            leading=20,
            textColor=C(theme.PRIMARY_DARK),
            spaceAfter=0,
        ),
        "fig_label": ParagraphStyle(
            "fig_label", parent=base, fontSize=8, leading=10.5, textColor=C(theme.TEXT_MUTED), spaceAfter=0
        ),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=10.5, leading=18, leftIndent=0),
        "toc2": ParagraphStyle(
            "toc2", parent=base, fontSize=9, leading=14, leftIndent=14, textColor=C(theme.TEXT_MUTED)
        ),
    }


class NumberedCanvas(Canvas):
    """Holds pages back until the end so each can say "Page N of M"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved: list[dict] = []

    def showPage(self):  # noqa: N802 (reportlab naming)
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            if self._pageNumber > 1:
                self.setFont(REGULAR, 8)
                self.setFillColor(C(theme.TEXT_MUTED))
                self.drawRightString(PAGE_W - MARGIN_X, 12 * mm, f"Page {self._pageNumber} of {total}")
            super().showPage()
        super().save()


class _DocTemplate(BaseDocTemplate):
    def __init__(self, filename, doc: m.Document, **kw):
        super().__init__(
            filename,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=doc.title,
            author=doc.organisation,
            subject=doc.subject or doc.title,
            creator="svdesk",
            initialFontName=REGULAR,
            initialFontSize=9.5,
            **kw,
        )
        self.model = doc
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            BODY_W,
            PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", frames=[frame], onPage=self._cover),
                PageTemplate("body", frames=[frame], onPage=self._furniture),
            ]
        )
        self._heading_seq = 0

    def _cover(self, canvas, _doc):
        d = self.model
        canvas.saveState()
        band = PAGE_H * 0.42
        canvas.setFillColor(C(theme.PRIMARY))
        canvas.rect(0, PAGE_H - band, PAGE_W, band, stroke=0, fill=1)
        canvas.setFillColor(C(theme.PRIMARY_DARK))
        canvas.rect(0, PAGE_H - band - 6 * mm, PAGE_W, 6 * mm, stroke=0, fill=1)
        y = PAGE_H - 30 * mm
        if d.logo and Path(d.logo).is_file():
            try:
                canvas.drawImage(
                    str(d.logo),
                    MARGIN_X,
                    y - 22 * mm,
                    width=50 * mm,
                    height=22 * mm,
                    preserveAspectRatio=True,
                    anchor="sw",
                    mask="auto",
                )
                y -= 30 * mm
            except Exception:  # a broken logo must not stop the export; the name still shows
                log.warning("The logo %s could not be drawn on the cover", d.logo, exc_info=True)
        canvas.setFillColor(colors.white)
        canvas.setFont(BOLD, 13)
        canvas.drawString(MARGIN_X, y, redact(d.organisation))
        canvas.setFont(BOLD, 28)
        y = PAGE_H - band + 40 * mm
        for line in _wrap(d.title, BOLD, 28, BODY_W):
            canvas.drawString(MARGIN_X, y, line)
            y -= 34
        canvas.setFillColor(C(theme.TEXT))
        y = PAGE_H - band - 22 * mm
        if d.subtitle:
            canvas.setFont(REGULAR, 14)
            for line in _wrap(redact(d.subtitle), REGULAR, 14, BODY_W):
                canvas.drawString(MARGIN_X, y, line)
                y -= 20
        if d.period:
            canvas.setFont(BOLD, 11)
            canvas.setFillColor(C(theme.PRIMARY_DARK))
            canvas.drawString(MARGIN_X, y - 6, d.period)
            y -= 26
        if d.cover_facts:
            self._cover_facts(canvas, y - 14)
        canvas.setFont(REGULAR, 8.5)
        canvas.setFillColor(C(theme.TEXT_MUTED))
        canvas.drawString(
            MARGIN_X,
            20 * mm,
            f"Prepared by {redact(d.organisation)} on {format_date(d.generated_on)} with svdesk.",
        )
        canvas.restoreState()

    def _cover_facts(self, canvas, top: float) -> None:
        """Key facts under the title: label on the left, value on the right, a rule between."""
        label_w = 52 * mm
        y = top
        canvas.setStrokeColor(C(theme.BORDER))
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, y + 12, PAGE_W - MARGIN_X, y + 12)
        for label_text, value in self.model.cover_facts:
            lines = _wrap(redact(value), BOLD, 10.5, BODY_W - label_w) or [""]
            canvas.setFont(REGULAR, 9)
            canvas.setFillColor(C(theme.TEXT_MUTED))
            canvas.drawString(MARGIN_X, y, label_text)
            canvas.setFont(BOLD, 10.5)
            canvas.setFillColor(C(theme.TEXT))
            for line in lines:
                canvas.drawString(MARGIN_X + label_w, y, line)
                y -= 14
            y -= 8
            canvas.line(MARGIN_X, y + 12, PAGE_W - MARGIN_X, y + 12)
            if y < 35 * mm:
                break

    def _furniture(self, canvas, _doc):
        canvas.saveState()
        canvas.setStrokeColor(C(theme.BORDER))
        canvas.setLineWidth(0.5)
        top = PAGE_H - 14 * mm
        canvas.line(MARGIN_X, top - 2 * mm, PAGE_W - MARGIN_X, top - 2 * mm)
        canvas.setFont(BOLD, 8)
        canvas.setFillColor(C(theme.PRIMARY_DARK))
        canvas.drawString(MARGIN_X, top, redact(self.model.organisation))
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(C(theme.TEXT_MUTED))
        canvas.drawRightString(PAGE_W - MARGIN_X, top, self.model.title)
        canvas.drawString(MARGIN_X, 12 * mm, self.model.period)
        canvas.restoreState()

    def afterFlowable(self, flowable):  # noqa: N802 (reportlab naming)
        level = getattr(flowable, "_toc_level", None)
        if level is None:
            return
        title = flowable.getPlainText()
        key = f"h{self._heading_seq}"
        self._heading_seq += 1
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
        # The contents list parses its entries as markup: a heading's own "&" or "<i>" (a
        # user's case study title) is text there, escaped as in the heading itself.
        self.notify("TOCEntry", (level, text(title), self.page, key))

    def handle_documentBegin(self):  # noqa: N802
        self._heading_seq = 0
        super().handle_documentBegin()


def _wrap(value: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for word in (value or "").split():
        trial = f"{line} {word}".strip()
        if stringWidth(trial, font, size) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return lines + ([line] if line else [])


def _heading(title: str, level: int, st) -> Paragraph:
    p = Paragraph(text(title), st["h1" if level <= 1 else "h2" if level == 2 else "h3"])
    if level <= 2:
        p._toc_level = level - 1
    return p


def _fitted(value: str, style: ParagraphStyle, width: float) -> ParagraphStyle:
    """The headline style, smaller where a long figure (£125,003,610.48) would break across
    lines in its card; never under 9 pt."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    longest = max((stringWidth(w, style.fontName, style.fontSize) for w in value.split()), default=0)
    if longest <= width:
        return style
    size = max(9.0, style.fontSize * width / longest)
    return ParagraphStyle(
        f"{style.name}_{size:.1f}", parent=style, fontSize=size, leading=size * style.leading / style.fontSize
    )


def _figures(fig: m.Figures, st) -> list:
    per_row = 3 if len(fig.items) != 4 else 2
    cells: list = []  # a list of flowables per figure
    rows: list[list] = []  # of cells, padded with "" to per_row
    gap = 6
    width = (BODY_W - gap * (per_row - 1)) / per_row
    for f in fig.items:
        cell = [
            Paragraph(text(f.label), st["fig_label"]),
            Paragraph(text(f.value), _fitted(text(f.value), st["fig_value"], width - 20)),
        ]
        if f.detail:
            cell.append(Paragraph(text(f.detail), st["small"]))
        cells.append(cell)
    for i in range(0, len(cells), per_row):
        row = cells[i : i + per_row]
        rows.append(row + [""] * (per_row - len(row)))
    t = Table(rows, colWidths=[width] * per_row, hAlign="LEFT")
    style: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
    ]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell != "":
                style += [
                    ("BACKGROUND", (c, r), (c, r), C(theme.PRIMARY_LIGHT)),
                    ("LINEBEFORE", (c, r), (c, r), 3, C(theme.PRIMARY)),
                ]
    t.setStyle(TableStyle(style))
    return [t, Spacer(1, 12)]


def _image(img: m.Image, st) -> list:
    path = Path(img.path)
    if not path.is_file():
        return [Paragraph(text(f"Image not found: {path.name}"), st["note"])]
    try:
        from reportlab.lib.utils import ImageReader

        iw, ih = ImageReader(str(path)).getSize()
    except Exception:
        return [Paragraph(text(f"Image could not be read: {path.name}"), st["note"])]
    width = min(img.width_mm * mm, BODY_W)
    height = width * ih / iw
    if height > 110 * mm:
        height = 110 * mm
        width = height * iw / ih
    parts = [RLImage(str(path), width=width, height=height, hAlign="LEFT")]
    if img.caption:
        parts.append(Paragraph(text(img.caption), st["small"]))
    return [KeepTogether(parts), Spacer(1, 8)]


def _gallery(g: m.Gallery, st) -> list:
    from reportlab.lib.utils import ImageReader

    gap = 6
    width = (BODY_W - gap * (g.columns - 1)) / g.columns
    cells = []
    for img in g.images:
        path = Path(img.path)
        try:
            iw, ih = ImageReader(str(path)).getSize()
        except Exception:  # unreadable: say so in its cell rather than stop the export
            cells.append([Paragraph(text(f"Image could not be read: {path.name}"), st["small"])])
            continue
        w, h = width - 4, (width - 4) * ih / iw
        if h > 50 * mm:
            h, w = 50 * mm, 50 * mm * iw / ih
        cells.append(
            [RLImage(str(path), width=w, height=h, hAlign="LEFT"), Paragraph(text(img.caption), st["small"])]
        )
    rows = [
        cells[i : i + g.columns] + [""] * (g.columns - len(cells[i : i + g.columns]))
        for i in range(0, len(cells), g.columns)
    ]
    if not rows:
        return []
    t = Table(rows, colWidths=[width] * g.columns, hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), gap),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return [t]


def _blocks(blocks, level: int, st) -> list:
    out: list = []
    for b in blocks:
        if isinstance(b, m.Section):
            out.append(CondPageBreak(60 * mm))
            out.append(_heading(b.heading, level + 1, st))
            out += _blocks(b.blocks, level + 1, st)
        elif isinstance(b, m.Paragraph):
            out.append(Paragraph(text(b.text), st.get(b.style, st["body"])))
        elif isinstance(b, m.Bullets):
            out.append(
                ListFlowable(
                    [ListItem(Paragraph(text(i), st["body"]), leftIndent=12, value="•") for i in b.items],
                    bulletType="bullet",
                    start="•",
                    leftIndent=12,
                    bulletFontName=REGULAR,
                    bulletColor=C(theme.PRIMARY),
                )
            )
        elif isinstance(b, m.Table):
            out += table_flowables(b, st)
        elif isinstance(b, m.Figures):
            out += _figures(b, st)
        elif isinstance(b, m.Chart):
            if b.is_empty:
                out.append(Paragraph(text(f"{b.title}: no records of this kind yet."), st["empty"]))
            else:
                out += [KeepTogether([chart_drawing(b, BODY_W)]), Spacer(1, 10)]
        elif isinstance(b, m.Image):
            out += _image(b, st)
        elif isinstance(b, m.Gallery):
            out += _gallery(b, st)
    return out


def story(doc: m.Document) -> list:
    st = _styles()
    flow: list = [NextPageTemplate("body"), PageBreak()]
    if doc.contents:
        toc = TableOfContents(
            tableStyle=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        toc.levelStyles = [st["toc1"], st["toc2"]]
        toc.dotsMinLevel = 0
        flow += [Paragraph("Contents", st["h1"]), Spacer(1, 6), toc, PageBreak()]
    for i, section in enumerate(doc.sections):
        if section.new_page and i:
            flow.append(PageBreak())
        elif i:
            flow.append(CondPageBreak(70 * mm))
        if section.heading:  # a user's answer may start before any heading
            flow.append(_heading(section.heading, section.level, st))
        flow += _blocks(section.blocks, section.level, st)
    if doc.sources:
        # Kept together (on a new page if need be) so no note is stranded on a page of its own.
        flow.append(
            KeepTogether(
                [_heading("Sources and method", 1, st)]
                + [Paragraph(text(line), st["source"]) for line in doc.sources]
            )
        )
    return flow


def write_pdf(doc: m.Document, path: Path) -> Path:
    register()
    clean_tree(doc)  # control characters, from data stored before imports cleaned them
    template = _DocTemplate(str(path), doc)
    template.multiBuild(story(doc), canvasmaker=NumberedCanvas)
    return path
