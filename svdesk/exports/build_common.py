"""What every builder shares: the request (which document, contract, period), the context read
from the store once and the labels for its period and organisation. The tables and sections
several documents contain live by what they show: measure_tables (measures, £ totals, cover
facts, method notes) and delivery_tables (commitments, spend, jobs), so each figure is computed
in one place and appears identically in all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from svdesk.calc.periods import financial_year
from svdesk.exports import sources
from svdesk.exports.manifest import COUNTED, ORGANISATION, FigureEntry
from svdesk.exports.privacy import district
from svdesk.formatting import format_date, format_money
from svdesk.services.contracts import ContractData, find_contract, get_contract
from svdesk.services.organisation import OrganisationData, get_organisation
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

if TYPE_CHECKING:  # tender_spec imports this module
    from svdesk.exports.tender_spec import TenderSpec

NONE_YET = "No records of this kind yet."
NOT_VALUED = "Not valued"


def total_text(pence: int | None) -> str:
    """A £ total, or plainly "Not valued" when no figure of that kind has a proxy value: an
    unknown total is never shown as £0."""
    return NOT_VALUED if pence is None else format_money(pence)


@dataclass
class ExportRequest:
    kind: str  # workbook, return, pack, statement, tender, assessment
    contract_ref: str | None = None
    contract_id: int | None = None
    start: date | None = None
    end: date | None = None
    year: int | None = None  # a financial year starting in this calendar year
    logo: Path | None = None
    today: date | None = None
    tender: TenderSpec | None = None  # for the tender response


@dataclass
class Context:
    store: Store
    org: OrganisationData
    contract: ContractData | None
    start: date | None
    end: date | None
    today: date
    logo: Path | None = None
    cache: dict = field(default_factory=dict)
    # manifest.FigureEntry for every figure the builder prints (shared by a copy of this
    # context made for another period, such as the statement's last year)
    manifest: list = field(default_factory=list)
    # the contract a document is about when this context is wider (a bid's track record): a
    # buyer's own framework is cited only for that contract's buyer
    document_contract: ContractData | None = None

    @property
    def scope(self) -> str:
        return self.contract.reference if self.contract else ORGANISATION

    def record(
        self,
        key: str,
        value,
        basis: str = COUNTED,
        where: str = "",
        text: str = "",
        start: date | None = None,
        end: date | None = None,
        scope: str | None = None,
    ):
        """Note a printed figure in the manifest (period and scope: this context's unless
        given) and give its value back, so the row prints exactly what was recorded."""
        self.manifest.append(
            FigureEntry(
                key, scope or self.scope, start or self.start, end or self.end, basis, value, where, text
            )
        )
        return value

    @property
    def contract_id(self) -> int | None:
        return self.contract.id if self.contract else None

    @property
    def period_label(self) -> str:
        """The period; one still running says so: "…, so far (to 5 Dec 2026)"."""
        if (
            self.end is not None
            and self.today < self.end
            and (self.start is None or self.start <= self.today)
        ):
            return running_label(self.start, self.end, self.today)
        return period_label(self.start, self.end)

    @property
    def scope_label(self) -> str:
        if self.contract is None:
            return "All contracts and the whole organisation"
        c = self.contract
        return f"{c.reference} · {c.title} for {c.buyer}"

    @property
    def as_of(self) -> date:
        return min(self.end or self.today, self.today)

    def measures(self) -> sources.MeasureSet | None:
        if "measures" not in self.cache:
            value = self.contract.value_pence if self.contract else None
            self.cache["measures"] = sources.measures(
                self.store, self.contract_id, self.start, self.end, value, self.today
            )
        return self.cache["measures"]

    def spend(self):
        if "spend" not in self.cache:
            self.cache["spend"] = sources.spend(self.store, self.contract_id, self.start, self.end)
        return self.cache["spend"]

    def people(self):
        if "people" not in self.cache:
            self.cache["people"] = sources.people(self.store, self.contract_id, self.start, self.end)
        return self.cache["people"]

    def evidence(self) -> list | None:
        """The evidence register: for a contract, only files linked to its own records (a
        buyer never sees another contract's evidence); EV numbers stay those of the full
        register, so a reference means the same file in every export."""
        if "evidence" not in self.cache:
            mine = None
            if self.contract is not None:
                assert self.contract.id is not None  # a contract read from the database
                mine = sources.contract_records(self.store, self.contract.id)
            self.cache["evidence"] = sources.evidence(self.store, mine)
        return self.cache["evidence"]

    def delivery(self) -> list | None:
        if self.contract is None:
            return None
        if "delivery" not in self.cache:
            c = self.contract
            if not (c.start_date and c.end_date):
                self.cache["delivery"] = []
            else:
                assert c.id is not None  # a contract read from the database
                self.cache["delivery"] = sources.delivery(self.store, c.id, self.as_of)
        return self.cache["delivery"]


def running_label(start: date | None, end: date, today: date) -> str:
    """A period not over yet, labelled as the part it is: "1 Oct 2026 – 5 Dec 2026, part
    quarter so far (the quarter ends 31 Dec 2026)"."""
    from svdesk.calc.time_spans import ONE_DAY, add_months

    word = "period"
    if start is not None:
        for months, name in ((3, "quarter"), (12, "year"), (1, "month")):
            if add_months(start, months) - ONE_DAY == end:
                word = name
    return f"{period_label(start, today)}, part {word} so far (the {word} ends {format_date(end)})"


def period_label(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{format_date(start)} – {format_date(end)}"
    if start:
        return f"From {format_date(start)}"
    if end:
        return f"Up to {format_date(end)}"
    return "All dates"


def resolve(store, req: ExportRequest) -> Context:
    """Read the organisation and contract and settle the period; errors say what to do."""
    org = get_organisation(store)
    if org is None:
        raise ValidationError(
            {"organisation": "Add your organisation profile first: every export carries its name."}
        )
    contract = None
    if req.contract_id is not None:
        contract = get_contract(store, req.contract_id)
    elif req.contract_ref:
        contract = find_contract(store, req.contract_ref)
        if contract is None:
            raise ValidationError(
                {"contract": f"There is no contract with the reference “{req.contract_ref}”."}
            )
    today = req.today or date.today()
    start, end = req.start, req.end
    if req.year is not None:
        year = financial_year(date(req.year, org.year_start_month, 1), org.year_start_month)
        start, end = year.start, year.end
    elif start is None and end is None:
        # a statement, and an organisation's pack, are for a whole year: the last complete one
        if req.kind == "statement" or (req.kind == "pack" and contract is None):
            this = financial_year(today, org.year_start_month)
            year = financial_year(date(this.start.year - 1, this.start.month, 1), org.year_start_month)
            start, end = year.start, year.end
        elif req.kind == "crp":  # the plan's own current period (carbon_plan)
            pass
        elif contract is not None and contract.start_date:
            start, end = contract.start_date, min(contract.end_date or today, today)
            if end < start:  # a bid not started yet: its whole term
                end = contract.end_date
        else:
            year = financial_year(today, org.year_start_month)
            start, end = year.start, year.end
    if start and end and end < start:
        raise ValidationError({"end": "The end of the period is before its start."})
    return Context(store, org, contract, start, end, today, req.logo)


def org_line(org: OrganisationData) -> str:
    parts = [org.name]
    if org.postcode:
        parts.append(f"postcode district {district(org.postcode)}")
    parts.append(f"{org.size.label}")
    if org.headcount is not None:
        parts.append(f"{org.headcount} staff")
    return " · ".join(parts)
