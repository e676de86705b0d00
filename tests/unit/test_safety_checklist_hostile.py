"""Hostile checklist files (the self-assessment loader): a clear error, and nothing written."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from svdesk.services.assessment import add_checklist_file, list_checklists
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _rows(store) -> tuple[int, int]:
    with store.read() as s:
        return (
            s.execute(text("SELECT COUNT(*) FROM assessment_checklist")).scalar_one(),
            s.execute(text("SELECT COUNT(*) FROM audit_log")).scalar_one(),
        )


def _refused(store, tmp_path, content: bytes) -> str:
    if not getattr(store, "_checklists_listed", False):
        list_checklists(store)  # the shipped checklist is stored first, as in the window
        store._checklists_listed = True
    before = _rows(store)
    path = tmp_path / "buyer-checklist.yaml"
    path.write_bytes(content)
    with pytest.raises(ValidationError) as info:
        add_checklist_file(store, path)
    assert _rows(store) == before, "a refused checklist wrote something"
    message = info.value.errors["checklist"]
    assert "buyer-checklist.yaml" in message and "Traceback" not in message
    return message


ALIAS_BOMB = "\n".join(
    ["id: bomb", "title: Bomb", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    + ["sections: *a8"]
)


@pytest.mark.parametrize(
    "name, content",
    [
        ("binary", bytes(range(256)) * 20),
        ("utf-16", "id: x\ntitle: Café\n".encode("utf-16")),
        ("deep nesting", ("[" * 5000 + "]" * 5000).encode()),
        ("deep mapping", ("a:\n" + "".join("  " * i + "b:\n" for i in range(1, 400))).encode()),
        ("alias bomb", ALIAS_BOMB.encode()),
        ("python object", b"!!python/object/apply:os.system ['echo hi']\n"),
        ("huge field", b"id: x\ntitle: " + b"A" * 3_000_000 + b"\n"),
        ("formula payload", b"id: '=cmd|/C calc'!A0\ntitle: '=HYPERLINK(\"x\")'\n"),
        ("empty", b""),
    ],
)
def test_hostile_checklists_are_refused(store, tmp_path, name, content):
    assert _refused(store, tmp_path, content)


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_are_refused(store, tmp_path, data):
    _refused(store, tmp_path, data)


yaml_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "title",
                    "version",
                    "scale",
                    "sections",
                    "questions",
                    "text",
                    "options",
                    "weight",
                    "levels",
                    "frameworks",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@SETTINGS
@given(yaml_like)
def test_random_structures_are_refused(store, tmp_path, data):
    import yaml

    _refused(store, tmp_path, yaml.safe_dump(data).encode())
