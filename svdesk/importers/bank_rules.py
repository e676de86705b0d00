"""Which bank lines are not supplier spend: HMRC, wages, pensions, dividends and drawings,
transfers between the firm's own accounts, loan repayments, cash withdrawals.

The rules are data anyone can read and change: the shipped ones are
resources/bank_rules/rules.csv (category, field, pattern, explanation; field "text" matches the
payee and the bank's description, "type" the bank's own code for the line; patterns are regular
expressions, case ignored). A firm's own rules (svdesk.services.bank_rules, stored in its
database) are plain words matched anywhere in the text and are tried first, so a firm can keep a
line as spend ("NEST MANUFACTURING" is a supplier, not a pension) or keep out one the shipped
rules miss. Pure Python: no database, no Qt.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from svdesk.importers.base import SpendRecord
from svdesk.resources import resource_path

SPEND = "spend"  # a firm's rule that keeps matching lines as supplier spend
MOVED = "moved"  # a line the user moved out of supplier spend by hand
CATEGORIES = {
    "tax": "HMRC and tax (PAYE, VAT, Corporation Tax)",
    "wages": "Wages and salaries",
    "pension": "Pensions",
    "dividends": "Dividends and director drawings",
    "transfer": "Transfers between own accounts",
    "loan": "Loan repayments",
    "cash": "Cash withdrawals",
    "other": "Other lines that are not supplier spend",
    MOVED: "Moved out of supplier spend by you",
}


@dataclass(frozen=True)
class Rule:
    category: str  # a CATEGORIES key, or SPEND
    field: str  # "text" or "type"
    pattern: str  # regular expression (shipped) or plain words (the firm's own)
    explanation: str
    source: str = "shipped"  # or "yours"
    id: int | None = None  # the firm's rule's id in its database

    @property
    def label(self) -> str:
        return "Supplier spend" if self.category == SPEND else CATEGORIES.get(self.category, self.category)

    def describe(self) -> str:
        what = "the bank's type" if self.field == "type" else "the text"
        return f"{self.label}: {what} matches “{self.pattern}” ({self.explanation})"


def rules_file():
    return resource_path("bank_rules", "rules.csv")


@cache
def shipped_rules() -> tuple[Rule, ...]:
    with open(rules_file(), encoding="utf-8", newline="") as fh:
        rules = tuple(
            Rule(
                r["category"].strip(),
                r["field"].strip() or "text",
                r["pattern"].strip(),
                r["explanation"].strip(),
            )
            for r in csv.DictReader(fh)
            if (r.get("pattern") or "").strip()
        )
    for rule in rules:
        if rule.category not in CATEGORIES or rule.field not in ("text", "type"):
            raise ValueError(f"{rules_file()}: unknown category or field in {rule}")
        re.compile(rule.pattern)
    return rules


def user_rule(words: str, category: str, explanation: str = "your rule", id: int | None = None) -> Rule:
    """A firm's own rule: the words, matched anywhere in the payee or description."""
    return Rule(category, "text", re.sub(r"\s+", " ", words.strip()), explanation, "yours", id)


class Classifier:
    """classify(record) → the Rule that decides a bank line, or None (supplier spend)."""

    def __init__(self, user_rules: list[Rule] | tuple = (), shipped: tuple | None = None):
        self.rules = list(user_rules) + list(shipped_rules() if shipped is None else shipped)
        self._compiled = []
        for rule in self.rules:
            if rule.source == "yours":
                words = r"\s+".join(re.escape(w) for w in rule.pattern.split())
                pattern = re.compile(rf"(?<!\w){words}(?!\w)", re.I)
            else:
                pattern = re.compile(rule.pattern, re.I)
            self._compiled.append((rule, pattern))

    def match(self, payee: str, description: str, bank_type: str = "") -> Rule | None:
        texts = [t for t in {payee.strip(), description.strip()} if t]
        kind = bank_type.strip()
        for rule, pattern in self._compiled:
            subjects = ([kind] if kind else []) if rule.field == "type" else texts
            if any(pattern.search(subject) for subject in subjects):
                return rule
        return None

    def classify(self, record: SpendRecord) -> Rule | None:
        return self.match(record.supplier, record.description, record.bank_type)
