"""Shared fixtures: every test gets its own svdesk home folder and a fresh database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(autouse=True)
def svdesk_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "svdesk-home"
    monkeypatch.setenv("SVDESK_HOME", str(home))
    return home


@pytest.fixture
def store(tmp_path):
    from svdesk.services.store import Store

    s = Store.open(tmp_path / "test.svdesk")
    yield s
    s.close()


@pytest.fixture
def demo_store(store):
    from svdesk.services.demo import create_demo

    create_demo(store)
    return store


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside the project")
    return SHARED_DATA
