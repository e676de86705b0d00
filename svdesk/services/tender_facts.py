"""What a tender answer may draw on, read once per bid: the firm's run-rate over the last twelve
months, delivery on other contracts (with their scope: buyer, place, reference), this bid's own
commitments (term targets, milestones), consented case studies and the latest self-assessment.

Each fact carries a `source` (the records or commitment behind it), so every sentence a draft
builds from it can say what backs it (svdesk.exports.tender_claims).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from svdesk.calc.commitments import CommitmentPlan
from svdesk.calc.time_spans import Window
from svdesk.models import Apprenticeship, Person
from svdesk.services.contracts import ContractData, get_contract, list_contracts
from svdesk.services.organisation import OrganisationData, get_organisation
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

LEVEL_UNITS = {"%"}


@dataclass(frozen=True)
class RunRate:
    key: str
    name: str
    unit: str
    quantity: float  # over the twelve months to `end`, organisation-wide
    records: int
    start: date
    end: date

    @property
    def source(self) -> str:
        return (
            f"records: {self.name}, {self.records} record{'s' if self.records != 1 else ''}"
            f", {self.start:%d %b %Y} – {self.end:%d %b %Y}"
        )


@dataclass(frozen=True)
class PastDelivery:
    """A figure delivered on another contract: its scope is that contract, never this bid."""

    contract: ContractData
    key: str
    name: str
    unit: str
    quantity: float
    records: int
    start: date
    end: date

    @property
    def source(self) -> str:
        return (
            f"records: {self.name} on {self.contract.reference}, {self.records} "
            f"record{'s' if self.records != 1 else ''}"
        )


@dataclass(frozen=True)
class BidCommitment:
    id: int
    key: str
    name: str
    unit: str
    term_target: float  # per-year targets times the term in years (#15)
    basis: str
    yearly: float
    owner: str
    method: str
    milestones: dict  # quarter -> cumulative due

    @property
    def source(self) -> str:
        return f"commitment #{self.id}: {self.name}"


@dataclass(frozen=True)
class Practice:
    question_id: str
    section_id: str
    text: str  # the checklist question
    answer: str  # yes / partly / no / na
    note: str
    action: str

    @property
    def source(self) -> str:
        return f"self-assessment {self.question_id} ({self.answer})"


@dataclass
class TenderFacts:
    org: OrganisationData
    contract: ContractData
    today: date
    run_rates: dict[str, RunRate] = field(default_factory=dict)
    past: list[PastDelivery] = field(default_factory=list)
    commitments: list[BidCommitment] = field(default_factory=list)
    case_studies: list = field(default_factory=list)  # (CaseStudyData, ContractData|None)
    practices: list[Practice] = field(default_factory=list)
    assessment_date: date | None = None
    counts: dict[str, tuple[int, str]] = field(default_factory=dict)  # key -> (n, source)

    @property
    def years(self) -> float:
        c = self.contract
        if not (c.start_date and c.end_date):
            return 1.0
        return max(((c.end_date - c.start_date).days + 1) / 365.25, 0.05)

    @property
    def weeks(self) -> float:
        return self.years * 52.18

    @property
    def value_m(self) -> float | None:
        """The contract's value in £ millions."""
        return self.contract.value_pence / 1e8 if self.contract.value_pence else None

    @property
    def turnover_m(self) -> float | None:
        return self.org.turnover_pence / 1e8 if self.org.turnover_pence else None

    @property
    def share(self) -> float:
        """The share of a year's activity this contract can carry: its value against the firm's
        yearly turnover (1.0 when either is unknown; capped at the whole term's years)."""
        if self.value_m and self.turnover_m:
            return min(self.value_m / self.turnover_m, self.years)
        return self.years


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1) + timedelta(days=1)
    except ValueError:
        return date(day.year - 1, 3, 1)


def _measure_names(store) -> dict[str, tuple[str, str]]:
    from svdesk.services.measure_library import list_measures

    return {m.key: (m.name, m.unit) for m in list_measures(store)}


