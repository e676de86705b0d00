"""Render a model.Document as plain text to paste into a buyer's tender portal.

Portals reflow text and often strip formatting, so: no hard line wrapping inside paragraphs,
headings in capitals, bullets as "- ", tables as one line per row. The word and character counts
a portal applies are those of svdesk.exports.textcount over exactly this text.
"""

from __future__ import annotations

from pathlib import Path

from svdesk.exports import model as m
from svdesk.exports.cell_text import format_cell, short_value
from svdesk.exports.privacy import redact
from svdesk.safety.text import clean_tree


def _table_lines(table: m.Table) -> list[str]:
    out = []
    if table.caption:
        out.append(table.caption)
    if not table.rows:
        return out + [table.empty_text]
    for r in table.rows:
        cells = [format_cell(c, r[i]) for i, c in enumerate(table.columns)]
        first, rest = (
            cells[0],
            [f"{c.title}: {v}" for c, v in zip(table.columns[1:], cells[1:], strict=True) if v],
        )
        out.append("- " + first + (" (" + "; ".join(rest) + ")" if rest else ""))
    return out


def _blocks(blocks) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, m.Section):
            out += ["", b.heading, ""] + _blocks(b.blocks)
        elif isinstance(b, m.Paragraph):
            out += [b.text, ""]
        elif isinstance(b, m.Bullets):
            out += [f"- {i}" for i in b.items] + [""]
        elif isinstance(b, m.Table):
            out += _table_lines(b) + [""]
        elif isinstance(b, m.Figures):
            out += [f"- {f.label}: {f.value}" + (f" ({f.detail})" if f.detail else "") for f in b.items] + [
                ""
            ]
        elif isinstance(b, m.Chart) and not b.is_empty:
            out.append(b.title)
            for i, cat in enumerate(b.categories):
                vals = "; ".join(f"{s.name} {short_value(s.values[i], b.unit)}" for s in b.series)
                out.append(f"- {cat}: {vals}")
            out.append("")
    return out


def render_text(doc: m.Document, *, with_title: bool = False) -> str:
    clean_tree(doc)  # control characters, from data stored before imports cleaned them
    lines: list[str] = []
    if with_title:
        lines += [doc.title, doc.subtitle, ""]
    for s in doc.sections:
        if s.in_plain_text:
            lines += ([s.heading.upper(), ""] if s.heading else []) + _blocks(s.blocks)
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return redact(text.strip()) + "\n"


def write_txt(doc: m.Document, path: Path) -> Path:
    Path(path).write_text(render_text(doc), encoding="utf-8", newline="\n")
    return path
