"""Property-based: whatever file is handed to restore, it fails with a clear message and writes
nothing (or, for an untouched good archive, succeeds)."""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svdesk.db.migrate import DatabaseError
from svdesk.safety import archive as arch
from svdesk.safety.errors import SafetyError
from svdesk.safety.restore import restore_archive

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def good_archive(tmp_path_factory) -> bytes:
    import os

    home = tmp_path_factory.mktemp("home")
    old = os.environ.get("SVDESK_HOME")
    os.environ["SVDESK_HOME"] = str(home)
    try:
        from svdesk.services.demo import create_demo
        from svdesk.services.store import Store

        folder = tmp_path_factory.mktemp("src")
        store = Store.open(folder / "irwell.svdesk")
        create_demo(store)
        store.evidence_dir.mkdir(exist_ok=True)
        (store.evidence_dir / "timesheet-wk32.csv").write_text("Ref,Hours\nIJ-014,39\n")
        store.close()
        out = folder / "good.zip"
        arch.create_archive(folder / "irwell.svdesk", out)
        return out.read_bytes()
    finally:
        if old is None:
            os.environ.pop("SVDESK_HOME", None)
        else:
            os.environ["SVDESK_HOME"] = old


def _attempt(data: bytes) -> tuple[Exception | None, list[str]]:
    """Restore data into an empty folder; return the error and what the folder holds after."""
    work = Path(tempfile.mkdtemp(prefix="hostile-"))
    try:
        src = work / "archive.bin"
        src.write_bytes(data)
        target = work / "target"
        target.mkdir()
        try:
            restore_archive(src, target / "svdesk.svdesk")
        except (SafetyError, DatabaseError) as exc:
            return exc, sorted(p.name for p in target.iterdir())
        return None, sorted(p.name for p in target.iterdir())
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _assert_refused(data: bytes) -> None:
    error, left = _attempt(data)
    assert error is not None, "a malformed archive was restored"
    assert str(error) and "Traceback" not in str(error)
    assert left == [], f"restore wrote {left} despite failing"


@SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes_are_refused(data):
    _assert_refused(data)


@SETTINGS
@given(st.data())
def test_corrupted_good_archive_is_refused_or_identical(good_archive, data):
    raw = bytearray(good_archive)
    flips = data.draw(
        st.lists(st.tuples(st.integers(0, len(raw) - 1), st.integers(1, 255)), min_size=1, max_size=8)
    )
    for pos, xor in flips:
        raw[pos] ^= xor
    cut = data.draw(st.one_of(st.none(), st.integers(0, len(raw))))
    if cut is not None:
        raw = raw[:cut]
    error, left = _attempt(bytes(raw))
    if error is None:
        # A flip that only touched bytes nobody reads (zip comments, timestamps) may restore.
        assert left == ["svdesk-evidence", "svdesk.svdesk"]
    else:
        assert left == []


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
entry_names = st.one_of(
    st.sampled_from(
        [
            "database.svdesk",
            "evidence/a.pdf",
            "../x",
            "/etc/passwd",
            "evidence/",
            "evidence/../../x",
            "C:\\x",
            "evidence\\x",
            "evidence/./a",
            "manifest.json",
        ]
    ),
    st.text(max_size=40),
)


