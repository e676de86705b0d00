"""Commitments per contract (measure, target, quarterly milestones, owner, method) and delivery
against them quarter by quarter, with the status rule and forecast of svdesk.calc.commitments.

Actuals for each quarter come from the measure engine (the same registered sources as every
figure), so a commitment can never disagree with the dashboard.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from svdesk.calc.commitments import BASES, DIRECTIONS, CommitmentPlan, Delivery, assess, contract_quarters
from svdesk.calc.frameworks import MeasureDef
from svdesk.calc.time_spans import Window
from svdesk.models import Commitment, CommitmentMilestone
from svdesk.models.base import utcnow
from svdesk.models.versioned import VERSION_COLUMN
from svdesk.services.conflicts import ConflictError, check_version, guarded, saving_over
from svdesk.services.contracts import get_contract
from svdesk.services.measure_library import get_measure
from svdesk.services.measures import measure_series
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

# A share is a level, not something that adds up quarter by quarter.
LEVEL_UNITS = {"%"}


@dataclass
class CommitmentData:
    contract_id: int | None = None
    measure_key: str = ""
    target: float | None = None
    basis: str = "term"
    direction: str = "at_least"
    owner: str = ""
    method: str = ""
    notes: str = ""
    milestones: dict[int, float] = field(default_factory=dict)  # quarter -> cumulative due
    id: int | None = None
    owner_role: str = ""  # printed in documents unless owner_named
    owner_named: bool = False  # the named person agreed to be named in documents
    row_version: int | None = None  # as loaded: a save over a newer one raises ConflictError

    @property
    def owner_shown(self) -> str:
        """The owner as documents print it: the name only with the person's agreement."""
        return shown_owner(self.owner, self.owner_role, self.owner_named)


@dataclass
class CommitmentReport:
    commitment: CommitmentData
    measure: MeasureDef
    delivery: Delivery


def _to_data(row: Commitment) -> CommitmentData:
    return CommitmentData(
        row.contract_id,
        row.measure_key,
        row.target,
        row.basis,
        row.direction,
        row.owner,
        row.method,
        row.notes,
        {m.quarter: m.due for m in row.milestones},
        row.id,
        row.owner_role or "",
        bool(row.owner_named),
        row.row_version,
    )


DEFAULT_ROLE = "Social value lead"


# Words a role starts with ("Workshop manager", "Director"): an owner typed as a role names
# nobody and prints as typed.
ROLE_WORDS = {
    "workshop",
    "operations",
    "office",
    "site",
    "managing",
    "finance",
    "hr",
    "contracts",
    "contract",
    "project",
    "social",
    "director",
    "manager",
    "owner",
    "supervisor",
    "foreman",
    "apprentice",
    "training",
    "community",
    "sustainability",
    "head",
    "chief",
    "lead",
    "our",
    "the",
    "company",
    "general",
    "production",
    "commercial",
    "quality",
    "health",
    "business",
    "operational",
    "estates",
}


def looks_like_role(text: str) -> bool:
    """True for "Workshop manager" or "the director"; False for "Dawn Okafor"."""
    words = (text or "").strip().split()
    return bool(words) and words[0].lower().strip("(,") in ROLE_WORDS


def shown_owner(name: str, role: str, named: bool) -> str:
    """A named person prints as their role unless they agreed to be named ("Operations
    manager"; "Dawn Okafor, operations manager" with the agreement). An owner typed as a role
    ("Workshop manager") prints as typed."""
    name, role = (name or "").strip(), (role or "").strip()
    if named and name:
        return f"{name}, {role[:1].lower() + role[1:]}" if role else name
    if not role and looks_like_role(name):
        return name
    return role or DEFAULT_ROLE


