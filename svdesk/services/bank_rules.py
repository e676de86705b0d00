"""A firm's own bank-line rules, kept in its database beside the shipped ones.

add_rule(store, "NEST MANUFACTURING", "spend")     # a supplier, not the NEST pension
add_rule(store, "ACME SAVINGS", "transfer")        # the firm's own savings account
classifier(session) -> Classifier with the firm's rules first, then the shipped ones
"""

from __future__ import annotations

from sqlalchemy import select

from svdesk.importers.bank_rules import CATEGORIES, MOVED, SPEND, Classifier, Rule, user_rule
from svdesk.models import BankRule
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError


def _rule(row: BankRule) -> Rule:
    return user_rule(row.words, row.category, row.note or "your rule", row.id)


def list_rules(store: Store) -> list[Rule]:
    with store.read() as s:
        return [_rule(r) for r in s.scalars(select(BankRule).order_by(BankRule.id))]


def add_rule(store: Store, words: str, category: str, note: str = "") -> Rule:
    """Remember that bank lines with these words are (category "spend") or are not supplier
    spend. A newer rule for the same words replaces the older one."""
    words = " ".join(words.split())
    if not words:
        raise ValidationError({"words": "Give the words that pick the bank lines out."})
    if category == MOVED:
        category = "other"
    if category != SPEND and category not in CATEGORIES:
        raise ValidationError({"category": f"“{category}” is not a kind of bank line."})
    with store.write() as s:
        for old in s.scalars(select(BankRule).where(BankRule.words == words)):
            s.delete(old)
        row = BankRule(words=words[:200], category=category, note=note[:200])
        s.add(row)
        s.flush()
        return _rule(row)


def delete_rule(store: Store, rule_id: int) -> None:
    with store.write() as s:
        row = s.get(BankRule, rule_id)
        if row is not None:
            s.delete(row)


def classifier(session) -> Classifier:
    """The rules an import uses: the firm's own (newest first), then the shipped ones."""
    rows = session.scalars(select(BankRule).order_by(BankRule.id.desc())).all()
    return Classifier([_rule(r) for r in rows])
