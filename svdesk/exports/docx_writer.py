"""Render a model.Document to Word (.docx) with python-docx: bid writers assemble tenders in Word.

Uses Word's own Heading styles (so the navigation pane and a contents field work), a title block
instead of a designed cover (the bid writer's template supplies that), tables with a repeated,
shaded header row and rows that do not break across pages, and charts as their data tables
(Word charts need embedded spreadsheets; a table carries the same figures and pastes cleanly).
"""

from __future__ import annotations

from copy import deepcopy
from datetime import UTC, datetime
from pathlib import Path

from docx import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from svdesk.exports import model as m
from svdesk.exports import theme
from svdesk.exports.cell_text import format_cell, short_value
from svdesk.exports.privacy import redact
from svdesk.formatting import format_date
from svdesk.safety.text import clean_tree


def _rgb(hex_value: str) -> RGBColor:
    return RGBColor.from_string(theme.hex_bare(hex_value))


def _shade(cell, hex_value: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), theme.hex_bare(hex_value))
    props.append(shd)


def _row_flags(row, header: bool = False) -> None:
    props = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    props.append(cant)
    if header:
        props.append(OxmlElement("w:tblHeader"))


def _cell_text(cell, value: str, *, bold=False, right=False, colour: str | None = None) -> None:
    cell.text = ""
    para = cell.paragraphs[0]
    run = para.add_run(redact(value))
    run.bold = bold
    run.font.size = Pt(9)
    if colour:
        run.font.color.rgb = _rgb(colour)
    if right:
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _table(docx, table: m.Table) -> None:
    if table.caption:
        docx.add_heading(redact(table.caption), level=3)
    if not table.rows:
        docx.add_paragraph(redact(table.empty_text)).italic = True
        return
    right = [c.kind in m.NUMERIC_KINDS or c.kind == m.DATE for c in table.columns]
    rows = [[format_cell(c, r[i]) for i, c in enumerate(table.columns)] for r in table.rows]
    if table.has_totals:
        tot = table.totals()
        rows.append([format_cell(c, tot[i]) for i, c in enumerate(table.columns)])
    t = docx.add_table(rows=3, cols=len(table.columns))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    widths, tight = column_widths(table)
    _set_widths(t, widths, tight)
    head, body, foot = t.rows
    for i, cell in enumerate(head.cells):
        _cell_text(cell, table.columns[i].title, bold=True, right=right[i], colour="#ffffff")
        _shade(cell, theme.PRIMARY)
    _row_flags(head, header=True)
    # Each body row is a copy of one styled row (the totals row, of another) with its texts
    # filled in: python-docx's cell and run setters search the table's XML each time, so a
    # 20,000-row evidence index built cell by cell took longer than ten minutes.
    for row, last in ((body, False), (foot, True)):
        for cell, is_right in zip(row.cells, right, strict=False):
            _cell_text(cell, "x", bold=last, right=is_right)
            if last:
                _shade(cell, theme.PRIMARY_LIGHT)
        _row_flags(row)
        t._tbl.remove(row._tr)
    plain, total = body._tr, foot._tr if table.has_totals else None
    for r, values in enumerate(rows, start=1):
        tr = deepcopy(total if total is not None and r == len(rows) else plain)
        for tc, value in zip(tr.tc_lst, values, strict=False):
            _fill(tc, redact(value))
        t._tbl.append(tr)
    docx.add_paragraph()


BODY_WIDTH = Mm(210 - 2 * 22)  # the page less its margins (write_docx)