def gather(store: Store, contract_id: int, today: date | None = None) -> TenderFacts:
    from svdesk.services.measures import compute_measures

    today = today or date.today()
    contract = get_contract(store, contract_id)
    if contract is None:
        raise ValidationError({"contract_id": "That contract no longer exists."})
    org = get_organisation(store) or OrganisationData(name="Our organisation")
    facts = TenderFacts(org, contract, today)
    start = _year_before(today)
    for f in compute_measures(store, None, start, today, today=today, detail=False):
        if f.quantity and f.records:
            facts.run_rates[f.key] = RunRate(f.key, f.name, f.unit, f.quantity, f.records, start, today)
    for other in list_contracts(store):
        if other.id == contract_id or other.status in ("opportunity", "bid_submitted", "lost"):
            continue
        if not other.start_date or other.start_date > today:
            continue
        end = min(other.end_date or today, today)
        for f in compute_measures(store, other.id, other.start_date, end, today=today, detail=False):
            if f.quantity and f.records:
                facts.past.append(
                    PastDelivery(other, f.key, f.name, f.unit, f.quantity, f.records, other.start_date, end)
                )
    names = _measure_names(store)
    _commitments(store, facts, names)
    _case_studies(store, facts)
    _practices(store, facts)
    _counts(store, facts, start)
    return facts


def _commitments(store, facts: TenderFacts, names) -> None:
    from svdesk.services.commitments import list_commitments
    from svdesk.services.contract_return import get_buyer_kpi

    c = facts.contract
    for item in list_commitments(store, c.id):
        name, unit = names.get(item.measure_key, (item.measure_key, ""))
        assert item.id is not None  # listed commitments are stored ones
        code, kpi = get_buyer_kpi(store, item.id)  # the buyer's own wording, svdesk's beside it
        if kpi:
            name = f"{code} {kpi}".strip() + f" (svdesk: {name})"
        elif code:
            name = f"{code} {name}"
        term_target = float(item.target or 0)
        if c.start_date and c.end_date:
            plan = CommitmentPlan(
                term_target,
                Window(c.start_date, c.end_date),
                item.basis,
                item.direction,
                unit not in LEVEL_UNITS,
                item.milestones,
                unit,
            )
            term_target = plan.term_target
        facts.commitments.append(
            BidCommitment(
                item.id,
                item.measure_key,
                name,
                unit,
                term_target,
                item.basis,
                float(item.target or 0),
                item.owner_shown,
                item.method,
                dict(item.milestones),
            )
        )


def _case_studies(store, facts: TenderFacts) -> None:
    from svdesk.services.case_studies import list_case_studies

    contracts = {c.id: c for c in list_contracts(store)}
    for cs in list_case_studies(store):
        if cs.consent_given:
            facts.case_studies.append((cs, contracts.get(cs.contract_id)))


def _practices(store, facts: TenderFacts) -> None:
    from svdesk.services.assessment import completed_assessments, get_assessment

    done = completed_assessments(store)
    if not done:
        return
    latest = max(done, key=lambda a: (a.date, a.id))
    detail = get_assessment(store, latest.id)
    facts.assessment_date = latest.date
    for section in detail.checklist.sections:
        for q in section.questions:
            answer = detail.answers.get(q.id)
            if answer:
                facts.practices.append(
                    Practice(q.id, section.id, q.text, answer, detail.notes.get(q.id, ""), q.action)
                )


def _counts(store, facts: TenderFacts, start: date) -> None:
    """Counts buyers ask for as numbers (apprentices, new jobs), from the records."""
    with store.read() as s:
        starts = s.scalar(
            select(func.count(Apprenticeship.id)).where(
                Apprenticeship.date >= start, Apprenticeship.date <= facts.today
            )
        )
        on_programme = s.scalar(
            select(func.count(Apprenticeship.id)).where(Apprenticeship.status == "on_programme")
        )
        new_jobs = s.scalar(
            select(func.count(Person.id)).where(
                Person.job_status == "new",
                Person.start_date >= start,
                Person.start_date <= facts.today,
                Person.erased_on.is_(None),
            )
        )
    period = f"{start:%d %b %Y} – {facts.today:%d %b %Y}"
    facts.counts["apprentice_starts"] = (starts or 0, f"records: apprenticeships started, {period}")
    facts.counts["apprentices_on_programme"] = (
        on_programme or 0,
        "records: apprenticeships on programme today",
    )
    facts.counts["new_jobs"] = (new_jobs or 0, f"records: new jobs started, {period}")


__all__ = ["BidCommitment", "PastDelivery", "Practice", "RunRate", "TenderFacts", "gather"]
