"""The lines of one bank statement import and which of them are supplier spend.

BankLines.keep(record, rule) is asked for every money-out line of a bank file: it applies the
user's own moves from the preview (row → spend or not), else the rule's verdict, counts the
lines kept out by kind with their totals, and remembers each line (up to MAX_LINES) so the
preview can list them and let the user move any line either way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from svdesk.formatting import format_money
from svdesk.importers.bank_rules import CATEGORIES, MOVED, SPEND, Rule
from svdesk.importers.base import SpendRecord

MAX_LINES = 5000


@dataclass(frozen=True, slots=True)
class BankLine:
    row: int
    day: date
    payee: str
    pence: int
    description: str
    rule: Rule | None  # the rule that matched, if any (a "spend" rule keeps the line)
    category: str | None  # why it is kept out of supplier spend; None: supplier spend
    moved: bool  # the user's choice differs from the rules'

    @property
    def is_spend(self) -> bool:
        return self.category is None

    @property
    def ruled_out(self) -> bool:
        """What the rules alone say: True when they keep the line out of supplier spend."""
        return self.rule is not None and self.rule.category != SPEND


@dataclass
class BankLines:
    moves: dict[int, bool] = field(default_factory=dict)
    lines: list[BankLine] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # category → lines kept out
    totals: Counter = field(default_factory=Counter)  # category → pence kept out
    moved_in: int = 0  # lines the rules keep out that the user counts as spend
    all_listed: bool = True

    def keep(self, record: SpendRecord, rule: Rule | None) -> bool:
        """True when the line is supplier spend; otherwise it is counted here, not imported."""
        ruled_out = rule is not None and rule.category != SPEND
        choice = self.moves.get(record.row)
        out = ruled_out if choice is None else not choice
        category = (rule.category if rule is not None and ruled_out else MOVED) if out else None
        pence = record.gross_pence if record.gross_pence is not None else record.net_pence
        if len(self.lines) < MAX_LINES:
            self.lines.append(
                BankLine(
                    record.row,
                    record.spend_date,
                    record.supplier,
                    pence or 0,
                    record.description,
                    rule,
                    category,
                    out != ruled_out,
                )
            )
        else:
            self.all_listed = False
        if out:
            self.counts[category] += 1
            self.totals[category] += pence or 0
        elif ruled_out:
            self.moved_in += 1
        return not out

    @property
    def excluded(self) -> int:
        return sum(self.counts.values())

    @property
    def excluded_pence(self) -> int:
        return sum(self.totals.values())

    def groups(self) -> list[tuple[str, str, int, int]]:
        """(category, label, lines, pence) kept out, largest total first."""
        return sorted(
            ((c, CATEGORIES.get(c, c), n, self.totals[c]) for c, n in self.counts.items()),
            key=lambda g: -g[3],
        )

    def as_json(self) -> list[dict]:
        return [
            {"rule": label, "category": c, "count": n, "total": f"{pence / 100:.2f}"}
            for c, label, n, pence in self.groups()
        ]

    def text_lines(self) -> list[str]:
        out = [
            f"  not supplier spend:   {self.excluded:,}"
            + (
                f" ({format_money(self.excluded_pence)}, kept out by the bank-line rules)"
                if self.excluded
                else " (no line matched the bank-line rules)"
            )
        ]
        for _c, label, n, pence in self.groups():
            out.append(f"    {label}: {n:,} line{'s' if n != 1 else ''}, {format_money(pence)}")
        if self.moved_in:
            out.append(f"    counted as supplier spend by your choice: {self.moved_in:,}")
        return out