def column_widths(table: m.Table) -> tuple[list[int], bool]:
    """Each column's width in EMU, and whether the cells need narrow margins to fit. Every column
    first gets its narrowest unbroken width (the longest word of its heading and text, a number or
    date whole); what the page has left goes to the columns whose content is wider than that, in
    proportion to how much wider. Measured in DejaVu Sans at 9 pt, wider than Word's Calibri, so a
    reader without Calibri (LibreOffice puts DejaVu in its place) still sees whole words. Without
    widths, Word and LibreOffice give every column the same width and break words such as
    "Apprenticeship" in the middle."""
    from svdesk.exports.fonts import register

    register()
    widths, tight = _fit(table, pad=13), False  # Word's cell margins: 5.4 pt a side
    if widths is None:  # too many columns: narrow margins (TIGHT_MARGIN)
        widths, tight = _fit(table, pad=2 * TIGHT_MARGIN + 2, force=True), True
        assert widths is not None  # force=True always gives widths
    return [int(Pt(w)) for w in widths], tight


TIGHT_MARGIN = 2.5  # points each side of a cell, in a crowded table


def _fit(table: m.Table, pad: float, force: bool = False) -> list[float] | None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from svdesk.exports.cell_text import width_sample
    from svdesk.exports.fonts import BOLD, REGULAR

    size = 9
    totals = table.totals() if table.has_totals else None
    least, natural = [], []
    for i, col in enumerate(table.columns):
        texts = width_sample(col, [r[i] for r in table.rows])
        total = format_cell(col, totals[i]) if totals is not None else ""  # set in bold
        head = max([stringWidth(w, BOLD, size) for w in (col.title + " " + total).split()] + [0])
        words = max([stringWidth(w, REGULAR, size) for t in texts for w in t.split()] + [0])
        whole = max([stringWidth(t, REGULAR, size) for t in texts] + [stringWidth(total, BOLD, size)])
        keep_whole = col.kind != m.TEXT or not col.wrap and whole < 90
        least.append(max(head, whole if keep_whole else words) + pad)
        natural.append(max(head, min(whole, 260)) + pad)
    body = BODY_WIDTH.pt
    if sum(least) >= body:  # cannot fit whole words
        if not force:
            return None
        return [w * body / sum(least) for w in least]
    spare = body - sum(least)
    want = [n - w for n, w in zip(natural, least, strict=True)]
    room = sum(want)
    return [w + (spare * x / room if room > spare else x) for w, x in zip(least, want, strict=True)]


def _set_widths(t, widths: list[int], tight: bool = False) -> None:
    """Fixed column widths in the table grid and in every cell (LibreOffice reads the grid,
    Word the cells)."""
    t.autofit = False
    props = t._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    props.append(layout)
    if tight:
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:w"), str(int(TIGHT_MARGIN * 20)))  # twentieths of a point
            edge.set(qn("w:type"), "dxa")
            margins.append(edge)
        props.append(margins)
    for col, width in zip(t._tbl.tblGrid.gridCol_lst, widths, strict=False):
        col.w = width
    for row in t.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def _fill(tc, value: str) -> None:
    """Put value in a copied cell's one run, as python-docx's run.text would."""
    run = tc.p_lst[0].r_lst[-1]  # _cell_text leaves an empty run before it
    texts = run.findall(qn("w:t"))
    if "\n" in value or "\t" in value or not value:
        for child in texts:
            run.remove(child)
        if value:
            run.text = value  # python-docx turns line breaks and tabs into elements
    else:
        texts[0].text = value


def _chart_as_table(docx, chart: m.Chart) -> None:
    if chart.is_empty:
        docx.add_paragraph(f"{chart.title}: no records of this kind yet.")
        return
    cols = [m.Column("")] + [m.Column(s.name, m.TEXT) for s in chart.series]
    rows = [
        [cat] + [short_value(s.values[i], chart.unit) for s in chart.series]
        for i, cat in enumerate(chart.categories)
    ]
    _table(docx, m.Table(cols, rows, caption=chart.title))


