"""Shared fixtures: every test gets its own svdesk home folder and a fresh database."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(autouse=True)
def svdesk_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "svdesk-home"
    monkeypatch.setenv("SVDESK_HOME", str(home))
    return home


def _template(factory, name: str, fill) -> Path:
    """A database built once per test session (migrated, and filled by fill), closed so the
    file holds everything; each test gets its own copy (as Anki's tests do)."""
    from svdesk.services.store import Store

    folder = factory.mktemp(name)
    before = os.environ.get("SVDESK_HOME")
    os.environ["SVDESK_HOME"] = str(folder / "svdesk-home")
    try:
        s = Store.open(folder / "test.svdesk")
        fill(s)
        s.close()
    finally:
        if before is None:
            os.environ.pop("SVDESK_HOME", None)
        else:
            os.environ["SVDESK_HOME"] = before
    return folder / "test.svdesk"


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory) -> Path:
    return _template(tmp_path_factory, "empty-template", lambda s: None)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from svdesk.services.demo import create_demo

    return _template(tmp_path_factory, "demo-template", create_demo)


def _open_copy(template: Path, tmp_path: Path):
    """The template's database (and evidence folder, file modes kept) copied into this test's
    own folder, opened."""
    from svdesk.services.store import Store

    target = tmp_path / template.name
    shutil.copy2(template, target)
    evidence = template.with_name(template.stem + "-evidence")
    if evidence.is_dir():
        shutil.copytree(evidence, target.with_name(target.stem + "-evidence"))
    return Store.open(target)


@pytest.fixture
def store(tmp_path, empty_template):
    s = _open_copy(empty_template, tmp_path)
    yield s
    s.close()


@pytest.fixture
def demo_store(tmp_path, demo_template):
    """A fresh copy of the demo firm's database (built once per session)."""
    s = _open_copy(demo_template, tmp_path)
    yield s
    s.close()


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside the project")
    return SHARED_DATA
