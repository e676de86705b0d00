"""The codes a buyer scores against, for each measure: PPN 06/20 MACs, PPN 002 outcomes, the
buyer's own framework outcomes and the buyer's own KPI name for a contract.

What is cited comes from data: a framework file says whether documents cite its award criteria
or its outcomes (`cite`), and each measure lists the outcomes (`maps_to`) and criteria
(`criteria`) it answers. A successor to PPN 002 is a new YAML file, not code.

Every reference says whether its wording is verified. In the app the user sees everything, with
unverified references marked "not verified"; in a document a buyer receives (buyer=True) an
unverified criterion is cited by its outcome when that is verified, and anything unverified is
left out, so "not verified" never reaches a buyer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from svdesk.calc.frameworks import Framework, builtin_measure, load_frameworks

BUYER_COLUMN = "Buyer's framework or KPI"


@dataclass(frozen=True)
class FrameworkRef:
    framework: str  # the framework key ("ppn_06_20"), or the buyer framework's name
    short_name: str  # "PPN 06/20"
    code: str  # "MAC 2.1", "Outcome 1"; "" for a buyer's outcome or KPI
    name: str  # the wording
    verified: bool

    @property
    def text(self) -> str:
        """ "MAC 2.1 Create opportunities …", or the buyer's own wording."""
        return f"{self.code} {self.name}".strip() if self.code else self.name

    def app_text(self) -> str:
        return self.text + ("" if self.verified else " (not verified)")


def _outcome_ref(fw: Framework, key: str) -> FrameworkRef | None:
    o = fw.outcome(key)
    if o is None:
        return None
    return FrameworkRef(fw.key, fw.short_name, f"{fw.outcome_label} {o.key}", o.name, o.verified)


def _criterion_ref(fw: Framework, key: str) -> FrameworkRef | None:
    c = fw.criterion(key)
    if c is None:
        return None
    return FrameworkRef(fw.key, fw.short_name, c.key, c.name, c.verified)


def measure_refs(
    measure,
    *,
    buyer: bool = False,
    buyer_kpis: Iterable[str] = (),
    buyer_context: str | None = None,
    frameworks: Mapping[str, Framework] | None = None,
) -> dict[str, list[FrameworkRef]]:
    """{column: references} for one measure (anything with maps_to and criteria): one column per
    shipped framework (its short name), then BUYER_COLUMN for the buyer's own framework
    outcomes (mapped by the user) and KPI names (given per contract).

    buyer_context: for a document about one contract, its buyer and framework in words; a
    buyer's framework the user mapped is cited only where its name appears there (Salford's
    outcomes are not printed for Manchester). None: every mapping (organisation-wide)."""
    frameworks = load_frameworks() if frameworks is None else frameworks
    maps_to = tuple(getattr(measure, "maps_to", ()) or ())
    if hasattr(measure, "criteria"):
        criteria = tuple(measure.criteria or ())
    else:  # a figure: the criteria are the shipped measure's (a buyer's own measure has none)
        shipped = builtin_measure(getattr(measure, "key", ""))
        criteria = shipped.criteria if shipped is not None else ()
    out: dict[str, list[FrameworkRef]] = {}
    for fw in frameworks.values():
        refs: list[FrameworkRef] = []
        mine = [r.partition(":")[2] for r in criteria if r.partition(":")[0] == fw.key]
        outcomes = [r.partition(":")[2] for r in maps_to if r.partition(":")[0] == fw.key]
        if fw.cite == "criteria" and mine:
            for key in mine:
                ref = _criterion_ref(fw, key)
                if ref is not None and buyer and not ref.verified:
                    crit = fw.criterion(key)
                    ref = _outcome_ref(fw, crit.outcome) if crit else None
                if ref is not None:
                    refs.append(ref)
        else:
            refs += [r for r in (_outcome_ref(fw, k) for k in outcomes) if r is not None]
        seen: set[str] = set()
        kept = []
        for ref in refs:
            if (buyer and not ref.verified) or ref.text in seen:
                continue
            seen.add(ref.text)
            kept.append(ref)
        out[fw.short_name] = kept
    context = None if buyer_context is None else buyer_context.lower()
    own = [
        FrameworkRef(fw_key, fw_key, "", f"{fw_key}: {name}", True)
        for fw_key, _, name in (r.partition(":") for r in maps_to)
        if fw_key not in frameworks and name and (context is None or fw_key.strip().lower() in context)
    ]
    own += [FrameworkRef("kpi", "KPI", "", k.strip(), True) for k in buyer_kpis if k.strip()]
    out[BUYER_COLUMN] = own
    return out


def refs_text(refs: list[FrameworkRef], *, buyer: bool = True) -> str:
    """The references of one column in one cell: codes with their wording, "; " between."""
    return "; ".join(r.text if buyer else r.app_text() for r in refs)
