"""Guards for files from outside (imports, buyers' checklists): refuse hostile ones before parsing.

Every importer should pass its file through one of these first, so a broken or hostile file
becomes an InputRejected with a sentence for the user instead of a crash, a frozen window or a
memory blow-up:

    read_text_file(path)     CSV and text exports: size cap, binary refused, encoding detected
    check_xlsx(path)         .xlsx: a real zip, sane entry count, no zip bomb, not encrypted
    check_yaml_shape(text)   checklists: no aliases (billion laughs), depth and size caps
    load_yaml(text)          the same, then yaml.safe_load
    escape_formula(text)     exports: a cell that starts with = + - @ is written as text
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from svdesk.safety.errors import SafetyError, describe_os_error

MAX_TEXT_BYTES = 64 * 1024 * 1024
MAX_XLSX_BYTES = 256 * 1024 * 1024  # uncompressed, all parts together
MAX_XLSX_MEMBERS = 5_000
MAX_XLSX_RATIO = 150  # real workbooks compress ~10:1; bombs 1000:1
MAX_YAML_BYTES = 4 * 1024 * 1024
MAX_YAML_DEPTH = 32
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class InputRejected(SafetyError):
    """The file cannot be imported; nothing was written. The message says why, for the user."""


def _size(path: Path, limit: int, what: str) -> int:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputRejected(describe_os_error(exc, f"read {path.name}")) from exc
    if size > limit:
        raise InputRejected(
            f"{path.name} is {size // 1_000_000} MB, too large for {what} "
            f"(at most {limit // 1_000_000} MB). Export a shorter period."
        )
    return size


def read_text_file(path: Path | str, *, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """The text of a CSV or text export, whatever its encoding; binary files are refused."""
    path = Path(path)
    _size(path, max_bytes, "a text file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputRejected(describe_os_error(exc, f"read {path.name}")) from exc
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputRejected(f"{path.name} says it is UTF-16 text but is damaged.") from None
    if b"\x00" in raw[:65536]:
        kind = "an Excel workbook" if raw[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0") else "not a text file"
        raise InputRejected(f"{path.name} is {kind}. Export the report as CSV and import that.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" as Windows-1252; every byte decodes, so no crash.
        return raw.decode("cp1252", errors="replace")


def check_xlsx(
    path: Path | str,
    *,
    max_bytes: int = MAX_XLSX_BYTES,
    max_members: int = MAX_XLSX_MEMBERS,
    max_ratio: int = MAX_XLSX_RATIO,
) -> None:
    """Refuse an .xlsx that is not a workbook or would expand dangerously, before openpyxl reads
    it (openpyxl trusts the zip and would happily inflate a bomb into memory)."""
    path = Path(path)
    _size(path, max_bytes, "a workbook")
    not_workbook = (
        f"{path.name} is not a readable Excel workbook (.xlsx). If it is an older "
        ".xls or a CSV, open it in Excel and save it as .xlsx."
    )
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputRejected(
                f"{path.name} is an older .xls or a password-protected workbook. "
                "Open it in Excel, remove any password and save it as .xlsx."
            )
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
    except zipfile.BadZipFile:
        raise InputRejected(not_workbook) from None
    except OSError as exc:
        raise InputRejected(describe_os_error(exc, f"read {path.name}")) from exc
    except (ValueError, NotImplementedError, EOFError) as exc:
        raise InputRejected(f"{not_workbook} ({exc})") from None
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise InputRejected(not_workbook)
    if len(infos) > max_members:
        raise InputRejected(f"{path.name} has {len(infos)} parts, far more than a workbook has.")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputRejected(
                f"{path.name} is password-protected. Remove the password in Excel and try again."
            )
        total += info.file_size
        if info.file_size > 1_000_000 and info.file_size > max_ratio * max(info.compress_size, 1):
            raise InputRejected(
                f"{path.name} expands far more than a real workbook does (part "
                f"{info.filename}); it may be damaged or malicious."
            )
    if total > max_bytes:
        raise InputRejected(
            f"{path.name} would expand to {total // 1_000_000} MB, too large to "
            "import. Export a shorter period."
        )


def safe_loader():
    """PyYAML's safe loader in C (libyaml) when PyYAML was built with it, else the pure-Python
    one: the same documents, events and line marks, many times faster (the shipped checklist
    took ~0.5 s on the GUI thread in Python)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def check_yaml_shape(
    text: str | bytes,
    *,
    source: str = "The file",
    max_bytes: int = MAX_YAML_BYTES,
    max_depth: int = MAX_YAML_DEPTH,
) -> str:
    """Refuse YAML that is dangerous to load, before any loader builds it: too large, anchors or
    aliases (an alias bomb expands exponentially), or nested deeper than max_depth (PyYAML's
    composer recurses and would crash). Reads events only, which needs no recursion. Syntax
    errors are left for the real parser, which reports them with its own line numbers.
    Returns the text (decoded if bytes)."""
    import yaml

    if isinstance(text, bytes):
        if len(text) > max_bytes:
            raise InputRejected(f"{source} is too large for a checklist.")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputRejected(f"{source} is not UTF-8 text. Save it as UTF-8 and try again.") from None
    if len(text) > max_bytes:
        raise InputRejected(f"{source} is too large for a checklist (at most {max_bytes // 1_000_000} MB).")
    depth = 0
    try:
        for event in yaml.parse(text, Loader=safe_loader()):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise InputRejected(
                    f"{source} uses YAML anchors or aliases (& and *), which "
                    "svdesk does not accept. Write each entry out in full."
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > max_depth:
                    raise InputRejected(
                        f"{source} is nested more than {max_depth} levels deep; it is not a checklist."
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.reader.ReaderError:
        raise InputRejected(
            f"{source} contains characters that cannot appear in a text file; "
            "it may be a different kind of file. Choose the .yaml file."
        ) from None
    except yaml.YAMLError:
        pass
    return text


def load_yaml(
    text: str | bytes,
    *,
    source: str = "The file",
    max_bytes: int = MAX_YAML_BYTES,
    max_depth: int = MAX_YAML_DEPTH,
):
    """yaml.safe_load after check_yaml_shape; every failure is an InputRejected."""
    import yaml

    text = check_yaml_shape(text, source=source, max_bytes=max_bytes, max_depth=max_depth)
    try:
        return yaml.load(text, Loader=safe_loader())  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        raise InputRejected(
            f"{source} is not valid YAML{line}: {getattr(exc, 'problem', None) or exc}."
        ) from None
    except RecursionError:
        raise InputRejected(f"{source} is nested too deeply; it is not a checklist.") from None


def escape_formula(value):
    """A text cell that a spreadsheet would run as a formula is prefixed with an apostrophe so it
    shows as typed ("=HYPERLINK(...)" from an imported supplier name never runs for a buyer)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
