"""What a file is when it is not a table, and which file to export instead.

People pick the wrong file: the PDF statement instead of the CSV, the HMRC RTI submission their
payroll program saved, a photo of a receipt, a file renamed to .csv. None of these has columns
to map, so the import says in plain words what the file is and how to get the right one from
Xero, QuickBooks, the bank or the payroll program, rather than offering a column mapping.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

# How to get the right file, by what is being imported.
HOW_TO_EXPORT = {
    "spend": (
        "For spend, export a CSV or Excel file: in Xero, Accounting > Reports > Account "
        "Transactions (or Business > Bills to pay, then Export); in QuickBooks, Reports > "
        "Transaction List by Supplier, then Export to CSV or Excel; from the bank's "
        "online banking, download the account's transactions as CSV (not the PDF "
        "statement)."
    ),
    "suppliers": (
        "For suppliers, export the supplier list: in Xero, Contacts > Suppliers, "
        "then Export; in QuickBooks, Expenses > Suppliers, then Export to Excel; or "
        "a spreadsheet with a name and a postcode column."
    ),
    "people": (
        "For people, export a CSV or Excel list of employees from your payroll program "
        "(BrightPay, Sage Payroll, Xero Payroll, QuickBooks Payroll, Moneysoft): works "
        "number, postcode, start and leave dates, hours and pay."
    ),
}
_IMAGES = (
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def advice(kind: str | None) -> str:
    return HOW_TO_EXPORT.get(kind or "spend", HOW_TO_EXPORT["spend"])


def refusal(path: Path, what: str, kind: str | None) -> str:
    """“x.csv is a PDF document: svdesk cannot import spend from it. For spend, export …”."""
    purpose = {"people": "people", "suppliers": "suppliers"}.get(kind or "", "spend")
    return f"{path.name} is {what}: svdesk cannot import {purpose} from it. {advice(kind)}"


def sniff(path: Path, head: bytes) -> str | None:
    """What the file is, in words, when its first bytes show it is no CSV or workbook."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = stripped[:4096].lower()
    if stripped.startswith(b"%PDF"):
        return "a PDF document (a printed report or statement)"
    for magic, name in _IMAGES:
        if head.startswith(magic):
            return f"a {name} image (a photo or a scan)"
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1") or (
        head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    ):
        return "an image (a photo or a scan)"
    if stripped.startswith(b"{\\rtf"):
        return "a Rich Text (RTF) document"
    if lower.startswith(b"ofxheader") or b"<ofx>" in lower:
        return "an OFX/QFX bank file (for Quicken or Money); download the transactions as CSV instead"
    if stripped.startswith(b"<"):
        if (
            b"hmrc-paye-rti" in lower
            or b"fullpaymentsubmission" in lower
            or b"employerpaymentsummary" in lower
        ):
            return "an HMRC RTI payroll submission (XML, the file your payroll program sends to HMRC)"
        if b"<html" in lower or b"<!doctype html" in lower:
            return "a web page (HTML)"
        return "an XML file"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return None  # an old .xls workbook: reading.py says how to re-save it
    if _looks_binary(head):
        return "not a text or spreadsheet file (its contents look like binary data)"
    return None


def _zip_kind(path: Path) -> str | None:
    """A zip that is no .xlsx workbook: say what it is. None: it is a workbook."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            mimetype = zf.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, NotImplementedError):
        return "a damaged or unreadable compressed (zip) file"
    if any(n.startswith("xl/") for n in names):
        return None
    if any(n.startswith("word/") for n in names):
        return "a Word document"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint presentation"
    if b"opendocument.spreadsheet" in mimetype:
        return "an OpenDocument spreadsheet (.ods); save it as .xlsx or CSV and import that file"
    return "a compressed (zip) file; unzip it and import the CSV or .xlsx inside"


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text: reading.py says how to re-save it
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return b"\x00" in head or control > max(2, len(head) // 100)


def name_mismatch(path: Path, what: str) -> str:
    """ ", although its name ends .csv" when the name says table and the content does not."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".xlsx", ".xls", ".tsv"):
        return f"{what}, although its name ends {suffix}"
    return what
