"""Where exports get their figures: one adapter per area's service, in one place.

Each function returns that area's plain results. Every area is part of svdesk: a service module
that cannot be imported is a fault and fails loudly (it never turns into "No records of this
kind yet" in a buyer's document).

Builders call these; renderers never do. Nothing here returns a name, a person reference or a
full postcode: rows about people are reduced to aggregates and postcode districts.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from svdesk.exports.privacy import district
from svdesk.safety.evidence_names import stored_file_or_none, valid_row

if TYPE_CHECKING:  # the services are loaded lazily (_module); only their types are named here
    from collections.abc import Callable

    from svdesk.services.measures import MeasureFigure, Totals


def _module(name: str) -> ModuleType:
    """An area's service module (imported on first use, so an export loads only what it
    needs); a missing one raises."""
    return importlib.import_module(name)


AREA_MODULES = {
    "measures": "svdesk.services.measures",
    "commitments": "svdesk.services.commitments",
    "spend": "svdesk.services.spend_analysis",
    "people": "svdesk.services.people",
    "activities": "svdesk.services.activities",
    "evidence": "svdesk.services.evidence",
    "case_studies": "svdesk.services.case_studies",
    "assessment": "svdesk.services.assessment",
}


# --- measures and commitments (issue 6) -------------------------------------------------------


@dataclass
class MeasureSet:
    figures: list[MeasureFigure]
    totals: Totals


def measures(
    store,
    contract_id: int | None,
    start: date | None,
    end: date | None,
    contract_value_pence: int | None = None,
    today: date | None = None,
) -> MeasureSet:
    mod = _module(AREA_MODULES["measures"])
    figures = mod.compute_measures(store, contract_id, start, end, today=today)
    return MeasureSet(figures, mod.totals(figures, contract_value_pence))


def delivery(store, contract_id: int, as_of: date) -> list | None:
    """CommitmentReport per commitment of the contract (commitment, measure, delivery)."""
    mod = _module(AREA_MODULES["commitments"])
    return mod.contract_delivery(store, contract_id, as_of)


def status_rule() -> str:
    mod = _module("svdesk.calc.commitments")
    return mod.status_rule_text() if mod is not None and hasattr(mod, "status_rule_text") else ""


# --- spend (issue 5) --------------------------------------------------------------------------


def spend(store, contract_id: int | None, start: date | None, end: date | None):
    """SpendAnalysis (totals, by month, by supplier, prompt payment) or None."""
    mod = _module(AREA_MODULES["spend"])
    return mod.analyse_spend(store, mod.SpendQuery(contract_id=contract_id, start=start, end=end))


# --- people, activities, evidence, case studies (issue 4) --------------------------------------


@dataclass
class JobRow:
    """One job, with nothing that identifies the person."""

    postcode_district: str
    contract_type: str
    job_status: str
    start_date: date | None
    leave_date: date | None
    weekly_hours: float | None
    fte: float
    local: str
    real_living_wage: str


@dataclass
class PeopleSummary:
    jobs: list[JobRow] = field(default_factory=list)
    priority_groups: dict[str, int] = field(default_factory=dict)


def _attr(obj, *names, default=None):
    for name in names:
        if hasattr(obj, name):
            return getattr(obj, name)
    return default


def people(
    store,
    contract_id: int | None,
    start: date | None,
    end: date | None,
) -> PeopleSummary | None:
    mod = _module(AREA_MODULES["people"])
    if hasattr(mod, "people_in_period"):  # the period and erasures filtered when read
        views = mod.people_in_period(store, contract_id=contract_id, start=start, end=end)
    else:
        views = (
            mod.list_people(store, contract_id=contract_id)
            if contract_id is not None
            else mod.list_people(store)
        )
    out = PeopleSummary()
    for v in views:
        person = _attr(v, "person", default=v)
        if _attr(person, "erased_on"):
            continue
        began, left = _attr(person, "start_date"), _attr(person, "leave_date")
        if end and began and began > end or start and left and left < start:
            continue
        local = "Unknown"
        for loc in _attr(v, "localities", default=[]) or []:
            if contract_id is None or loc.contract_id == contract_id:
                status = getattr(_attr(loc.result, "status", default=""), "value", "")
                local = {"local": "Yes", "not_local": "No"}.get(str(status).lower(), local)
                break
        pay = _attr(v, "pay")
        rlw = _attr(pay, "meets_living_wage", default=None)
        out.jobs.append(
            JobRow(
                district(_attr(person, "postcode", default="")),
                str(_attr(person, "contract_type", default="")).replace("_", " "),
                str(_attr(person, "job_status", default="")).replace("_", " "),
                began,
                left,
                _attr(person, "weekly_hours"),
                float(_attr(v, "fte", default=0) or 0),
                local,
                "" if rlw is None else ("Yes" if rlw else "No"),
            )
        )
        group = _attr(person, "priority_group", default="")
        if group:
            labels = getattr(mod, "PRIORITY_GROUPS", {})
            label = labels.get(group) or str(group).replace("_", " ").capitalize()
            out.priority_groups[label] = out.priority_groups.get(label, 0) + 1
    return out


@dataclass
class EvidenceRow:
    file_name: str
    evidence_type: str
    day: date | None
    sha256: str
    supports: str
    size_bytes: int
    folder: Path | None = None  # the evidence store, None without one
    caption: str = ""
    links: tuple = ()  # (record_type, record_id) pairs: to match measure records
    ref: str = ""  # EV-001 …, numbered in register order
    stored_name: str = ""  # the stored copy's name in folder
    # (sha256, suffix) -> the stored copy, fetched first where the store keeps files in the
    # database (PostgreSQL: this PC's cache folder); None: the file is in folder already
    fetch: Callable[[str, str], Path | None] | None = None

    @property
    def path(self):
        """The stored copy, for image thumbnails: made when asked for (a register can list
        20,000 files and only the pack's gallery wants any)."""
        if self.folder is None or not self.stored_name:
            return None
        suffix = self.stored_name[len(self.sha256) :]
        if self.fetch is not None:
            return self.fetch(self.sha256, suffix)
        return stored_file_or_none(self.folder, self.sha256, suffix)

    @property
    def is_image(self) -> bool:
        # the name first: on PostgreSQL asking for the path fetches the file
        return self.stored_name.lower().endswith(tuple(IMAGE_SUFFIXES)) and self.path is not None


IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp"}


def describe_links(links) -> str:
    """ "2 volunteering records, 1 job record": kinds and counts, never a person's reference."""
    counts: dict[str, int] = {}
    for kind, _rid in links:
        label = "job" if kind == "person" else kind.replace("_", " ")
        counts[label] = counts.get(label, 0) + 1
    # A kind already named as a record ("emission record") is not called a "record record".
    return ", ".join(
        f"{n} {k.removesuffix(' record')} record{'s' if n != 1 else ''}" for k, n in counts.items()
    )


def evidence(store, records: set[tuple[str, int]] | None = None) -> list[EvidenceRow] | None:
    """The evidence register, EV numbers in register order. records: keep only the files
    linked to one of these (a contract's own), numbered as in the full register; the others
    are skipped before any row is made for them."""
    mod = _module(AREA_MODULES["evidence"])
    out = []
    all_links = mod.links_by_evidence(store)
    types = getattr(mod, "EVIDENCE_TYPES", {})
    folder = store.evidence_dir if hasattr(mod, "evidence_path") else None  # its files' home
    cached_file = getattr(mod, "cached_file", None)
    fetch = (
        (lambda sha, suffix: cached_file(store, sha, suffix))
        if cached_file and getattr(store, "is_postgres", False)
        else None
    )
    for n, e in enumerate(mod.list_evidence(store), start=1):
        links = all_links.get(e.id, ())
        if records is not None and records.isdisjoint(links):
            continue
        out.append(
            EvidenceRow(
                e.original_name,
                types.get(e.evidence_type) or str(e.evidence_type).replace("_", " ").capitalize(),
                e.evidence_date,
                e.sha256,
                describe_links(links),
                int(e.size_bytes or 0),
                folder,
                e.caption,
                tuple(links),
                f"EV-{n:03d}",
                # a row whose name could point outside the folder gets no file (never embedded)
                e.stored_name if valid_row(e.sha256, e.suffix) else "",
                fetch,
            )
        )
    return out


def case_studies(store, contract_id: int | None) -> list | None:
    """Case studies with consent given (the others are never exported)."""
    mod = _module(AREA_MODULES["case_studies"])
    return [c for c in mod.list_case_studies(store, contract_id) if c.consent_given]


def evidence_file(store, evidence_id: int):
    mod = _module(AREA_MODULES["evidence"])
    if evidence_id is None:
        return None
    e = mod.get_evidence(store, evidence_id)
    if e is None or not valid_row(e.sha256, e.suffix):
        return None  # a row whose name could point outside the folder is never read
    return mod.evidence_path(store, e)


def contract_records(store, contract_id: int) -> set[tuple[str, int]]:
    """(record_type, id) of every record tied to the contract: activities and people assigned
    to it."""
    acts = _module("svdesk.services.activities")
    kinds = _module("svdesk.services.activity_kinds")
    ppl = _module(AREA_MODULES["people"])
    out: set[tuple[str, int]] = set()
    for key, spec in kinds.KINDS.items():
        if getattr(spec, "activity", True):
            out |= {(key, i) for i in acts.record_ids(store, key, contract_id=contract_id)}
    out |= {("person", i) for i in ppl.person_ids(store, contract_id=contract_id)}
    return out
