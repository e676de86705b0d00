"""Hostile answers files for `svdesk assess --answers`: an exit code and a message, never a
traceback, and no assessment written."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svdesk.cli import main

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "irwell.svdesk"
    assert main(["demo", "--db", str(path)]) == 0
    return path


def _assessments(db) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT COUNT(*) FROM assessment").fetchone()[0]
    finally:
        conn.close()


def _refused(db, tmp_path, content: bytes, capsys) -> None:
    before = _assessments(db)
    path = tmp_path / "answers.json"
    path.write_bytes(content)
    code = main(["assess", "--db", str(db), "--answers", str(path)])
    err = capsys.readouterr().err
    assert code in (1, 2), f"exit {code} for a bad answers file"
    assert err.startswith("svdesk: ") and "Traceback" not in err
    assert _assessments(db) == before


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"answers": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_001,
        bytes(range(256)),
        b'{"answers": {"emp-01": "=HYPERLINK(\\"x\\")"}}',
        b'{"answers": {}, "date": [1, 2]}',
        b'{"answers": {}, "checklist": {"x": 1}}',
        b'{"answers": {"emp-01": {"answer": ["yes"], "note": 5}}}',
        '{"answers": {}}'.encode("utf-16"),
    ],
)
def test_malformed_answers_files(db, tmp_path, content, capsys):
    _refused(db, tmp_path, content, capsys)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["answers", "checklist", "date", "answer", "note", "emp-01", "x"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=15,
)


@SETTINGS
@given(json_values)
def test_random_answers_structures(db, tmp_path, capsys, data):
    _refused(db, tmp_path, json.dumps(data).encode(), capsys)
