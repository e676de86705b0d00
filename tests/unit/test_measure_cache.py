"""The Dashboard keeps the engine's period-free work between counts (measure_cache): a view
counted from what an earlier count kept is exactly a fresh count, figure by figure and record
by record, on the demo firm and on a randomised database; and any change to the records, or to
the rate tables, is counted at once."""

import dataclasses
import random
from datetime import date, timedelta

import pytest

from svdesk.db.raw import RawSQL
from svdesk.services import activities, people_edits
from svdesk.services import dashboard as dash
from svdesk.services import spend_analysis as sa
from svdesk.services import spend_supplier_totals as st
from svdesk.services.activity_kinds import default_values
from svdesk.services.contracts import find_contract, list_contracts
from svdesk.services.measure_cache import forget, shared_cache
from svdesk.services.people import Assignment, PersonData

pytestmark = pytest.mark.both_stores

TODAY = date(2026, 2, 10)


def plain(value):
    """Everything in the Dashboard's data, every float to the last bit, ORM rows by id."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float):
        return repr(value)
    if value is None or isinstance(value, (str, int, bool, date)):
        return value
    if hasattr(value, "__table__"):
        return f"{type(value).__name__}:{value.id}"
    return repr(value)


def fresh(store, contract_id, period):
    forget(store)
    return plain(dash.dashboard(store, contract_id, period, TODAY))


def _views(store):
    """(contract id, period) for the organisation and every contract, every Dashboard period."""
    out = [(None, p) for p in dash.dashboard_periods(store, None, TODAY)]
    for c in list_contracts(store):
        out += [(c.id, p) for p in dash.dashboard_periods(store, c, TODAY)]
    return out


def _kept_equals_fresh(store, views):
    expected = {i: fresh(store, cid, p) for i, (cid, p) in enumerate(views)}
    forget(store)
    # every view counted in turn from one kept cache (each reuses what the others kept),
    # then all again in reverse
    for i in list(range(len(views))) + list(reversed(range(len(views)))):
        cid, period = views[i]
        assert plain(dash.dashboard(store, cid, period, TODAY)) == expected[i], views[i]


def test_a_view_from_what_was_kept_is_a_fresh_count_on_the_demo(demo_store):
    _kept_equals_fresh(demo_store, _views(demo_store))


def test_the_kept_work_is_kept_until_a_change(demo_store):
    period = dash.dashboard_periods(demo_store, None, TODAY)[0]
    # the first count stores the people's local answers it worked out (a change, once)
    dash.dashboard(demo_store, None, period, TODAY)
    dash.dashboard(demo_store, None, period, TODAY)
    kept = shared_cache(demo_store)
    assert any(k[0] == "job_spells" for k in kept if isinstance(k, tuple))
    dash.dashboard(demo_store, None, period, TODAY)
    assert shared_cache(demo_store) is kept
    activities.save_record(
        demo_store,
        "volunteering",
        default_values("volunteering")
        | dict(date=date(2025, 9, 1), organisation_helped="Salford Foodbank", hours=3, volunteers=2),
    )
    assert shared_cache(demo_store) is not kept


def _figure(data, key):
    return next(f for f in data.current.figures if f.key == key)


def test_every_kind_of_change_is_counted_at_once(demo_store):
    """Counted from a kept cache, then a change: the next view shows it (it equals a fresh
    count, and differs from the view before the change)."""
    store = demo_store
    scc = find_contract(store, "SCC-PR-2025-041")
    period = next(p for p in dash.dashboard_periods(store, None, TODAY) if p.key == dash.WHOLE)

    def view():
        return dash.dashboard(store, None, period, TODAY)

    def changes():
        yield (
            "volunteering",
            lambda: activities.save_record(
                store,
                "volunteering",
                default_values("volunteering")
                | dict(
                    date=date(2025, 9, 1),
                    contract_id=scc.id,
                    additional=True,
                    organisation_helped="Salford Foodbank",
                    hours=3,
                    volunteers=2,
                ),
            ),
        )
        yield (
            "people",
            lambda: people_edits.save_person(
                store,
                PersonData(
                    reference="IJ-201",
                    postcode="M6 5PW",
                    start_date=date(2025, 6, 2),
                    weekly_hours=39,
                    assignments=[Assignment(scc.id)],
                ),
            ),
        )
        yield (
            "emissions",
            lambda: activities.save_record(
                store,
                "emission_record",
                default_values("emission_record")
                | dict(date=date(2025, 10, 1), contract_id=scc.id, factor_key=_a_factor(), quantity=5000),
            ),
        )

        def spend():
            with store.write() as s:
                conn = s.connection()
                supplier, batch = conn.exec_driver_sql(
                    "SELECT supplier_id, batch_id FROM spend_line LIMIT 1"
                ).one()
                RawSQL(conn).run(
                    "INSERT INTO spend_line (supplier_id, spend_date, net_pence, gross_pence, "
                    "description, reference, contract_id, batch_id, source_row, fingerprint) "
                    "VALUES (?, '2025-11-05', 1234567, 1481480, '', '', ?, ?, 1, 'cache-test')",
                    (supplier, scc.id, batch),
                )

        yield "spend", spend

    before = view()
    for name, change in changes():
        change()
        after = view()
        assert plain(after) != plain(before), name
        assert plain(after) == fresh(store, None, period), name
        before = after


def _a_factor() -> str:
    from svdesk.calc import rates

    return next(iter(rates._ghg_index(rates.table_path("ghg_factors.csv"))))


def test_reloaded_rate_tables_are_counted_afresh(demo_store):
    from svdesk.calc import rates

    dash.dashboard(demo_store, None, dash.dashboard_periods(demo_store, None, TODAY)[0], TODAY)
    kept = shared_cache(demo_store)
    rates.clear_cache()
    assert shared_cache(demo_store) is not kept


def _randomise(store, seed: int) -> None:
    """The demo firm plus random people, volunteering and spend over three years, on random
    contracts (or none)."""
    rnd = random.Random(seed)
    contracts = [c.id for c in list_contracts(store)]
    postcodes = ["M6 5PW", "M5 4WT", "M50 3UB", "M6 6AP", "SW1A 1AA", "LS1 4AP", "ZZ9 9ZZ", ""]
    first = date(2024, 1, 1)
    for i in range(40):
        start = first + timedelta(days=rnd.randrange(900))
        leave = start + timedelta(days=rnd.randrange(30, 700)) if rnd.random() < 0.4 else None
        people_edits.save_person(
            store,
            PersonData(
                reference=f"R-{seed}-{i:03}",
                postcode=rnd.choice(postcodes[:-1]),
                start_date=start,
                leave_date=leave,
                weekly_hours=rnd.choice((16, 22.5, 37.5, 39)),
                hourly_rate_pence=rnd.choice((None, 1150, 1300, 1500)),
                assignments=[
                    Assignment(c, rnd.choice((0.5, 1.0)) if n == 1 else 1 / n)
                    for n in [rnd.randrange(1, len(contracts) + 1)]
                    for c in rnd.sample(contracts, n)
                ],
            ),
        )
    for _ in range(30):
        activities.save_record(
            store,
            "volunteering",
            default_values("volunteering")
            | dict(
                date=first + timedelta(days=rnd.randrange(1000)),
                contract_id=rnd.choice(contracts + [None]),
                additional=rnd.choice((True, None)),
                organisation_helped="Salford Foodbank",
                hours=rnd.choice((2, 3.5, 7)),
                volunteers=rnd.randrange(1, 6),
            ),
        )
    with store.write() as s:
        conn = s.connection()
        suppliers = [r[0] for r in conn.exec_driver_sql("SELECT id FROM supplier")]
        batch = conn.exec_driver_sql("SELECT id FROM import_batch LIMIT 1").scalar_one()
        for i in range(600):
            net = rnd.randrange(100, 2_000_000)
            RawSQL(conn).run(
                "INSERT INTO spend_line (supplier_id, spend_date, net_pence, gross_pence, "
                "description, reference, contract_id, batch_id, source_row, fingerprint) "
                "VALUES (?, ?, ?, ?, '', '', ?, ?, ?, ?)",
                (
                    rnd.choice(suppliers),
                    (first + timedelta(days=rnd.randrange(1100))).isoformat(),
                    net,
                    round(net * 1.2),
                    rnd.choice(contracts + [None]),
                    batch,
                    i,
                    f"random-{seed}-{i}",
                ),
            )


@pytest.mark.parametrize("seed", [3, 17])
def test_a_view_from_what_was_kept_is_a_fresh_count_on_a_random_database(demo_store, seed):
    _randomise(demo_store, seed)
    rnd = random.Random(seed)
    views = _views(demo_store)
    for _ in range(6):  # and periods nobody picks from the list
        start = date(2024, 1, 1) + timedelta(days=rnd.randrange(900))
        end = start + timedelta(days=rnd.randrange(1, 500))
        views.append(
            (
                rnd.choice([None] + [c.id for c in list_contracts(demo_store)]),
                dash.DashboardPeriod(
                    "custom", "custom", start, end, "before", start - timedelta(days=365), start
                ),
            )
        )
    _kept_equals_fresh(demo_store, views)


@pytest.mark.parametrize("seed", [5, 23])
def test_organisation_spend_per_supplier_is_the_analysis_on_a_random_database(demo_store, seed):
    """Spend per supplier organisation-wide (a seek per supplier in spend_month) is what the
    spend analysis gives from the lines, for random periods: whole and part months, open ends."""
    _randomise(demo_store, seed)
    rnd = random.Random(seed)
    for _ in range(12):
        start = date(2024, 1, 1) + timedelta(days=rnd.randrange(1000))
        end = start + timedelta(days=rnd.randrange(0, 800))
        start, end = rnd.choice([(start, end), (None, end), (start, None), (start, end)])
        full = sa.analyse_spend(demo_store, sa.SpendQuery(None, start, end))
        assert st.supplier_spend(demo_store, None, start, end) == full.by_supplier, (start, end)


def test_tonnes_per_unit_is_emission_exactly():
    """The activity source costs energy records with rates.tonnes_per_unit: to the last bit
    what rates.emission gives, for every factor, several years, units and quantities."""
    from svdesk.calc import rates

    rnd = random.Random(11)
    index = rates._ghg_index(rates.table_path("ghg_factors.csv"))
    checked = 0
    for key, editions in index.items():
        for year in (2015, editions[0].edition, editions[-1].edition, 2031):
            for unit in (None, editions[0].unit, "mile", "kWh", "litres"):
                for quantity in (0, 1, 7, 0.1, rnd.uniform(0, 1e6), 12345.678):
                    day = date(year, 6, 30)
                    try:
                        expected = rates.emission(key, quantity, day, unit).tonnes
                    except rates.RateError:
                        with pytest.raises(rates.RateError):
                            rates.tonnes_per_unit(key, year, unit)
                        continue
                    per, kg = rates.tonnes_per_unit(key, year, unit)
                    assert ((quantity * per if per != 1.0 else quantity) * kg) / 1000 == expected
                    checked += 1
    assert checked > 100
