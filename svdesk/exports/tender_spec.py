"""The tender builder's spec: the commitments a bidder chooses for a contract, the question,
its limit and the champion, and how it is saved in the database as the bid's first question
(svdesk.services.bids) and started from the commitments recorded for the contract. Drafting
the answer from a spec is svdesk.exports.tender_response, exporting it
svdesk.exports.build_tender.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from svdesk.calc.commitments import CommitmentPlan
from svdesk.calc.time_spans import Window
from svdesk.exports.build_common import Context

TIMINGS = {
    "quarterly": "spread evenly, every quarter",
    "year1": "within the first year",
    "by_end": "by the end of the contract",
}


@dataclass
class TenderCommitment:
    measure_key: str = ""
    measure_name: str = ""
    unit: str = ""
    target: float = 0.0
    timing: str = "quarterly"  # TIMINGS
    owner: str = ""  # a role ("Operations manager"), not a staff record
    partners: str = ""  # colleges, schools, VCSEs
    how_measured: str = ""
    evidence: str = ""
    milestones: dict = field(default_factory=dict)  # quarter -> cumulative due (commitment's)


@dataclass
class TenderSpec:
    contract_ref: str = ""
    question: str = ""
    framework: str = ""
    outcomes: str = ""  # e.g. "MAC 2.2; MAC 4.1" or "Outcome 6"
    limit: int | None = None
    limit_unit: str = "words"  # "words" or "characters"
    champion: str = ""  # the named social value champion and role
    commitments: list[TenderCommitment] = field(default_factory=list)
    draft: str = ""  # the edited answer; blank = generate from the above
    champion_role: str = ""  # printed instead of the name unless champion_named
    champion_named: bool = False  # the champion agreed to be named in documents

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> TenderSpec:
        data = json.loads(text)
        items = [TenderCommitment(**_known(TenderCommitment, c)) for c in data.pop("commitments", [])]
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known, commitments=items)


def _known(cls, data: dict) -> dict:
    out = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
    if isinstance(out.get("milestones"), dict):  # JSON keys are strings
        out["milestones"] = {int(q): float(v) for q, v in out["milestones"].items()}
    return out


def load_spec(store, contract_ref: str) -> TenderSpec | None:
    """The tender builder's spec: the bid's first question, with its chosen commitments."""
    from svdesk.services.bids import find_question
    from svdesk.services.contracts import find_contract

    contract = find_contract(store, contract_ref)
    if contract is None:
        return None
    assert contract.id is not None  # read from the database
    q = find_question(store, contract.id, 1)
    if q is None:
        return None
    offer = json.loads(q.offer) if q.offer else []
    # the offer is the chosen commitments; with the champion's consent it is a dict of both
    items = offer.get("commitments", []) if isinstance(offer, dict) else offer
    consent = offer if isinstance(offer, dict) else {}
    return TenderSpec(
        contract_ref,
        q.text,
        contract.framework_label,
        q.targets,
        q.limit,
        q.limit_unit,
        q.champion,
        [TenderCommitment(**_known(TenderCommitment, c)) for c in items],
        q.answer,
        champion_role=str(consent.get("champion_role", "")),
        champion_named=bool(consent.get("champion_named", False)),
    )


def save_spec(store, spec: TenderSpec) -> int:
    """Save the spec as the bid's first question (its answer keeps a version per change);
    returns the question's id."""
    from svdesk.services.bids import QuestionData, find_question, save_question
    from svdesk.services.contracts import find_contract

    contract = find_contract(store, spec.contract_ref)
    if contract is None:
        from svdesk.services.validation import ValidationError

        raise ValidationError({"contract": f"There is no contract {spec.contract_ref}."})
    assert contract.id is not None  # read from the database
    q = find_question(store, contract.id, 1) or QuestionData(contract.id)
    q.text = spec.question or q.text or "Social value response"
    q.limit, q.limit_unit = spec.limit, spec.limit_unit
    q.targets, q.champion, q.answer = spec.outcomes, spec.champion, spec.draft
    q.offer = json.dumps(
        {
            "commitments": [asdict(c) for c in spec.commitments],
            "champion_role": spec.champion_role,
            "champion_named": spec.champion_named,
        },
        ensure_ascii=False,
    )
    saved = save_question(store, q).id
    assert saved is not None  # a saved question has its id
    return saved


def spec_from_commitments(ctx: Context) -> TenderSpec:
    """A starting spec from the commitments recorded for the contract (the measures area)."""
    c = ctx.contract
    spec = TenderSpec(contract_ref=c.reference if c else "", framework=c.framework_label if c else "")
    if c is None:
        return spec
    from svdesk.services import commitments as mod
    from svdesk.services import measure_library as lib

    for item in mod.list_commitments(ctx.store, c.id):
        measure = lib.get_measure(ctx.store, item.measure_key)
        unit = measure.unit if measure else ""
        target = float(item.target or 0)
        if c.start_date and c.end_date:  # a per-year target counts every year of the term
            target = CommitmentPlan(
                target, Window(c.start_date, c.end_date), item.basis, item.direction, not _is_level(unit)
            ).term_target
        spec.commitments.append(
            TenderCommitment(
                item.measure_key,
                measure.name if measure else item.measure_key,
                unit,
                round(target, 2),
                "quarterly",
                item.owner_shown,
                "",
                item.method,
                "",
                dict(item.milestones),
            )
        )
    return spec


def _is_level(unit: str) -> bool:
    return unit.strip() == "%"
