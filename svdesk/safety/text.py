"""Text from outside made safe to store and to write: control characters out, bytes decoded.

One control character in a supplier's name (``Acme\\x1bLtd``, pasted from a terminal or an old
accounting program) used to import and then break every workbook export for good, because a
workbook (XML) cannot hold it. So the importers clean every value they read (clean_text), and
every writer cleans what it is given (clean_tree) as a last guard for data already stored.

    clean_text(text)        C0 controls (tab and line breaks kept), DEL, C1, lone surrogates and
                            the two XML non-characters U+FFFE/U+FFFF taken out
    clean_tree(obj)         the same for every string inside a report model, in place
    decode_bytes(raw)       UTF-8 (with or without BOM); a stray Windows-1252 byte in an
                            otherwise UTF-8 file decoded as Windows-1252, not as mojibake
    utf8_or_cp1252(...)     counts that decide a whole file's encoding
"""

from __future__ import annotations

import codecs
import dataclasses
import re

# C0 except tab, newline and carriage return (line breaks, which every format can hold), DEL,
# C1, lone surrogates, and U+FFFE/U+FFFF, which XML (xlsx, docx) cannot hold either.
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]+")
_ANY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
CP1252_FALLBACK = "svdesk-cp1252"


def _bad_run(match: re.Match) -> str:
    run = match.group()
    # A lone surrogate is a character that was lost: show that one was, like a bad byte.
    return "\ufffd" if _SURROGATE.search(run) else " "


def clean_text(text: str, *, multiline: bool = True) -> str:
    """text without control characters; each run of them becomes one space.

    multiline: keep tabs and line breaks (CR and LF); otherwise they become spaces too."""
    if not _ANY.search(text) and (multiline or not any(c in text for c in "\n\r\t")):
        return text
    text = _BAD.sub(_bad_run, text)
    if not multiline:
        text = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
        text = text.replace("\t", " ")
    return text


def has_control(text: str) -> bool:
    return bool(_BAD.search(text))


def clean_tree(obj, _seen: set[int] | None = None):
    """Every string in obj (dataclasses, lists, tuples, dicts) cleaned; lists, dicts and
    dataclasses in place. Returns obj (or its cleaned copy when obj is a str or tuple)."""
    if isinstance(obj, str):
        return clean_text(obj)
    if obj is None or isinstance(obj, (int, float)):
        return obj
    seen = _seen if _seen is not None else set()
    if id(obj) in seen:
        return obj
    if isinstance(obj, list):
        seen.add(id(obj))
        for i, value in enumerate(obj):
            if isinstance(value, str):
                if _ANY.search(value):
                    obj[i] = clean_text(value)
            elif value is not None and not isinstance(value, (int, float)):
                obj[i] = clean_tree(value, seen)
        return obj
    if isinstance(obj, tuple):
        cleaned = tuple(clean_tree(v, seen) for v in obj)
        return obj if cleaned == obj else cleaned
    if isinstance(obj, dict):
        seen.add(id(obj))
        for key, value in list(obj.items()):
            obj[key] = clean_tree(value, seen)
        return obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        seen.add(id(obj))
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            cleaned = clean_tree(value, seen)
            if cleaned is not value:
                object.__setattr__(obj, f.name, cleaned)  # frozen ones too
        return obj
    return obj


def _cp1252_fallback(exc: UnicodeError):
    """Error handler for UTF-8 decoding: an invalid byte is read as Windows-1252."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return bad.decode("cp1252", errors="replace"), exc.end


codecs.register_error(CP1252_FALLBACK, _cp1252_fallback)

# One valid UTF-8 sequence of two to four bytes.
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH = re.compile(rb"[\x80-\xff]")


def count_bytes(chunk: bytes) -> tuple[int, int]:
    """(valid UTF-8 multi-byte sequences, bytes over 0x7F that are in none) in chunk."""
    valid = _UTF8_MULTI.findall(chunk)
    in_valid = sum(len(v) for v in valid)
    return len(valid), len(_HIGH.findall(chunk)) - in_valid


def utf8_or_cp1252(valid_sequences: int, stray_bytes: int) -> str:
    """A file that is not all UTF-8: "utf-8" (its stray bytes read as Windows-1252) when it
    holds UTF-8 characters, unless stray bytes outnumber them ten to one; else "cp1252".

    Read that way, a UTF-8 file with a few Windows bytes pasted in comes out right both ways
    ("£" as C2 A3 and as A3); a Windows file seldom holds a byte pair that is valid UTF-8,
    and one that does by chance is outweighed by its other accented bytes."""
    if valid_sequences and valid_sequences * 10 >= stray_bytes:
        return "utf-8"
    return "cp1252"


def decode_bytes(raw: bytes, cp1252_errors: str = "replace") -> str:
    """A whole text file's bytes as text, by the same rule as the accounting importers.

    cp1252_errors="strict" raises UnicodeDecodeError for a Windows file with a byte
    Windows-1252 leaves undefined (0x81, 0x8D…), which is then no text export at all."""
    body = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if raw.startswith(codecs.BOM_UTF8) or utf8_or_cp1252(*count_bytes(body)) == "utf-8":
        return body.decode("utf-8", errors=CP1252_FALLBACK)
    return body.decode("cp1252", errors=cp1252_errors)