@SETTINGS
@given(
    manifest=st.one_of(
        json_values,
        st.fixed_dictionaries(
            {
                "format": st.sampled_from(["svdesk-archive", "x"]),
                "format_version": st.one_of(st.integers(-2, 3), st.text(max_size=3), st.none()),
                "schema_revision": st.one_of(st.text(max_size=6), st.none(), st.integers()),
                "database": st.just("database.svdesk"),
                "entries": st.lists(
                    st.fixed_dictionaries(
                        {
                            "name": entry_names,
                            "size": st.one_of(st.integers(-5, 10_000_000), st.text(max_size=3)),
                            "sha256": st.one_of(
                                st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
                                st.text(max_size=10),
                            ),
                        }
                    ),
                    max_size=5,
                ),
            }
        ),
    ),
    members=st.dictionaries(entry_names, st.binary(max_size=300), max_size=5),
    raw_manifest=st.one_of(st.none(), st.binary(max_size=200)),
)
def test_malformed_manifests_and_members_are_refused(manifest, members, raw_manifest):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        if raw_manifest is not None:
            zf.writestr("manifest.json", raw_manifest)
        else:
            zf.writestr("manifest.json", json.dumps(manifest))
        for name, payload in members.items():
            # zipfile cuts a name at its first NUL, and cannot write one that is then empty
            if name == "manifest.json" or not name.split("\x00")[0]:
                continue
            zf.writestr(name, payload)
    _assert_refused(buf.getvalue())


@pytest.fixture(scope="module")
def existing_db(good_archive, tmp_path_factory) -> Path:
    """A database already in use (restored from the good archive), to restore over."""
    folder = tmp_path_factory.mktemp("existing")
    src = folder / "good.zip"
    src.write_bytes(good_archive)
    restore_archive(src, folder / "db" / "svdesk.svdesk")
    return folder / "db"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else b"<dir>")
        for p in sorted(folder.rglob("*"))
    }


def _hostile_from_good(good: bytes, edits: dict, cut: int | None) -> bytes:
    """The good archive with manifest values replaced, entries added, and perhaps cut short."""
    src = zipfile.ZipFile(io.BytesIO(good))
    manifest = json.loads(src.read("manifest.json"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, entry in enumerate(manifest["entries"]):
            data = src.read(entry["name"])
            change = edits.get(i % max(len(manifest["entries"]), 1), {})
            if "truncate" in change:
                data = data[: change["truncate"]]
            entry.update({k: v for k, v in change.items() if k != "truncate"})
            if (
                isinstance(entry.get("name"), str)
                and entry["name"].split("\x00")[0]
                and entry["name"] != "manifest.json"
            ):
                zf.writestr(entry["name"], data)
        zf.writestr("manifest.json", json.dumps(manifest))
    raw = out.getvalue()
    return raw if cut is None else raw[:cut]


entry_edits = st.fixed_dictionaries(
    {},
    optional={
        "name": entry_names,
        "size": st.one_of(st.integers(-5, 2**63), st.sampled_from([2**40, 2**62, 0])),
        "sha256": st.one_of(
            st.text(alphabet="0123456789abcdef", min_size=64, max_size=64), st.text(max_size=70)
        ),
        "truncate": st.integers(0, 5000),
    },
)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@SETTINGS
@given(
    edits=st.dictionaries(st.integers(0, 3), entry_edits, min_size=1, max_size=3),
    cut=st.one_of(st.none(), st.integers(0, 20_000)),
)
def test_hostile_archive_over_an_existing_database_leaves_it_untouched(good_archive, existing_db, edits, cut):
    data = _hostile_from_good(good_archive, edits, cut)
    work = Path(tempfile.mkdtemp(prefix="hostile-"))
    try:
        folder = work / "db"
        shutil.copytree(existing_db, folder)
        before = _snapshot(folder)
        src = work / "archive.zip"
        src.write_bytes(data)
        try:
            restore_archive(src, folder / "svdesk.svdesk")
        except (SafetyError, DatabaseError) as exc:
            assert str(exc) and "Traceback" not in str(exc)
            assert _snapshot(folder) == before, "a refused restore changed the database folder"
        else:
            # An edit that changed nothing that matters (a size set to what it was) restores
            # the good archive: the previous evidence folder is kept beside the new one.
            assert (folder / "svdesk.svdesk").is_file()
            assert any(p.name.startswith("svdesk-evidence.before-restore") for p in folder.iterdir())
        assert not list(folder.glob("*.restore-journal")) and not list(folder.glob(".svdesk-restore-*"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