def validate_commitment(store: Store, data: CommitmentData) -> dict[str, str]:
    errors = {}
    contract = get_contract(store, data.contract_id) if data.contract_id is not None else None
    if contract is None:
        errors["contract_id"] = "Choose the contract this commitment is for."
    elif not (contract.start_date and contract.end_date):
        errors["contract_id"] = (
            "Give the contract a start and end date first: commitments "
            "are tracked quarter by quarter over its term."
        )
    if get_measure(store, data.measure_key) is None:
        errors["measure_key"] = "Choose the measure you are committing to."
    if data.target is None or data.target <= 0:
        errors["target"] = "Enter a target greater than zero."
    if data.basis not in BASES:
        errors["basis"] = "Choose whether the target is per year or over the whole term."
    if data.direction not in DIRECTIONS:
        errors["direction"] = "Choose at least or at most."
    if not data.owner.strip():
        errors["owner"] = "Name who is responsible (buyers ask for a named owner)."
    if len(data.owner_role.strip()) > 200:
        errors["owner_role"] = "Keep the role under 200 characters."
    if "contract_id" not in errors and contract is not None and data.milestones:
        count = len(contract_quarters(Window(contract.start_date, contract.end_date)))
        bad = [q for q in data.milestones if not 1 <= q <= count]
        if bad:
            errors["milestones"] = (
                f"The contract has quarters 1 to {count}; remove quarter {', '.join(map(str, bad))}."
            )
        elif any(v < 0 for v in data.milestones.values()):
            errors["milestones"] = "Milestones cannot be negative."
    return errors


def save_commitment(
    store: Store, data: CommitmentData, *, over: ConflictError | None = None
) -> CommitmentData:
    """Create or update a commitment with its milestones; ValidationError when invalid, and
    ConflictError when data.row_version is not the saved one (over: the conflict the person
    chose to save over)."""
    errors = validate_commitment(store, data)
    if errors:
        raise ValidationError(errors)
    assert data.contract_id is not None and data.target is not None  # validate_commitment requires both
    expected = over.version if over is not None else data.row_version
    yours = {k: v for k, v in asdict(data).items() if k not in ("id", VERSION_COLUMN, "milestones")}
    with guarded(store, Commitment, data.id, yours, "commitment"), store.write() as s:
        row = Commitment() if data.id is None else s.get(Commitment, data.id)
        if row is None and expected is None:
            raise ValidationError({"id": "This commitment no longer exists."})
        if data.id is not None:
            check_version(s, row, Commitment, data.id, expected, yours, "commitment")
            saving_over(s, over)
        assert row is not None
        row.updated_at = utcnow()  # a save always moves the version: the milestones go with it
        row.contract_id, row.measure_key, row.target = data.contract_id, data.measure_key, float(data.target)
        row.basis, row.direction = data.basis, data.direction
        row.owner, row.method, row.notes = data.owner.strip(), data.method.strip(), data.notes.strip()
        row.owner_role, row.owner_named = data.owner_role.strip(), bool(data.owner_named)
        if row.milestones:  # the old ones go first: (commitment, quarter) is unique
            row.milestones = []
            s.flush()
        row.milestones = [
            CommitmentMilestone(quarter=q, due=float(v)) for q, v in sorted(data.milestones.items())
        ]
        s.add(row)
        s.flush()
        return _to_data(row)


def list_commitments(store: Store, contract_id: int | None = None) -> list[CommitmentData]:
    with store.read() as s:
        stmt = (
            select(Commitment)
            .options(selectinload(Commitment.milestones))  # one query for all, not one each
            .order_by(Commitment.contract_id, Commitment.id)
        )
        if contract_id is not None:
            stmt = stmt.where(Commitment.contract_id == contract_id)
        return [_to_data(r) for r in s.scalars(stmt)]


def delete_commitment(store: Store, commitment_id: int, row_version: int | None = None) -> None:
    """Delete a commitment; with the row_version shown, ConflictError if it has changed since."""
    with guarded(store, Commitment, commitment_id, {}, "commitment"), store.write() as s:
        row = s.get(Commitment, commitment_id)
        if row is not None:
            check_version(s, row, Commitment, commitment_id, row_version, {}, "commitment")
            s.delete(row)


