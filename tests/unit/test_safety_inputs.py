"""Guards for imported files: hostile CSV, xlsx and YAML become a clear InputRejected, never a
crash, a hang or a memory blow-up."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svdesk.safety.inputs import InputRejected, check_xlsx, escape_formula, load_yaml, read_text_file

SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _workbook(rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_real_files_pass(tmp_path):
    xlsx = tmp_path / "bills.xlsx"
    xlsx.write_bytes(
        _workbook([["ContactName", "POPostalCode", "Total"], ["Timberworks Salford Ltd", "M5 4WT", 1250.0]])
    )
    check_xlsx(xlsx)
    csv = tmp_path / "bank.csv"
    csv.write_bytes("Date,Amount,Payee\n01/04/2026,-250.00,Café Nero\n".encode("cp1252"))
    assert "Café Nero" in read_text_file(csv)
    csv.write_bytes("\ufeffDate,Payee\n01/04/2026,Café\n".encode("utf-16"))
    assert read_text_file(csv).startswith("\ufeffDate") or read_text_file(csv).startswith("Date")
    assert load_yaml("sections:\n  - title: Putting Salford first\n    items: [a, b]\n") == {
        "sections": [{"title": "Putting Salford first", "items": ["a", "b"]}]
    }


def test_xlsx_zip_bomb_is_refused_before_parsing(tmp_path):
    good = zipfile.ZipFile(io.BytesIO(_workbook([["a"]])))
    bomb = tmp_path / "bills.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in good.infolist():
            zf.writestr(info.filename, good.read(info))
        zf.writestr("xl/worksheets/sheet2.xml", b"<row>" + b"0" * 20_000_000 + b"</row>")
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(InputRejected, match="expands far more than a real workbook"):
        check_xlsx(bomb)


@pytest.mark.parametrize(
    "content, words",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "older .xls or a password"),
        (b"Date,Amount\n1,2\n", "not a readable Excel workbook"),
        (b"PK\x03\x04" + b"\0" * 50, "not a readable Excel workbook"),
    ],
)
def test_files_that_are_not_workbooks(tmp_path, content, words):
    path = tmp_path / "spend.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputRejected, match=words):
        check_xlsx(path)


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("holiday.jpg", b"\xff\xd8")
    with pytest.raises(InputRejected, match="not a readable Excel workbook"):
        check_xlsx(path)


def test_binary_or_huge_text_is_refused(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(_workbook([["a"]]))
    with pytest.raises(InputRejected, match="is an Excel workbook"):
        read_text_file(path)
    path.write_bytes(b"a," * 1000)
    with pytest.raises(InputRejected, match="too large"):
        read_text_file(path, max_bytes=100)


def test_yaml_alias_bomb_and_deep_nesting_are_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    with pytest.raises(InputRejected, match="anchors or aliases"):
        load_yaml(bomb)
    with pytest.raises(InputRejected, match="nested more than"):
        load_yaml("[" * 200 + "]" * 200)
    with pytest.raises(InputRejected, match="not valid YAML \\(line 2\\)"):
        load_yaml("title: ok\n  bad: - [\n")
    with pytest.raises(InputRejected, match="not UTF-8"):
        load_yaml(b"title: \xff\xfe")


def test_python_objects_in_yaml_are_not_built():
    with pytest.raises(InputRejected, match="not valid YAML"):
        load_yaml("!!python/object/apply:os.system ['echo pwned']")


@pytest.mark.parametrize(
    "value, expected",
    [
        ('=HYPERLINK("http://x","Click")', '\'=HYPERLINK("http://x","Click")'),
        ("+44 161 000", "'+44 161 000"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Timberworks Ltd", "Timberworks Ltd"),
        (1250, 1250),
        (None, None),
    ],
)
def test_formula_payloads_are_escaped(value, expected):
    assert escape_formula(value) == expected


@SETTINGS
@given(st.binary(max_size=3000))
def test_random_bytes_as_xlsx_are_refused_cleanly(tmp_path, data):
    path = tmp_path / "random.xlsx"
    path.write_bytes(data)
    with pytest.raises(InputRejected):
        check_xlsx(path)


@SETTINGS
@given(st.binary(max_size=3000))
def test_random_bytes_as_text_decode_or_are_refused(tmp_path, data):
    path = tmp_path / "random.csv"
    path.write_bytes(data)
    try:
        assert isinstance(read_text_file(path), str)
    except InputRejected as exc:
        assert str(exc)


@SETTINGS
@given(st.text(max_size=400))
def test_random_text_as_yaml_loads_or_is_refused(text):
    try:
        load_yaml(text)
    except InputRejected as exc:
        assert str(exc)
