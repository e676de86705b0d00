"""Privacy: what personal data svdesk holds and why, and a scan that keeps it out of exports.

- personal_data(store) lists each kind of personal data with why it is kept, where, for how long
  and whether it ever leaves the app: the content of the privacy screen. Areas that store personal
  data register their own item with register_personal_data(); items name the tables that hold
  them, and only items whose tables exist in this database are shown, with a record count.
- find_identifiers(data, forbidden) and find_postcodes(data) search an export (text, or the bytes
  of an .xlsx/.docx/.pdf/.csv file) for anything that identifies a person. Export tests run them
  over every format with every person's reference, name and postcode as `forbidden`.
"""

from __future__ import annotations

import base64
import html
import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import inspect, text

from svdesk.services.store import Store


@dataclass(frozen=True)
class PersonalDataItem:
    area: str
    what: str
    why: str
    kept: str
    shared: str
    tables: tuple[str, ...] = ()
    special_category: bool = False
    count_where: str = ""  # SQL condition: which rows of the tables hold the data


@dataclass(frozen=True)
class PersonalDataRow:
    item: PersonalDataItem
    records: int | None  # None when the item is not held in a table (backups, files)


_ITEMS: list[PersonalDataItem] = [
    PersonalDataItem(
        area="People you employ or hire",
        what="A reference you choose (not a name), home postcode, start and end dates, contracted "
        "hours, hourly pay and at most one priority group.",
        why="To count local jobs, full-time equivalents (FTE) and priority-group hires for a "
        "buyer's social value return. Names are not needed for that and are not asked for.",
        kept="Until you erase the person. Erasing blanks their reference, postcode, pay and "
        "notes (here and in the change history) and removes their evidence links, keeping "
        "only what anonymous counts need: hours, dates and whether they were local.",
        shared="Never. Reports and exports hold totals, never a reference, name or full postcode.",
        tables=("person", "people"),
        special_category=True,
    ),
    PersonalDataItem(
        area="Evidence files",
        what="Copies of payroll extracts, agreements, timesheets, attendance sheets, photos and "
        "certificates you attach. These may name people.",
        why="So you can show a buyer's auditor the proof behind each figure.",
        kept="In the evidence folder beside the database until you remove them.",
        shared="Only when you send a file yourself; exports list evidence references, not files.",
        tables=("evidence",),
    ),
    PersonalDataItem(
        area="Case studies",
        what="Stories about people your work helped, with the person's consent recorded.",
        why="Buyers ask for stories behind the figures in annual impact statements.",
        kept="Until you erase the case study or the person it is about.",
        shared="Only the wording you approve, and only where consent is recorded.",
        tables=("case_study", "case_studies"),
    ),
    PersonalDataItem(
        area="Action plan owners",
        what="The name you type as the owner of each action in your self-assessment plan.",
        why="So the plan says who does what: buyers ask for a named social value champion.",
        kept="Until you change the owner or delete the action or assessment.",
        shared="Only in documents you print or export from the self-assessment yourself.",
        tables=("assessment_action",),
        count_where="owner <> ''",
    ),
    PersonalDataItem(
        area="Change history (audit trail)",
        what="The Windows or Mac login name of whoever made each change, the time, and the old "
        "and new values of changed fields (personal fields are marked as changed without "
        "their values).",
        why="So a buyer's auditor can see how a reported figure came about.",
        kept="As long as the database. Erasing a person also blanks their values here.",
        shared="Never exported.",
        tables=("audit_log",),
    ),
    PersonalDataItem(
        area="Backups and archives",
        what="Complete copies of the database and evidence folder.",
        why="So you can get everything back after losing or replacing the PC.",
        kept="Automatic backups: the last 7 days, 4 weeks and 12 months. Archives: until you "
        "delete them. An erased person stays in older backups until they rotate away.",
        shared="Only where you put an archive. Use a passphrase for archives that leave the "
        "office (a USB stick, e-mail, cloud storage).",
    ),
]


def register_personal_data(item: PersonalDataItem) -> PersonalDataItem:
    """An area that stores personal data describes it here (replacing an item of the same area)."""
    _ITEMS[:] = [i for i in _ITEMS if i.area != item.area] + [item]
    return item


def personal_data(store: Store | None = None) -> list[PersonalDataRow]:
    """The privacy screen's list. With a store, items whose tables are absent are left out."""
    if store is None:
        return [PersonalDataRow(i, None) for i in _ITEMS]
    tables = set(inspect(store.engine).get_table_names())
    rows = []
    with store.engine.connect() as conn:
        for item in _ITEMS:
            if not item.tables:
                rows.append(PersonalDataRow(item, None))
                continue
            present = [t for t in item.tables if t in tables]
            if present:
                where = f" WHERE {item.count_where}" if item.count_where else ""
                count = sum(
                    conn.execute(text(f'SELECT COUNT(*) FROM "{t}"{where}')).scalar_one() for t in present
                )
                rows.append(PersonalDataRow(item, count))
    return rows


