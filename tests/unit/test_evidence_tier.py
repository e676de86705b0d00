"""Issue 16.5: every figure carries its evidence tier ("Verified", "Partly evidenced (N%)", "Not
evidenced"), computed in one function from the records behind it, and the same tier is printed
in the documents and returned by `svdesk report`."""

from __future__ import annotations

from datetime import date

import pytest

from svdesk.calc.counting import Contribution
from svdesk.calc.evidence_tier import (
    NO_RECORDS,
    NOT_EVIDENCED,
    PARTLY,
    VERIFIED,
    combined_tier,
    evidence_tier,
    figure_tier,
)
from svdesk.exports import model as m
from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import build
from svdesk.services.contracts import find_contract
from svdesk.services.evidence import add_evidence
from svdesk.services.measures import compute_measures

pytestmark = pytest.mark.both_stores

SALFORD = "SCC-PR-2025-041"
TODAY = date(2026, 12, 5)


def _c(ref, qty, evidenced, claimed=True):
    return Contribution(ref, qty, claimed, evidenced=evidenced)


def test_the_three_tiers_from_the_records_behind_a_figure():
    assert evidence_tier([_c("a:1", 5, True), _c("a:2", 3, True)]).label == "Verified"
    none = evidence_tier([_c("a:1", 5, False), _c("a:2", 3, None)])  # None: nothing attached
    assert (none.level, none.label) == (NOT_EVIDENCED, "Not evidenced")
    part = evidence_tier([_c("a:1", 6, True), _c("a:2", 2, False)])
    assert (part.level, part.label, part.records, part.evidenced, part.missing) == (
        PARTLY,
        "Partly evidenced (75%)",
        2,
        1,
        1,
    )
    # a record not claimed (not additional, not local ...) is not behind the figure
    assert evidence_tier([_c("a:1", 6, True), _c("a:2", 0, False, claimed=False)]).level == VERIFIED
    assert evidence_tier([]).level == NO_RECORDS and evidence_tier([]).label == "No records"


def test_a_partial_tier_never_reads_as_0_or_100_percent():
    tiny = evidence_tier([_c("a:1", 0.001, True), _c("a:2", 1000, False)])
    big = evidence_tier([_c("a:1", 1000, True), _c("a:2", 0.001, False)])
    assert tiny.label == "Partly evidenced (1%)" and big.label == "Partly evidenced (99%)"
    # all quantities 0 (a figure counted as 0): the share of records is used instead
    assert evidence_tier([_c("a:1", 0, True), _c("a:2", 0, False)]).percent == 50


def test_a_total_weighs_each_part_by_its_value():
    hours = [_c("v:1", 10, True), _c("v:2", 10, False)]  # £20/h
    gifts = [_c("d:1", 600, True)]  # £1 per £1
    t = combined_tier([(hours, 2000), (gifts, 100)])
    # 200 of 400 evidenced in hours + 600 of 600 in gifts = 80,000 of 100,000 pence
    assert t.label == "Partly evidenced (80%)" and (t.records, t.evidenced) == (3, 2)


def test_attaching_evidence_moves_a_figure_to_verified_in_the_documents(demo_store, tmp_path):
    cid = find_contract(demo_store, SALFORD).id
    vol = next(
        f for f in compute_measures(demo_store, cid, None, None, today=TODAY) if f.key == "volunteering_hours"
    )
    before = figure_tier(vol)
    assert before.level == PARTLY and before.missing >= 1

    req = ExportRequest("pack", contract_ref=SALFORD, today=TODAY)
    table = _measures_table(build(demo_store, req))
    assert table[vol.name] == before.label

    photo = tmp_path / "volunteering.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 attendance sheet")
    missing = [c.ref for c in vol.contributions if c.claimed and not c.evidenced]
    add_evidence(
        demo_store,
        photo,
        caption="Attendance sheet",
        links=[(r.partition(":")[0], int(r.partition(":")[2])) for r in missing],
    )

    vol = next(
        f for f in compute_measures(demo_store, cid, None, None, today=TODAY) if f.key == "volunteering_hours"
    )
    assert figure_tier(vol).label == "Verified"
    assert _measures_table(build(demo_store, req))[vol.name] == "Verified"


def _measures_table(doc: m.Document) -> dict[str, str]:
    """Measure name -> the Evidence cell of the pack's measures table."""
    section = next(s for s in doc.sections if s.heading == "Measures and their value")
    table = next(
        b
        for b in section.blocks
        if isinstance(b, m.Table) and [c.title for c in b.columns][:2] == ["Measure", "Unit"]
    )
    col = [c.title for c in table.columns].index("Evidence")
    return {r[0]: r[col] for r in table.rows}


def test_every_measure_row_of_the_workbook_carries_the_engines_tier(demo_store):
    req = ExportRequest("workbook", contract_ref=SALFORD, today=TODAY)
    book = build(demo_store, req)
    sheet = next(s for s in book.sheets if s.name == "Measures")
    col = [c.title for c in sheet.table.columns].index("Evidence")
    rows = {r[0]: r[col] for r in sheet.table.rows}
    cid = find_contract(demo_store, SALFORD).id
    from svdesk.exports.runner import context

    ctx = context(demo_store, req)
    figures = compute_measures(demo_store, cid, ctx.start, ctx.end, today=TODAY)
    shown = [f for f in figures if f.quantity or f.has_source]
    assert rows and set(rows) == {f.name for f in shown}
    for f in shown:
        assert rows[f.name] == figure_tier(f).label
    assert {"Verified", "Not evidenced"} <= set(rows.values())
    assert any(v.startswith("Partly evidenced (") for v in rows.values())


def test_report_json_gives_each_measure_its_tier(demo_store, capsys):
    import json

    from svdesk.cli import main

    assert main(["report", "--db", demo_store.where, "--contract", SALFORD, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    jobs = next(x for x in out["measures"] if x["key"] == "local_jobs_fte_years")
    assert jobs["evidence"]["label"] == "Verified"
    assert jobs["evidence"]["records"] == jobs["evidence"]["evidenced"] == jobs["records"]
