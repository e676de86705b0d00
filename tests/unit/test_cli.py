import json
import subprocess
import sys

from svdesk import __version__
from svdesk.cli import main


def test_version_runs_as_a_program(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "svdesk", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"svdesk {__version__}"


def test_demo_then_info_json(tmp_path, capsys):
    db = tmp_path / "demo.svdesk"
    assert main(["demo", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["info", "--db", str(db), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["organisation"]["name"] == "Irwell Joinery Ltd"
    assert info["organisation"]["size_band"] == "small"
    refs = {c["reference"]: c for c in info["contracts"]}
    assert refs["SCC-PR-2025-041"]["status"] == "active"
    assert refs["SCC-PR-2025-041"]["local_area"] == "Living in Salford"
    assert refs["MCC-T-2026-118"]["local_area_kind"] == "radius"


def test_demo_refuses_a_database_with_data(tmp_path, capsys):
    db = tmp_path / "demo.svdesk"
    main(["demo", "--db", str(db)])
    capsys.readouterr()
    assert main(["demo", "--db", str(db)]) == 2
    assert "already has an organisation" in capsys.readouterr().err


def test_contract_add_each_kind_of_local_area(tmp_path, capsys):
    db = str(tmp_path / "firm.svdesk")
    base = [
        "contract",
        "add",
        "--db",
        db,
        "--title",
        "Repairs",
        "--buyer",
        "Salford City Council",
        "--value",
        "£120,000",
        "--start",
        "2026-04-01",
        "--end",
        "2028-03-31",
        "--site-postcode",
        "M5 4WT",
    ]
    assert main(base + ["--ref", "A", "--local-authorities", "E08000006"]) == 0
    assert main(base + ["--ref", "B", "--local-districts", "M5,M6,M7"]) == 0
    assert main(base + ["--ref", "C", "--local-radius-miles", "5"]) == 0
    capsys.readouterr()
    main(["info", "--db", db, "--json"])
    contracts = {c["reference"]: c for c in json.loads(capsys.readouterr().out)["contracts"]}
    assert contracts["A"]["value_pence"] == 12_000_000
    assert contracts["B"]["local_area_codes"] == "M5,M6,M7"
    assert contracts["C"]["local_radius_miles"] == 5.0
    assert contracts["C"]["local_area"] == "Within 5 miles of M5 4WT"


def test_contract_add_reports_bad_input_on_stderr(tmp_path, capsys):
    code = main(
        [
            "contract",
            "add",
            "--db",
            str(tmp_path / "f.svdesk"),
            "--ref",
            "X",
            "--title",
            "T",
            "--buyer",
            "B",
            "--start",
            "2026-05-01",
            "--end",
            "2026-01-01",
            "--site-postcode",
            "M5 4W",
            "--local-districts",
            "M5",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "The end date is before the start date." in err
    assert "not a full UK postcode" in err


def test_opening_a_file_that_is_not_a_database_fails_cleanly(tmp_path, capsys):
    bad = tmp_path / "bad.svdesk"
    bad.write_text("hello")
    assert main(["info", "--db", str(bad)]) == 1
    assert "not an svdesk database" in capsys.readouterr().err
