"""The lock files pin every package to one version with the sha256 of its files, and every
script that installs them asks pip for --require-hashes (issue 21.8), so a substituted or
tampered wheel is refused on Linux, Windows and macOS alike."""

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCKS = sorted(ROOT.glob("requirements*.lock"))
INSTALLERS = [
    "tools/bootstrap.sh",
    "installer/build_linux.sh",
    "installer/macos/build_macos.sh",
    "installer/windows/build_windows.ps1",
    ".github/workflows/installers.yml",
]
SHA256 = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def _load_tool():
    spec = importlib.util.spec_from_file_location("lock_hashes", ROOT / "tools/lock_hashes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _requirements(lock: Path) -> list[str]:
    """Each requirement of a lock as one logical line (continuations joined)."""
    text = re.sub(r"\\\n", " ", lock.read_text(encoding="utf-8"))
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith(("#", "-r "))
    ]


def test_the_three_locks_exist():
    assert [p.name for p in LOCKS] == [
        "requirements-build.lock",
        "requirements-test.lock",
        "requirements.lock",
    ]


@pytest.mark.parametrize("lock", LOCKS, ids=lambda p: p.name)
def test_every_requirement_is_pinned_with_hashes(lock):
    reqs = _requirements(lock)
    assert reqs
    for req in reqs:
        spec = req.split("--hash")[0].strip()
        assert re.match(r"^[A-Za-z0-9._-]+==[^\s;]+(\s*;.+)?$", spec), f"{lock.name}: {spec}"
        assert SHA256.search(req), f"{lock.name}: {spec} has no --hash (tools/lock_hashes.py)"
        leftover = SHA256.sub("", req[len(spec) :]).strip()
        assert not leftover, f"{lock.name}: {spec}: unexpected {leftover!r}"


def test_pyinstallers_setuptools_is_pinned_because_hash_mode_refuses_unpinned_dependencies():
    names = {r.split("==")[0].lower() for r in _requirements(ROOT / "requirements-build.lock")}
    assert {"pyinstaller", "setuptools"} <= names


@pytest.mark.parametrize("path", INSTALLERS)
def test_every_install_of_a_lock_requires_hashes(path):
    installs = [
        line
        for line in (ROOT / path).read_text(encoding="utf-8").splitlines()
        if "pip install" in line and " -r " in line
    ]
    assert installs, f"{path} no longer installs a lock: update this test"
    for line in installs:
        assert "--require-hashes" in line, f"{path}: {line.strip()}"


def test_the_tool_keeps_versions_markers_and_comments_and_is_idempotent(tmp_path, monkeypatch):
    tool = _load_tool()
    monkeypatch.setattr(tool, "release_hashes", lambda name, version: ["a" * 64, "b" * 64])
    lock = tmp_path / "requirements-x.lock"
    original = '# comment stays\n-r requirements.lock\nfoo==1.2\nbar==0.3 ; sys_platform == "win32"\n'
    lock.write_text(original)
    tool.rewrite(lock)
    once = lock.read_text()
    assert once == (
        "# comment stays\n-r requirements.lock\n"
        "foo==1.2 \\\n    --hash=sha256:" + "a" * 64 + " \\\n    --hash=sha256:" + "b" * 64 + "\n"
        'bar==0.3 ; sys_platform == "win32" \\\n'
        "    --hash=sha256:" + "a" * 64 + " \\\n    --hash=sha256:" + "b" * 64 + "\n"
    )
    tool.rewrite(lock)
    assert lock.read_text() == once


def test_the_tool_takes_only_files_of_the_exact_name_and_version():
    tool = _load_tool()
    from packaging.version import Version

    assert tool.file_version("pyinstaller-6.22.3-py3-none-win_amd64.whl") == (
        "pyinstaller",
        Version("6.22.3"),
    )
    assert tool.file_version("pyinstaller_hooks_contrib-2026.9.tar.gz")[0] == ("pyinstaller-hooks-contrib")
    assert tool.file_version("openpyxl-3.1.50.tar.gz") != ("openpyxl", Version("3.1.5"))
    assert tool.file_version("openpyxl-1.1.0-py2.6.egg") is None
