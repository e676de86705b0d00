"""A buyer's template mapping: which row of the buyer's workbook is which svdesk measure (by the
row's label, so it holds from quarter to quarter), and any column the user named by hand. A small
JSON file per buyer, reused every quarter and shareable with other suppliers of that buyer:

    {"format": "svdesk buyer template mapping", "version": 1, "buyer": "…",
     "rows": {"SV-07 | Hours volunteered": "volunteering_hours", "SV-12 | …": null},
     "columns": {"KPI return!H": "actual"}}

A row mapped to null is left blank.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from svdesk.exports.atomic import atomic_output
from svdesk.services.validation import ValidationError

FORMAT = "svdesk buyer template mapping"
ROLES = ("actual", "to_date", "commentary", "corrective_action")


class TemplateError(ValidationError):
    def __init__(self, message: str, unmatched: list[str] | None = None):
        super().__init__({"template": message})
        self.unmatched = unmatched or []


@dataclass
class Mapping:
    buyer: str = ""
    rows: dict[str, str | None] = field(default_factory=dict)  # row label -> measure key
    columns: dict[str, str] = field(default_factory=dict)  # "Sheet!E" or "*!E" -> role

    def to_json(self) -> str:
        return (
            json.dumps(
                {
                    "format": FORMAT,
                    "version": 1,
                    "buyer": self.buyer,
                    "rows": self.rows,
                    "columns": self.columns,
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )


def load_mapping(path: Path) -> Mapping:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TemplateError(f"The mapping {path} could not be read: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TemplateError(f"{path} is not an svdesk buyer template mapping.")
    rows, columns = data.get("rows") or {}, data.get("columns") or {}
    if (
        not (isinstance(rows, dict) and isinstance(columns, dict))
        or any(v is not None and not isinstance(v, str) for v in rows.values())
        or any(v not in ROLES for v in columns.values())
    ):
        raise TemplateError(
            f"{path}: “rows” must map row labels to measure keys (or null) "
            f"and “columns” cells like “Return!E” to one of {', '.join(ROLES)}."
        )
    return Mapping(str(data.get("buyer") or ""), dict(rows), dict(columns))


def save_mapping(mapping: Mapping, path: Path) -> Path:
    path = Path(path)
    with atomic_output(path) as temp:
        temp.write_text(mapping.to_json(), encoding="utf-8")
    return path


def default_mapping_path(buyer: str) -> Path:
    """Where the firm's mapping for a buyer is kept when no --mapping is given."""
    from svdesk.paths import config_dir

    slug = re.sub(r"[^a-z0-9]+", "-", buyer.lower()).strip("-") or "buyer"
    folder = config_dir() / "buyer-mappings"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{slug}.json"
