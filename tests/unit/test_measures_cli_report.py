"""`svdesk report --json`: every measure, totals apart, and the spend object."""

import json
from datetime import date

import pytest

from svdesk.calc.counting import DatedRecord, hours_times_people
from svdesk.cli import main
from svdesk.services import measure_sources as ms
from svdesk.services.commitments import CommitmentData, save_commitment
from svdesk.services.contracts import find_contract
from svdesk.services.proxies import ProxyData, save_proxy

pytestmark = pytest.mark.both_stores


@pytest.fixture
def registry():
    import svdesk.services.measure_plugins  # noqa: F401  (register first, then clear)

    saved_sources, saved_spend = dict(ms._SOURCES), list(ms._SPEND)
    ms._SOURCES.clear()
    ms._SPEND.clear()
    yield
    ms._SOURCES.clear()
    ms._SOURCES.update(saved_sources)
    ms._SPEND[:] = saved_spend


def run_json(capsys, *args):
    assert main(["report", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def shipped_pence(key: str) -> int:
    """The shipped default £ per unit (resources/proxies/defaults.csv), in pence."""
    from svdesk.services.proxies import shipped_defaults

    return next(p.pence_per_unit for p in shipped_defaults() if p.measure_key == key)


def test_report_without_records_lists_every_measure_and_empty_spend(demo_store, capsys, registry):
    out = run_json(capsys, "--db", demo_store.where)
    keys = [m["key"] for m in out["measures"]]
    assert len(keys) == 23 and keys[0] == "local_jobs_fte_years"
    vol = next(m for m in out["measures"] if m["key"] == "volunteering_hours")
    assert (vol["quantity"], vol["proxy"], vol["value"], vol["kind"]) == (
        0,
        shipped_pence("volunteering_hours") / 100,
        None,
        "social",
    )
    assert out["spend"] == {
        "total": 0.0,
        "local": 0.0,
        "local_share": None,
        "sme": 0.0,
        "vcse": 0.0,
        "unknown_postcode": {"count": 0, "gbp": 0.0},
        "recorded": False,
    }


def test_report_for_a_contract_and_period(demo_store, capsys, registry):
    salford = find_contract(demo_store, "SCC-PR-2025-041")
    ms.register_source(
        "expert_hours",
        lambda q: ms.SourceResult.from_count(
            hours_times_people(
                [DatedRecord("exp:1", salford.id, date(2025, 10, 2), 7.5, people=2)], q.period, q.terms
            )
        ),
    )
    ms.register_spend_source(
        lambda q: ms.SpendSummary(
            total_pence=12_345_67,
            local_pence=4_000_00,
            sme_pence=9_000_00,
            vcse_pence=500_00,
            unknown_postcode_count=3,
            unknown_postcode_pence=812_40,
        )
    )
    save_commitment(demo_store, CommitmentData(salford.id, "expert_hours", 30, owner="Dawn Okafor"))
    # no shipped value for expert time: the buyer's own, entered by the user
    save_proxy(demo_store, ProxyData("expert_hours", 10100, source="Salford proxy sheet"))
    out = run_json(
        capsys,
        "--db",
        demo_store.where,
        "--contract",
        "SCC-PR-2025-041",
        "--from",
        "01/04/2025",
        "--to",
        "2026-03-31",
    )
    assert out["contract"]["reference"] == "SCC-PR-2025-041" and out["contract"]["value"] == 186000
    assert out["period"] == {"from": "2025-04-01", "to": "2026-03-31"}
    expert = next(m for m in out["measures"] if m["key"] == "expert_hours")
    assert (expert["quantity"], expert["proxy"], expert["value"]) == (15, 101.0, 1515.0)
    assert out["totals"]["social"] == 1515.0 and out["totals"]["local_economic"] is None
    assert out["totals"]["social_share"] == pytest.approx(1515 / 186000)
    local = next(m for m in out["measures"] if m["key"] == "local_spend_gbp")
    assert (local["quantity"], local["value"]) == (4000, None)
    assert out["totals"]["unvalued"] == ["local_spend_gbp", "sme_spend_gbp", "vcse_spend_gbp"]
    s = out["spend"]
    assert (s["total"], s["local"], s["sme"], s["vcse"]) == (12345.67, 4000.0, 9000.0, 500.0)
    assert s["local_share"] == pytest.approx(4000 / 12345.67)
    assert s["unknown_postcode"] == {"count": 3, "gbp": 812.4}
    [c] = [c for c in out["commitments"] if c["measure"] == "expert_hours"]
    assert (c["measure"], c["delivered"], c["as_of"]) == ("expert_hours", 15, "2026-03-31")


def test_report_errors_are_plain(demo_store, capsys):
    assert main(["report", "--db", demo_store.where, "--contract", "XYZ"]) == 2
    assert "no contract or bid “XYZ”" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:  # the one date rule every command uses (#21.3)
        main(["report", "--db", demo_store.where, "--from", "32/13/2025"])
    assert exc.value.code == 2
    assert "“32/13/2025” is not a date" in capsys.readouterr().err
    assert main(["report", "--db", demo_store.where, "--from", "2026-01-01", "--to", "2025-01-01"]) == 2
