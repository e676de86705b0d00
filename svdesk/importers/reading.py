"""Reading accounting exports row by row, whatever their encoding or file type.

Files are never loaded whole: CSV is decoded and parsed as a stream, XLSX is read with
openpyxl's read-only mode. Encoding is settled by one binary pass that also computes the file's
SHA-256 (which the import batch records): UTF-8 with or without a byte-order mark, otherwise
Windows-1252, the encoding Excel on a UK Windows PC saves "CSV" in; a UTF-8 file with a few
Windows-1252 bytes pasted into it is read as UTF-8 with those bytes read as Windows-1252
(svdesk.safety.text), so "£" comes out right whichever way it was written.

Every cell comes out without control characters (svdesk.safety.text.clean_text): a name with
an escape character in it would otherwise be stored and break every workbook export. A quote
that opens a cell and is never closed would swallow the rest of the file into one cell: the
file is refused, naming the line (UnclosedQuote).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from svdesk.safety.text import CP1252_FALLBACK, clean_text, count_bytes, utf8_or_cp1252

CHUNK = 1 << 20


class UnreadableFile(Exception):
    """The file cannot be read at all; the message names the problem for the user."""


class UnclosedQuote(UnreadableFile):
    """A quote opens a cell and the cell runs on over rows: refused, naming the line."""


class NotATable(UnreadableFile):
    """The file is something else (a PDF, an image, an RTI XML…): say what, never map columns."""


@dataclass(frozen=True)
class FileFacts:
    path: Path
    sha256: str
    size: int
    encoding: str  # "utf-8-sig", "utf-8", "cp1252" or "xlsx"
    mixed: bool = False  # UTF-8 with a few Windows-1252 bytes, read as Windows-1252

    @property
    def is_xlsx(self) -> bool:
        return self.encoding == "xlsx"


def inspect_file(path: Path | str, kind: str | None = None) -> FileFacts:
    """Hash the file and settle its encoding in one streaming pass.

    kind ("spend", "suppliers", "people") only chooses the advice given when the file turns
    out to be no table at all (NotATable)."""
    path = Path(path)
    if not path.exists():
        raise UnreadableFile(f"There is no file at {path}.")
    if path.is_dir():
        raise UnreadableFile(f"{path} is a folder, not a file.")
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    seen = b""  # the file so far while it is all UTF-8 (counted if it turns out not to be)
    utf8 = True
    valid = stray = 0  # UTF-8 characters and stray bytes, once the file is not all UTF-8
    size = 0
    head = b""
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                if not head:
                    head = chunk[:4096]
                size += len(chunk)
                digest.update(chunk)
                if utf8:
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError:
                        utf8 = False
                        valid, stray = count_bytes(seen + chunk)
                        seen = b""
                    else:
                        seen += chunk if len(seen) < (8 << 20) else b""
                else:
                    more = count_bytes(chunk)
                    valid, stray = valid + more[0], stray + more[1]
            if utf8:
                try:
                    decoder.decode(b"", final=True)
                except UnicodeDecodeError:
                    utf8 = False
                    valid, stray = count_bytes(seen)
    except OSError as exc:
        raise UnreadableFile(f"svdesk cannot read {path.name}: {exc.strerror or exc}.") from exc
    if size == 0:
        raise UnreadableFile(f"{path.name} is empty.")
    from svdesk.importers.file_kinds import name_mismatch, refusal, sniff

    what = sniff(path, head)
    if what:
        raise NotATable(refusal(path, name_mismatch(path, what), kind))
    if head.startswith(b"PK\x03\x04"):  # sniff() let it through: a workbook, whatever its name
        from svdesk.safety.inputs import InputRejected, check_xlsx

        try:  # a zip bomb or a zip that is no workbook, refused before openpyxl inflates it
            check_xlsx(path)
        except InputRejected as exc:
            raise UnreadableFile(str(exc)) from None
        return FileFacts(path, digest.hexdigest(), size, "xlsx")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(
            f"{path.name} is an old Excel .xls workbook. Open it in Excel and "
            "save it as .xlsx or CSV, then import that."
        )
    if b"\x00" in head:
        raise UnreadableFile(
            f"{path.name} is not a text or spreadsheet file svdesk can read "
            "(it may be UTF-16 or binary). Save it as CSV (UTF-8) and try again."
        )
    bom = head.startswith(codecs.BOM_UTF8)
    if utf8:
        return FileFacts(path, digest.hexdigest(), size, "utf-8-sig" if bom else "utf-8")
    if bom or utf8_or_cp1252(valid, stray) == "utf-8":
        return FileFacts(path, digest.hexdigest(), size, "utf-8-sig" if bom else "utf-8", mixed=True)
    return FileFacts(path, digest.hexdigest(), size, "cp1252")


class RowSource:
    """Rows of one file with a rough fraction done, for progress bars."""

    def __init__(self, facts: FileFacts):
        self.facts = facts
        self._raw: BinaryIO | None = None
        self._xlsx_rows = 0
        self._xlsx_total = 0
        self.last_row = 0

    @property
    def fraction_done(self) -> float:
        if self.facts.is_xlsx:
            return self._xlsx_rows / self._xlsx_total if self._xlsx_total else 0.0
        if self._raw is None or self._raw.closed:
            return 1.0
        return min(1.0, self._raw.tell() / max(1, self.facts.size))

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        """(row number as a spreadsheet shows it, cells as text) for every row, blanks too."""
        if self.facts.is_xlsx:
            for number, row in _iter_xlsx(self.facts.path, self):
                self._xlsx_rows = self.last_row = number
                yield number, row
            return
        path = self.facts.path
        with open(path, "rb") as raw:
            self._raw = raw
            # cp1252 leaves five bytes undefined; "replace" keeps going rather than failing.
            text = io.TextIOWrapper(
                raw,
                encoding=self.facts.encoding,
                errors=CP1252_FALLBACK if self.facts.mixed else "replace",
                newline="",
            )
            sample = text.read(8192)
            text.seek(0)
            delimiter = _sniff_delimiter(sample)
            reader = csv.reader(text, delimiter=delimiter)
            quotes = QuoteCheck(path.name, delimiter)
            try:
                for number, row in enumerate(reader, start=1):
                    self.last_row = number
                    line = reader.line_num
                    if line == quotes.line + 1:  # a row on one line: QuoteCheck.check, inline
                        quotes.line = line
                        if len(row) > quotes.width:
                            quotes.width = len(row)
                        quotes.last = None
                    else:
                        quotes.check(row, line)
                    joined = "\t".join(row)  # clean_row, inline: a million-line file's loop
                    yield number, row if clean_text(joined) is joined else [clean_text(c) for c in row]
            except csv.Error as exc:
                raise UnreadableFile(
                    f"{path.name} is not a well-formed CSV file near row {reader.line_num}: {exc}."
                ) from exc
            quotes.at_end()


def clean_row(row: list[str]) -> list[str]:
    """The row's cells without control characters (one test per row: most rows have none)."""
    joined = "\t".join(row)
    if clean_text(joined) is joined:
        return row
    return [clean_text(c) for c in row]


