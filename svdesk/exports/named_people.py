"""Named people in documents: a commitment owner or the social value champion prints as a role
unless the user ticked that the named person agreed to be named.

Builders already print commitment.owner_shown; this pass over the finished report is the second
line of defence, for names the builders do not control: the tender answer the user edited
(drafted before the tick was cleared, say), a champion typed as "Name, role", a name typed into
a method or a note.
"""

from __future__ import annotations

import re

from svdesk.exports import sources
from svdesk.exports.privacy import replace_text

DEFAULT_ROLE = "Social value lead"


def champion_shown(text: str, named: bool, role: str = "") -> str:
    """The tender's social value champion as documents print it: "Dawn Okafor, operations
    manager" prints "Operations manager" unless the person agreed to be named."""
    from svdesk.services.commitments import looks_like_role

    text = (text or "").strip()
    if named or not text or (looks_like_role(text) and not role.strip()):
        return text  # agreed, or typed as a role: as typed
    role = role.strip() or text.partition(",")[2].strip()
    return (role[:1].upper() + role[1:]) if role else DEFAULT_ROLE


def withheld(store, contract_ref: str | None = None, spec=None) -> list[tuple[str, str]]:
    """(text to find, what to print instead) for every named person who has not agreed to be
    named: commitment owners of every contract, and the champion of the tender (spec, or the
    one saved for contract_ref)."""
    pairs: list[tuple[str, str]] = []
    mod = sources._module("svdesk.services.commitments")
    if mod is not None:
        for c in mod.list_commitments(store):
            if c.owner_named or not c.owner.strip() or c.owner_shown == c.owner.strip():
                continue  # named with agreement, or a role: nothing to hide
            pairs += _pairs(c.owner, c.owner_role, c.owner_shown)
    if spec is None and contract_ref:
        from svdesk.exports.tender_spec import load_spec

        try:
            spec = load_spec(store, contract_ref)
        except (OSError, ValueError, TypeError):
            spec = None
    if spec is not None:
        shown = champion_shown(spec.champion, spec.champion_named, spec.champion_role)
        if spec.champion.strip() and shown != spec.champion.strip():
            name, _, role = spec.champion.partition(",")
            pairs += [(spec.champion.strip(), shown)] + _pairs(name, role or spec.champion_role, shown)
        elif spec.champion.strip() and spec.champion_named:
            # The champion agreed to be named in this tender: their name stays in it, even
            # where a commitment they own has no tick yet.
            name = spec.champion.partition(",")[0].strip().lower()
            pairs = [
                (find, shown)
                for find, shown in pairs
                if find.lower() != name and not find.lower().startswith(name + ",")
            ]
    return pairs


def _pairs(name: str, role: str, shown: str) -> list[tuple[str, str]]:
    """What to find for one withheld person: "Name, role" as typed, and the name on its own
    when it is a full name (a lone first name such as "Dawn" could be part of a firm's or a
    school's name, and the builders already print the role)."""
    name, role = name.strip(), role.strip()
    out = []
    if role:
        out.append((f"{name}, {role}", shown))
    if len(name.split()) >= 2 and len(name) >= 5:
        out.append((name, shown))
    return out


def withhold(report, pairs: list[tuple[str, str]]):
    """Replace each withheld name (as typed, any case) with its role, everywhere in report."""
    pairs = [(find, shown) for find, shown in pairs if find.strip()]
    if not pairs:
        return report
    by_text: dict[str, str] = {}
    for find, shown in sorted(pairs, key=lambda p: -len(p[0])):
        by_text.setdefault(find.lower(), shown)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(t) for t in by_text) + r")(?!\w)", re.IGNORECASE)

    def sub(text: str) -> str:
        if not text:
            return text
        return pattern.sub(lambda m: by_text[m.group(0).lower()], text)

    return replace_text(report, sub)


def privacy_statement(store, contract_id: int | None) -> str:
    """The document's personal-data sentence, true of it: names appear only of staff who agreed
    to be named (the commitment owners printed in it)."""
    named = []
    mod = sources._module("svdesk.services.commitments")
    if mod is not None:
        named = sorted(
            {
                c.owner.strip()
                for c in mod.list_commitments(store, contract_id)
                if c.owner_named and c.owner.strip()
            }
        )
    if not named:
        return (
            "Personal data: no names, person references or full postcodes appear in this "
            "document; home locations are shown as postcode districts only; start dates are "
            "shown as months and counts of people under 3 as “fewer than 3”."
        )
    return (
        "Personal data: the only names in this document are of staff who agreed to be named "
        f"as commitment owners ({', '.join(named)}); no other names, no person references "
        "and no full postcodes appear; home locations are shown as postcode districts only; "
        "start dates are shown as months and counts of people under 3 as “fewer than 3”."
    )
