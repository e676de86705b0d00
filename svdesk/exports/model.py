"""Reports as data: what a document or a workbook says, before any format is chosen.

Builders (build_*.py) fill these plain dataclasses from the services; renderers (xlsx, pdf, docx,
txt) turn them into files and never query the database. So every format shows the same figures,
and the figures are tested once, here, rather than once per format.

Values in tables keep their type: money is whole pence (int), dates are datetime.date, percent is
a fraction (0.25 = 25%), number is int/float. Renderers format them; nothing is pre-formatted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Union

MONEY, NUMBER, INTEGER, DATE, TEXT, PERCENT = "money", "number", "integer", "date", "text", "percent"
STATUS_WORDS = {"On track": "on_track", "At risk": "at_risk", "Behind": "behind"}
NUMERIC_KINDS = {MONEY, NUMBER, INTEGER, PERCENT}


@dataclass
class Column:
    title: str
    kind: str = TEXT
    total: bool = False  # add a total (a SUM formula in a workbook)
    width: float | None = None  # characters; None = fit the content
    decimals: int = 2  # for NUMBER
    wrap: bool = False  # long text: wrap instead of widening the column
    status: bool = False  # On track / At risk / Behind: the word in its status colour


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    caption: str = ""
    total_label: str = "Total"
    empty_text: str = "No records of this kind yet."

    @property
    def has_totals(self) -> bool:
        return any(c.total for c in self.columns) and bool(self.rows)

    def totals(self) -> list[Any]:
        """The totals row as values: the label in the first column, sums where asked."""
        out: list[Any] = []
        for i, col in enumerate(self.columns):
            if col.total:
                out.append(sum(r[i] or 0 for r in self.rows if isinstance(r[i], (int, float))))
            else:
                out.append(None)
        if not self.columns[0].total:
            out[0] = self.total_label
        return out

    def column(self, title: str) -> list[Any]:
        i = [c.title for c in self.columns].index(title)
        return [r[i] for r in self.rows]


@dataclass
class KeyFigure:
    label: str
    value: str  # already formatted: the headline a reader sees
    detail: str = ""


@dataclass
class Series:
    name: str
    values: list[float]
    colour: str = ""  # a theme.SERIES key ("local", "sme" …) or a hex colour


@dataclass
class Chart:
    title: str
    categories: list[str]
    series: list[Series]
    kind: str = "column"  # "column" (vertical bars) or "bar" (horizontal)
    unit: str = NUMBER  # MONEY values are pence
    stacked: bool = False
    # For a workbook: draw from these columns of the sheet's table (category, values...).
    table_columns: tuple[int, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.categories or not any(any(s.values) for s in self.series)


@dataclass
class Paragraph:
    text: str
    style: str = "body"  # body, lead, note, quote, empty, small


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Image:
    path: Path
    caption: str = ""
    width_mm: float = 70


@dataclass
class Gallery:
    """Thumbnails in a grid (image evidence, photos)."""

    images: list[Image]
    columns: int = 3


@dataclass
class Figures:
    items: list[KeyFigure]


Block = Union[Paragraph, Bullets, Table, Figures, Chart, Image, Gallery, "Section"]


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 1
    new_page: bool = False
    in_plain_text: bool = True  # False: left out of the text pasted into a buyer's portal

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self

    def empty(self, what: str = "No records of this kind yet.") -> Section:
        self.blocks.append(Paragraph(what, "empty"))
        return self


@dataclass
class Document:
    title: str
    organisation: str
    subtitle: str = ""
    period: str = ""
    sections: list[Section] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # method and sources, printed at the end
    logo: Path | None = None
    subject: str = ""
    generated_on: date = field(default_factory=date.today)
    contents: bool = True
    cover_facts: list[tuple[str, str]] = field(default_factory=list)  # label, value
    # manifest.FigureEntry for each figure printed: what it is a figure of (tests check them)
    figures: list = field(default_factory=list)
    # the user's own words (an edited tender answer): exported as written, never re-cased or
    # cut (privacy.withhold and the runner read it)
    verbatim: bool = False

    def section(self, heading: str, **kw) -> Section:
        s = Section(heading, **kw)
        self.sections.append(s)
        return s


@dataclass
class Sheet:
    name: str
    title: str
    table: Table
    intro: list[str] = field(default_factory=list)  # lines above the table
    notes: list[str] = field(default_factory=list)  # lines below it
    charts: list[Chart] = field(default_factory=list)
    filter: bool = True
    landscape: bool = False


@dataclass
class Workbook:
    title: str
    organisation: str
    period: str = ""
    sheets: list[Sheet] = field(default_factory=list)
    subject: str = ""
    figures: list = field(default_factory=list)  # manifest.FigureEntry, as Document's

    def sheet(self, *args, **kw) -> Sheet:
        s = Sheet(*args, **kw)
        self.sheets.append(s)
        return s


def walk_text(item) -> list[str]:
    """Every piece of text a reader could see, for privacy scans and tests."""
    out: list[str] = []
    if isinstance(item, Document):
        out += [item.title, item.subtitle, item.organisation, item.period, item.subject]
        out += [t for fact in item.cover_facts for t in fact]
        for s in item.sections:
            out += walk_text(s)
        out += item.sources
    elif isinstance(item, Workbook):
        out += [item.title, item.organisation, item.period]
        for sh in item.sheets:
            out += [sh.name, sh.title, *sh.intro, *sh.notes]
            out += walk_text(sh.table)
    elif isinstance(item, Section):
        out.append(item.heading)
        for b in item.blocks:
            out += walk_text(b)
    elif isinstance(item, Table):
        out += [c.title for c in item.columns] + [item.caption]
        out += [str(v) for r in item.rows for v in r if v is not None]
    elif isinstance(item, Paragraph):
        out.append(item.text)
    elif isinstance(item, Bullets):
        out += item.items
    elif isinstance(item, Figures):
        out += [t for f in item.items for t in (f.label, f.value, f.detail)]
    elif isinstance(item, Chart):
        out += [item.title, *item.categories, *(s.name for s in item.series)]
    elif isinstance(item, Image):
        out.append(item.caption)
    elif isinstance(item, Gallery):
        out += [i.caption for i in item.images]
    return [t for t in out if t]