def commitment_report(
    store: Store, data: CommitmentData, as_of: date | None = None, cache: dict | None = None
) -> CommitmentReport:
    as_of = as_of or date.today()
    # Reports are of stored commitments, whose contract and target are NOT NULL columns.
    assert data.contract_id is not None and data.target is not None
    contract = get_contract(store, data.contract_id)
    measure = get_measure(store, data.measure_key)
    if contract is None or measure is None:
        raise ValidationError(
            {"id": f"The measure “{data.measure_key}” of this commitment no longer exists."}
        )
    if not (contract.start_date and contract.end_date):
        raise ValidationError(
            {
                "id": f"{contract.reference} has no start or end date, so its "
                "commitments cannot be tracked by quarter."
            }
        )
    term = Window(contract.start_date, contract.end_date)
    plan = CommitmentPlan(
        data.target,
        term,
        data.basis,
        data.direction,
        measure.unit not in LEVEL_UNITS,
        data.milestones,
        measure.unit,
    )
    started = [q for q in contract_quarters(term) if q.start <= as_of]
    results = measure_series(
        store,
        data.measure_key,
        data.contract_id,
        [(q.start, min(q.end, as_of)) for q in started],
        today=as_of,
        cache=cache,
        detail=False,
    )
    actuals = {q.number: r.quantity for q, r in zip(started, results, strict=True)}
    return CommitmentReport(data, measure, assess(plan, actuals, as_of))


def delivery_window(report: CommitmentReport, quarter: int | None, as_of: date) -> tuple[date, date]:
    """The days whose records make a commitment's delivered figure: one quarter's (its days up
    to as_of), or with quarter None what "delivered to date" adds up: the term up to as_of for
    an amount, the latest quarter started for a level (a share)."""
    started = [r.quarter for r in report.delivery.rows if r.actual is not None]
    if quarter is not None:
        q = next(r.quarter for r in report.delivery.rows if r.quarter.number == quarter)
        return q.start, min(q.end, as_of)
    if not started:
        raise ValidationError({"id": "Nothing is delivered yet: the first quarter has not started."})
    if report.measure.unit in LEVEL_UNITS:
        return started[-1].start, min(started[-1].end, as_of)
    return started[0].start, min(started[-1].end, as_of)


def contract_delivery(
    store: Store,
    contract_id: int,
    as_of: date | None = None,
    problems: list[str] | None = None,
    cache: dict | None = None,
) -> list[CommitmentReport]:
    """Delivery for each of a contract's commitments; one that cannot be tracked (its contract
    lost its dates, its measure was deleted) is left out and the reason added to problems."""
    out = []
    for c in list_commitments(store, contract_id):
        try:
            out.append(commitment_report(store, c, as_of, cache))
        except ValidationError as exc:
            if problems is not None:
                problems.append(" ".join(exc.errors.values()))
    return out


def parse_milestones(text: str) -> dict[int, float]:
    """ "Q2: 40, Q4: 120" (cumulative amount due by the end of each quarter) -> {2: 40, 4: 120}."""
    out: dict[int, float] = {}
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        quarter, sep, amount = part.partition(":")
        quarter = quarter.strip().upper().removeprefix("Q")
        try:
            number, value = int(quarter), float(amount.replace(",", ""))
        except ValueError:
            raise ValueError(
                f"“{part}” should look like Q2: 40 (quarter, colon, amount due by its end)."
            ) from None
        if not sep:
            raise ValueError(f"“{part}” should look like Q2: 40.")
        if number in out:
            raise ValueError(f"Quarter {number} is given twice.")
        out[number] = value
    return out


def format_milestones(milestones: dict[int, float]) -> str:
    return ", ".join(f"Q{q}: {v:g}" for q, v in sorted(milestones.items()))
