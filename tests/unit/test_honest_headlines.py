"""Issue 15.4: a £ total is shown only with its coverage ("£X from 1 of 6 measures valued; 5 have
no proxy value"), its evidence tier and the sources of its proxy values, or not at all, in
every document and in `svdesk report`; never a bare "Not valued" headline or a £0."""

from __future__ import annotations

from datetime import date

import pytest

from svdesk.calc.value_coverage import value_headlines
from svdesk.exports import model as m
from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import build, context, export_now
from svdesk.formatting import format_money
from svdesk.services.contracts import find_contract
from svdesk.services.measures import compute_measures, totals
from svdesk.services.proxies import ProxyData, save_proxy

pytestmark = pytest.mark.both_stores

SALFORD = "SCC-PR-2025-041"
TODAY = date(2026, 12, 5)


def _figures(store, ref=SALFORD):
    return compute_measures(store, find_contract(store, ref).id, None, None, today=TODAY)


def test_the_headline_counts_what_is_valued_and_what_has_no_proxy(demo_store):
    figures = _figures(demo_store)
    heads = value_headlines(figures)
    t = totals(figures)
    social = heads["social"]
    # the same total the engine adds up, from the same figures
    assert social.pence == t.social_pence and heads["local_economic"].pence is None
    with_records = [f for f in figures if f.kind == "social" and f.quantity and f.valued and f.in_totals]
    valued = [f for f in with_records if f.value_pence is not None]
    assert social.counted == len(with_records) and len(social.valued) == len(valued) >= 1
    assert social.text == (
        f"{format_money(t.social_pence)} from {len(valued)} of "
        f"{len(with_records)} measures valued; "
        f"{len(with_records) - len(valued)} have no proxy value"
    )
    # shares and emissions can never carry a £ value: not counted as "no proxy value"
    assert "Greenhouse gas emissions from delivering the contract" not in social.unvalued
    assert heads["local_economic"].text is None
    assert heads["local_economic"].coverage.startswith("none of the 2 measures")
    # each proxy used is cited with its source, date and licence
    assert any("Open Government Licence v3.0" in s and "published 29 Oct 2024" in s for s in social.sources)


def test_a_buyers_proxy_for_local_jobs_gives_a_local_total_with_its_coverage(demo_store):
    cid = find_contract(demo_store, SALFORD).id
    save_proxy(
        demo_store,
        ProxyData(
            "local_jobs_fte_years",
            2_852_000,
            edition="2024",
            source="Salford tender pack proxy sheet",
            licence="Salford City Council tender pack",
            contract_id=cid,
        ),
    )
    figures = _figures(demo_store)
    local = value_headlines(figures)["local_economic"]
    jobs = next(f for f in figures if f.key == "local_jobs_fte_years")
    assert local.pence == jobs.value_pence == round(jobs.quantity * 2_852_000)
    assert local.coverage == "from 1 of 2 measures valued; 1 has no proxy value"
    assert local.tier.label == "Verified"  # every local job record has evidence
    assert local.sources == (
        f"{jobs.name}: £28,520.00 per unit, Salford tender pack proxy "
        "sheet, 2024, Salford City Council tender pack",
    )
    # local economic value and social value stay apart
    assert value_headlines(figures)["social"].pence == totals(figures).social_pence


@pytest.mark.parametrize("kind", ["pack", "statement", "workbook"])
def test_no_document_headlines_a_bare_not_valued_or_a_total_without_coverage(demo_store, kind):
    req = ExportRequest(kind, contract_ref=SALFORD, today=TODAY)
    ctx = context(demo_store, req)
    doc = build(demo_store, req, ctx)
    text = " ".join(m.walk_text(doc))
    assert "Not valued" not in text
    figures = compute_measures(demo_store, ctx.contract_id, ctx.start, ctx.end, today=TODAY)
    social = value_headlines(figures)["social"]
    assert format_money(social.pence) in text
    assert social.coverage in text and social.tier.label in text
    if kind == "workbook":
        assert "No £ total: none of the 2 measures with records has a proxy value." in text
    else:
        assert "No local economic value in £ is given" in text
    if kind == "pack":
        facts = dict(doc.cover_facts)
        assert facts["Social value (at proxy values)"] == f"{social.text} · {social.tier.label}"
        assert not any(k.startswith("Local economic value") for k in facts)


def test_the_pdf_pack_prints_the_headline_and_the_proxy_licence(demo_store, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "pack.pdf"
    export_now(demo_store, ExportRequest("pack", contract_ref=SALFORD, today=TODAY), out)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "from 1 of 6 measures valued; 5 have no proxy value" in text
    assert "Open Government Licence v3.0" in text and "Not valued" not in text


def test_report_json_carries_the_headlines(demo_store, capsys):
    import json

    from svdesk.cli import main

    assert main(["report", "--db", demo_store.where, "--contract", SALFORD, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    social = out["headlines"]["social"]
    assert social["value"] == out["totals"]["social"]
    assert social["text"].endswith(social["coverage"]) and social["evidence"]["label"]
    assert out["headlines"]["local_economic"]["text"] is None


def test_a_year_with_nothing_valued_is_not_charted_as_0(demo_store):
    """The statement compares £ totals only where both years have a valued record."""
    req = ExportRequest("statement", contract_ref=SALFORD, today=TODAY)
    ctx = context(demo_store, req)
    doc = build(demo_store, req, ctx)
    section = next(s for s in doc.sections if s.heading == "This year compared with last")
    charts = [b for b in section.blocks if isinstance(b, m.Chart)]
    prev = compute_measures(
        demo_store, ctx.contract_id, date(ctx.start.year - 1, 4, 1), date(ctx.start.year, 3, 31), today=TODAY
    )
    if value_headlines(prev)["social"].pence is None:
        assert not any("Social value" in c.categories for c in charts)
    for c in charts:
        assert all(v for s in c.series for v in s.values)  # no £0 bar


def test_the_statement_cites_its_proxies_beside_the_headline(demo_store):
    req = ExportRequest("statement", contract_ref=SALFORD, today=TODAY)
    doc = build(demo_store, req)
    section = next(s for s in doc.sections if s.heading == "Our year in numbers")
    text = " ".join(m.walk_text(section))
    assert "£ values: Staff volunteering hours: £18.64 per unit" in text
    assert "Open Government Licence v3.0" in text and "published 29 Oct 2024" in text