def _blocks(docx, blocks, level: int) -> None:
    for b in blocks:
        if isinstance(b, m.Section):
            docx.add_heading(redact(b.heading), level=min(level + 1, 4))
            _blocks(docx, b.blocks, level + 1)
        elif isinstance(b, m.Paragraph):
            p = docx.add_paragraph(redact(b.text))
            if b.style in ("note", "small", "empty"):
                for run in p.runs:
                    run.font.size = Pt(9)
                    run.font.color.rgb = _rgb(theme.TEXT_MUTED)
            elif b.style == "quote":
                p.style = docx.styles["Quote"]
            elif b.style == "lead":
                for run in p.runs:
                    run.font.size = Pt(12)
        elif isinstance(b, m.Bullets):
            for item in b.items:
                docx.add_paragraph(redact(item), style="List Bullet")
        elif isinstance(b, m.Table):
            _table(docx, b)
        elif isinstance(b, m.Figures):
            _table(
                docx,
                m.Table(
                    [m.Column("Figure"), m.Column("Value"), m.Column("Detail")],
                    [[f.label, f.value, f.detail] for f in b.items],
                ),
            )
        elif isinstance(b, m.Chart):
            _chart_as_table(docx, b)
        elif isinstance(b, m.Gallery):
            _blocks(docx, [m.Image(i.path, i.caption, 50) for i in b.images], level)
        elif isinstance(b, m.Image):
            if not Path(b.path).is_file():  # said, as the PDF says it, never silently left out
                docx.add_paragraph(f"Image not found: {Path(b.path).name}")
            else:
                try:
                    docx.add_picture(str(b.path), width=Mm(min(b.width_mm, 160)))
                except Exception:  # an unreadable image must not stop the export; it is named
                    docx.add_paragraph(f"Image could not be read: {Path(b.path).name}")
            if b.caption:
                docx.add_paragraph(redact(b.caption))


def _core_properties(docx, doc: m.Document) -> None:
    """Who made the file and when: python-docx's template says "python-docx", last modified by
    its author, created in 2013; a buyer's Word shows those under File > Info."""
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props = docx.core_properties

    def short(text: str) -> str:  # Word's document properties hold 255 characters
        text = " ".join((text or "").split())
        return text if len(text) <= 255 else text[:254] + "…"

    props.title = short(doc.title)
    props.author = short(doc.organisation)
    props.last_modified_by = short(doc.organisation)
    props.subject = short(doc.subject or doc.title)
    props.created = props.modified = now
    props.revision = 1
    props.comments = ""
    props.keywords = "social value"
    props.category = ""


def write_docx(doc: m.Document, path: Path) -> Path:
    clean_tree(doc)  # control characters XML cannot hold, from data stored earlier
    docx = DocxDocument()
    section = docx.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin = section.bottom_margin = Mm(22)
    normal = docx.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        docx.styles[name].font.color.rgb = _rgb(theme.PRIMARY_DARK)
    _core_properties(docx, doc)
    docx.add_paragraph(redact(doc.organisation)).runs[0].bold = True
    docx.add_heading(redact(doc.title), level=0)
    if doc.subtitle:
        docx.add_paragraph(redact(doc.subtitle))
    meta = " · ".join(x for x in (doc.period, f"Prepared {format_date(doc.generated_on)}") if x)
    docx.add_paragraph(meta).runs[0].font.color.rgb = _rgb(theme.TEXT_MUTED)
    if doc.cover_facts:
        _table(docx, m.Table([m.Column("At a glance"), m.Column("")], [list(f) for f in doc.cover_facts]))
    footer = section.footer.paragraphs[0]
    footer.text = f"{redact(doc.organisation)} · {doc.title}"
    footer.runs[0].font.size = Pt(8)
    for s in doc.sections:
        if s.heading:  # a user's answer may start before any heading
            docx.add_heading(redact(s.heading), level=s.level)
        _blocks(docx, s.blocks, s.level)
    if doc.sources:
        docx.add_heading("Sources and method", level=1)
        for line in doc.sources:
            docx.add_paragraph(redact(line))
    docx.save(str(path))
    return path