class QuoteCheck:
    """Refuse a CSV file in which a quote opens a cell and is not closed on its line.

    The csv module reads on to the next quote, or to the end of the file, and makes one cell
    of everything in between: rows silently vanish into it. A genuine cell over several lines
    (an address, a note) is allowed; a cell whose later lines look like rows of the file
    (nearly as many delimiters as the file has columns) is a quote left open."""

    def __init__(self, file_name: str, delimiter: str):
        self.file_name, self.delimiter = file_name, delimiter
        self.width = 0  # the most cells a one-line row has had
        self.line = 0  # physical lines read so far
        self.last: tuple[int, list[str]] | None = None  # a multi-line last row, for at_end

    def check(self, row: list[str], line_num: int) -> None:
        start, self.line = self.line + 1, line_num
        if line_num == start:
            self.width = max(self.width, len(row))
            self.last = None
            return
        self.last = (start, row)
        need = max(2, self.width - 2)
        for i, cell in enumerate(row):
            if "\n" not in cell and "\r" not in cell:
                continue
            later = cell.splitlines()[1:]
            if any(part.count(self.delimiter) >= need for part in later):
                self._refuse(start + sum(c.count("\n") for c in row[:i]))

    def at_end(self) -> None:
        """The file's last row ran over lines and ends in a line break: a quote that never
        closed took in everything to the end of the file."""
        if self.last is None:
            return
        start, row = self.last
        for i, cell in enumerate(row):
            if cell.endswith(("\n", "\r")):
                self._refuse(start + sum(c.count("\n") for c in row[:i]))

    def _refuse(self, line: int) -> None:
        raise UnclosedQuote(
            f'{self.file_name}: line {line} opens a quote (") that is never closed, so the '
            "rows after it would be read as part of one cell. Nothing was imported. Open the "
            f"file in a text editor, remove or close the quote on line {line}, save it and "
            "import it again."
        )


def iter_rows(facts: FileFacts) -> Iterator[tuple[int, list[str]]]:
    return iter(RowSource(facts))


def _sniff_delimiter(sample: str) -> str:
    first_lines = sample.splitlines()[:15]
    counts = {d: sum(line.count(d) for line in first_lines) for d in (",", ";", "\t")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] > 0 else ","


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return str(int(value)) if value.is_integer() else repr(round(value, 6))
    return clean_text(str(value))


def _iter_xlsx(path: Path, source: RowSource | None = None) -> Iterator[tuple[int, list[str]]]:
    try:
        from openpyxl import load_workbook

        # A file object, not the name: a workbook renamed to .csv still opens.
        # Closed in the finally below: the read-only workbook reads it while rows are yielded.
        fh = open(path, "rb")  # noqa: SIM115
        try:
            wb = load_workbook(fh, read_only=True, data_only=True)
        except Exception:
            fh.close()
            raise
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise UnreadableFile(f"{path.name} could not be opened as a spreadsheet ({exc}).") from exc
    try:
        ws = wb.worksheets[0]
        if source is not None:
            source._xlsx_total = ws.max_row or 0
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in row]
    finally:
        wb.close()
        fh.close()


_HEADER_JUNK = re.compile(r"[\s*_]+")
_CURRENCY_SUFFIX = re.compile(r"\((gbp|£|eur|usd)\)$")


def header_key(cell: str) -> str:
    """ "*ContactName" → "contactname"; "Debit (GBP)" → "debit"; "Memo/Description" kept."""
    text = (cell or "").strip().lower().lstrip("\ufeff")
    text = _HEADER_JUNK.sub("", text)
    return _CURRENCY_SUFFIX.sub("", text)


def is_blank(row: list[str]) -> bool:
    return not any(c.strip() for c in row)
