"""What every document says beside its figures: the £ headline with its coverage and sources
(issue 15.4), the framework codes each measure answers (15.5) and each figure's evidence tier
(16.5). The wording comes from the core functions (svdesk.calc.value_coverage,
framework_refs, evidence_tier), so every document and format says the same thing.

Builders call these; nothing here reads the database except through the Context's cached
figures and commitments.
"""

from __future__ import annotations

from svdesk.calc.evidence_tier import figure_tier
from svdesk.calc.framework_refs import BUYER_COLUMN, measure_refs, refs_text
from svdesk.calc.value_coverage import ValueHeadline, citation, value_headlines
from svdesk.exports import model as m
from svdesk.formatting import format_money, format_percent

TIER_COLUMN = "Evidence"
TIER_NOTE = (
    "Evidence: “Verified” means every record behind the figure has evidence attached; "
    "“Partly evidenced (N%)” that records with evidence make up N% of it; “Not "
    "evidenced” that none has (spend read from the accounts and figures typed in by "
    "hand carry no attached files)."
)


def tier_text(figure) -> str:
    """The evidence tier of one figure, for a table cell."""
    return figure_tier(figure).label


def headlines(ms) -> dict[str, ValueHeadline]:
    return value_headlines(ms.figures)


def _share(h: ValueHeadline, of_pence: int | None) -> str:
    return (
        f"{format_percent(h.pence / of_pence)} of the contract value"
        if h.pence is not None and of_pence
        else ""
    )


def cover_facts(ms) -> list[tuple[str, str]]:
    """The £ headlines for a cover: each valued kind with its coverage and evidence tier. A kind
    with nothing valued gets no £ line at all (the measures section says why)."""
    out = []
    for h in headlines(ms).values():
        if h.text is not None:
            out.append((f"{h.label} (at proxy values)", f"{h.text} · {h.tier.label}"))
    return out


def key_figures(ms, contract_value_pence: int | None = None) -> list[m.KeyFigure]:
    """Headline cards: the £ total, its coverage, share of the contract and evidence tier."""
    out = []
    for h in headlines(ms).values():
        if h.pence is None:
            continue
        detail = "; ".join(x for x in (h.coverage, _share(h, contract_value_pence), h.tier.label) if x)
        out.append(m.KeyFigure(h.label, format_money(h.pence), detail))
    return out


def value_notes(ms) -> list[str]:
    """Beside the £ figures: where each £ per unit comes from, and why a kind has no total."""
    notes = []
    for h in headlines(ms).values():
        if h.pence is None and h.counted:
            notes.append(
                f"No {h.label.lower()} in £ is given: {h.coverage}. Its measures are shown as quantities."
            )
        elif h.unvalued:
            notes.append(f"{h.label}: {h.coverage} (" + "; ".join(h.unvalued) + ").")
        if h.overlapping:
            notes.append(
                f"Shown but not added to {h.label.lower()} (they overlap another "
                "measure): " + "; ".join(h.overlapping) + "."
            )
        notes += [f"£ values: {s}." for s in h.sources]
    return notes


def buyer_kpis(ctx) -> dict[str, list[str]]:
    """measure key -> the buyer's own KPI names and codes the user gave for this contract's
    commitments (kept with the contract return's notes, svdesk.services.contract_return)."""
    from svdesk.services.contract_return import get_buyer_kpi

    out: dict[str, list[str]] = {}
    if ctx.contract is None:
        return out
    for r in ctx.delivery() or []:
        code, name = get_buyer_kpi(ctx.store, r.commitment.id)
        text = " ".join(x for x in (code.strip(), name.strip()) if x)
        if text:
            out.setdefault(r.measure.key, []).append(text)
    return out


def buyer_context(ctx) -> str | None:
    c = ctx.contract or getattr(ctx, "document_contract", None)
    return None if c is None else f"{c.buyer} {c.framework_label}"


def codes_rows(ctx, figures) -> tuple[list[str], list[list[str]]]:
    """(column titles, rows): each measure with the framework references it answers, as a
    buyer may see them (verified wording only)."""
    kpis, context = buyer_kpis(ctx), buyer_context(ctx)
    titles: list[str] = []
    rows = []
    for f in figures:
        refs = measure_refs(f, buyer=True, buyer_kpis=kpis.get(f.key, ()), buyer_context=context)
        titles = titles or list(refs)
        rows.append([f.name] + [refs_text(refs[t]) for t in titles])
    return titles, rows


def codes_table(ctx, figures, caption: str = "") -> m.Table:
    titles, rows = codes_rows(ctx, figures)
    if rows and not any(r[-1] for r in rows):  # no buyer's framework or KPI: no empty column
        titles, rows = titles[:-1], [r[:-1] for r in rows]
    return m.Table(
        [m.Column("Measure", wrap=True)] + [m.Column(t, wrap=True) for t in titles],
        rows,
        caption=caption,
        empty_text="No measure has any records in this period yet.",
    )


def codes_note() -> str:
    return (
        "Codes: the PPN 06/20 Model Award Criteria (MAC) or, where a criterion's wording "
        "could not be checked, its policy outcome; the PPN 002 outcomes; and the buyer's "
        "own framework or KPI names where they were given. Only wording checked against a "
        "public source is printed."
    )


__all__ = [
    "BUYER_COLUMN",
    "TIER_COLUMN",
    "TIER_NOTE",
    "buyer_kpis",
    "citation",
    "codes_note",
    "codes_rows",
    "codes_table",
    "cover_facts",
    "headlines",
    "key_figures",
    "tier_text",
    "value_notes",
]