# --- export scan --------------------------------------------------------------------------------

_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][ABD-HJLNP-UW-Z]{2})"
    r"(?![A-Za-z0-9])"
)
_MAX_MEMBER = 64 * 1024 * 1024


@dataclass(frozen=True)
class IdentifierHit:
    identifier: str
    where: str  # "text", or the member of a zip ("xl/sharedStrings.xml"), or "pdf stream 3"
    context: str  # a few characters around it, to find it in the export


def text_layers(data: str | bytes) -> list[tuple[str, str, bool]]:
    """The searchable text of an export: (where, text, is_markup) triples.

    xlsx and docx are zips of XML: each member is searched as markup (entities decoded, so
    attributes such as a document's author are seen) and as text with tags removed, because Word
    splits a name across runs. In a PDF, reportlab compresses (and ASCII85-encodes) page content,
    so each content stream is decoded. Anything else is decoded as text.
    """
    if isinstance(data, str):
        return [("text", data, False)]
    if data[:4] == b"PK\x03\x04":
        layers = []
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for info in zf.infolist():
                    if info.is_dir() or info.file_size > _MAX_MEMBER:
                        continue
                    raw = _decode(zf.read(info))
                    if raw.lstrip().startswith("<"):
                        layers.append((info.filename, html.unescape(raw), True))
                        layers.append((info.filename + " (text)", _xml_text(raw), False))
                    else:
                        layers.append((info.filename, raw, False))
        except (zipfile.BadZipFile, ValueError, NotImplementedError, zlib.error):
            return [("bytes", _decode(data), False)]
        return layers
    if data[:5] == b"%PDF-":
        layers = [("pdf", data.decode("latin-1"), True)]
        for n, match in enumerate(re.finditer(rb"stream\r?\n(.*?)\r?\n?endstream", data, re.S)):
            content = _pdf_stream(match.group(1))
            if b"BT" in content and (b"Tj" in content or b"TJ" in content):
                layers.append((f"pdf stream {n}", _pdf_strings(content.decode("latin-1")), False))
        return layers
    return [("bytes", _decode(data), False)]


def _xml_text(markup: str) -> str:
    """Text of Office XML: paragraphs, cells and shared strings end a line; runs join up."""
    text = re.sub(r"</(?:w:p|si|is|c|a:p|text:p|w:tc)>", "\n", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _pdf_stream(raw: bytes) -> bytes:
    if raw.rstrip().endswith(b"~>"):
        try:
            raw = base64.a85decode(raw.strip(), adobe=True)
        except ValueError:
            return raw
    try:
        return zlib.decompress(raw)
    except zlib.error:
        return raw


def _pdf_strings(content: str) -> str:
    """Join the literal strings of a content stream so split words are found again."""
    parts = re.findall(r"\(((?:\\.|[^\\)])*)\)", content)
    joined = "".join(re.sub(r"\\(.)", r"\1", p) for p in parts)
    return content + "\n" + joined


def _decode(raw: bytes) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _pattern(identifier: str) -> re.Pattern | None:
    tokens = identifier.split()
    if not tokens:
        return None
    body = r"\s*".join(re.escape(t) for t in tokens)
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])", re.IGNORECASE)


def find_identifiers(data: str | bytes, forbidden: Iterable[str]) -> list[IdentifierHit]:
    """Every place a forbidden identifier (a person's reference, name, postcode…) appears.

    Case and spacing are ignored ("M5 4WT" also finds "m54wt"); whole words only, so a reference
    "ANN" does not match "Annual".
    """
    patterns = [
        (f, p) for f in dict.fromkeys(str(x).strip() for x in forbidden if x) if f and (p := _pattern(f))
    ]
    hits = []
    for where, content, _markup in text_layers(data):
        for ident, pattern in patterns:
            for m in pattern.finditer(content):
                context = content[max(0, m.start() - 30) : m.end() + 30].replace("\n", " ")
                hits.append(IdentifierHit(ident, where, context))
    return hits


def find_postcodes(data: str | bytes, allowed: Iterable[str] = ()) -> list[str]:
    """Full UK postcodes in an export, normalised ("M5 4WT"), except the allowed ones (the
    firm's own address, contract sites). Districts alone ("M5") are not identifying and are
    not reported."""
    allowed_set = {a.replace(" ", "").upper() for a in allowed if a}
    found: dict[str, None] = {}
    for _where, content, markup in text_layers(data):
        if markup:
            continue  # ids and colour codes in markup look like postcodes; the text layer counts
        for m in _POSTCODE.finditer(content):
            compact = m.group(1) + m.group(2)
            if compact not in allowed_set:
                found[f"{m.group(1)} {m.group(2)}"] = None
    return list(found)
