"""#19: every export, fed generated hostile text (control characters, right-to-left marks,
emoji, formula-like cells, very long words, markup), is written in every format or refused with
the app's own message; never a traceback, never a partial file."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import EXPORTS, export_now
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

TODAY = date(2026, 12, 5)
SALFORD = "SCC-PR-2025-041"

hostile = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x1F9FF), min_size=1, max_size=60
) | st.sampled_from(
    [
        '=HYPERLINK("http://x")',
        "<b>bold</b> & <i>",
        "\u202eevil\u202c",
        "Acme\x1bLtd",
        "a" * 400,
        "line\r\nbreak\ttab",
        "\x00\x07\x7f\x85",
        "😀 joinery",
        "£€¥",
    ]
)


def _copy(template, folder):
    folder.mkdir()
    target = folder / template.name
    shutil.copy2(template, target)
    shutil.copytree(
        template.with_name(template.stem + "-evidence"), target.with_name(target.stem + "-evidence")
    )
    return Store.open(target)


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.generate),  # a failure is reported unshrunk:
    # shrinking exports takes minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(
    org="a" * 400, title="Acme\x1bLtd", supplier="=1+1", story="\u202eevil", quote="line\r\nbreak"
)  # Word's 255-character property limit crashed the .docx
@given(org=hostile, title=hostile, supplier=hostile, story=hostile, quote=hostile)
def test_every_export_survives_hostile_text(
    demo_template, tmp_path_factory, org, title, supplier, story, quote
):
    from svdesk.services.case_studies import CaseStudyData, save_case_study
    from svdesk.services.contracts import find_contract, save_contract
    from svdesk.services.organisation import get_organisation, save_organisation
    from svdesk.services.suppliers import list_suppliers, save_supplier

    folder = tmp_path_factory.mktemp("hostile")
    store = _copy(demo_template, folder / "db")
    try:
        for step in (
            lambda: save_organisation(store, replace(get_organisation(store), name=org)),
            lambda: save_contract(store, replace(find_contract(store, SALFORD), title=title)),
            lambda: save_supplier(store, replace(list_suppliers(store)[0], name=supplier)),
            lambda: save_case_study(
                store,
                CaseStudyData(
                    title=title,
                    story=story,
                    quote=quote,
                    consent_given=True,
                    consent_date=date(2025, 6, 1),
                    contract_id=find_contract(store, SALFORD).id,
                    date=date(2025, 6, 1),
                ),
            ),
        ):
            try:
                step()
            except ValidationError as exc:  # refused with its own words: fine
                assert exc.errors and all(exc.errors.values())
        for kind, spec in EXPORTS.items():
            if kind in ("crp", "tender"):
                continue  # need a signed plan / an offer: covered by their own tests
            ref = SALFORD if spec.takes_contract else None
            for suffix in spec.formats:
                out = folder / f"{kind}{suffix}"
                try:
                    export_now(store, ExportRequest(kind, contract_ref=ref, today=TODAY), out)
                except ValidationError as exc:
                    assert exc.errors and not out.exists()
                    continue
                assert out.stat().st_size > 0
                leftovers = [p.name for p in folder.iterdir() if p.name.startswith(out.name) and p != out]
                assert leftovers == []
    finally:
        store.close()
