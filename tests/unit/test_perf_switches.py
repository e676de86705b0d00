"""The performance switches (svdesk.perf_switches) change how fast, never what: with
SVDESK_NO_PERF_SWITCHES=1 each is off, and the exports come out the same either way."""

from __future__ import annotations

import gc
import sys
import zipfile

import pytest

from svdesk import perf_switches
from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import build
from svdesk.exports.xlsx_writer import write_workbook

pytestmark = pytest.mark.both_stores


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}  # timestamps


def test_the_workbook_is_identical_with_the_switches_off(demo_store, tmp_path, monkeypatch):
    req = ExportRequest("workbook", year=2025, contract_ref="SCC-PR-2025-041")
    book = build(demo_store, req)
    on = write_workbook(book, tmp_path / "on.xlsx")
    monkeypatch.setenv(perf_switches.ENV, "1")
    assert not perf_switches.enabled()
    off = write_workbook(build(demo_store, req), tmp_path / "off.xlsx")
    assert _parts(on) == _parts(off)


def test_off_means_python_s_own_behaviour(monkeypatch):
    monkeypatch.setenv(perf_switches.ENV, "1")
    default, frozen = sys.getswitchinterval(), gc.get_freeze_count()
    perf_switches.short_switch_interval()
    perf_switches.freeze_long_lived()
    assert sys.getswitchinterval() == default and gc.get_freeze_count() == frozen


def test_on_they_switch(monkeypatch):
    monkeypatch.delenv(perf_switches.ENV, raising=False)
    default = sys.getswitchinterval()
    try:
        perf_switches.short_switch_interval()
        assert sys.getswitchinterval() == perf_switches.SWITCH_INTERVAL_S
    finally:
        sys.setswitchinterval(default)
