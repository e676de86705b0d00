"""Benchmark: import a realistic Xero bills export, against a plain csv + sqlite3 baseline.

    python bench/bench_spend_import.py            # 100,000 lines
    python bench/bench_spend_import.py 1000000    # a million lines
    python bench/bench_spend_import.py 100000 --keep /tmp/bench   # keep (and reuse) the file
    python bench/bench_spend_import.py 1000000 --keep /tmp/bench --rounds 3

The file has the 44-column Xero layout, ~2,000 suppliers and bills of 1 to 6 lines. Each phase
runs in its own child process so that its peak memory (ru_maxrss, the whole process including
the interpreter and libraries) is its own:

- baseline: csv.reader over the file, sqlite3.executemany of every row into a 44-column table;
- svdesk:   `import_spend` into a fresh svdesk database (detect layout, parse dates and money,
            sum lines per bill, match suppliers, fingerprint, de-duplicate, write in one
            transaction).

Goal (issue #23 point 6): svdesk within 1.5x the baseline's time, peak memory under 200 MB at a
million lines. --rounds N alternates the two N times (the machine's load moves the times).
This is not a test; it prints numbers.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from xero_columns import XERO_BILLS_HEADER  # bench/ is this script's folder, first on sys.path

ROOT = Path(__file__).resolve().parents[1]
TRADES = [
    "Timber",
    "Fixings",
    "Van Hire",
    "Plant Hire",
    "Glazing",
    "Skip Hire",
    "Ironmongery",
    "Builders Merchants",
    "Electrical",
    "Catering",
    "Scaffolding",
    "Hardwoods",
]
PLACES = [
    ("Salford", "M5 4WT"),
    ("Salford", "M6 6AP"),
    ("Eccles", "M30 0TE"),
    ("Manchester", "M2 5DB"),
    ("Manchester", "M11 2NA"),
    ("Trafford", "M17 1WA"),
    ("Oldham", "OL1 1UT"),
    ("Bolton", "BL1 1RU"),
    ("Stockport", "SK1 3XE"),
    ("Leeds", "LS11 5BZ"),
    ("Yeovil", "BA22 8RT"),
    ("Warrington", "WA1 1UH"),
]
ITEMS = [
    "C24 treated 47x100mm 4.8m",
    "MDF moisture resistant 18mm",
    "Spax 5x60 screws box 200",
    "Hinges 100mm stainless pair",
    "Transit Custom hire, 7 days",
    "8 yard skip",
    "Sapele hardwood 25mm PAR",
    "Toughened glass panel 6mm",
    "Tower scaffold hire",
    "Working lunch for site team",
    "Fire door intumescent strip",
    "Plasterboard 12.5mm",
]


def generate(path: Path, lines: int, seed: int = 2025) -> None:
    rng = random.Random(seed)
    suppliers = []
    for i in range(2000):
        town, postcode = rng.choice(PLACES)
        suppliers.append((f"{town} {rng.choice(TRADES)} {i:04d} Ltd", town, postcode))
    start = date(2024, 4, 1)
    written = 0
    number = 100000
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(XERO_BILLS_HEADER)
        while written < lines:
            name, town, postcode = rng.choice(suppliers)
            n = min(rng.choice([1, 1, 2, 2, 3, 4, 6]), lines - written)
            when = start + timedelta(days=rng.randrange(730))
            amounts = [round(rng.uniform(5, 900), 2) for _ in range(n)]
            taxes = [round(a * 0.2, 2) for a in amounts]
            total = sum(amounts) + sum(taxes)
            number += 1
            status = rng.choice(["Paid", "Paid", "Paid", "Awaiting Payment"])
            paid = total if status == "Paid" else 0
            kind = "Credit Note" if rng.random() < 0.02 else "Bill"
            for a, t in zip(amounts, taxes, strict=True):
                w.writerow(
                    [
                        name,
                        "",
                        "1 Trade Park",
                        "",
                        "",
                        "",
                        town,
                        "",
                        postcode,
                        "United Kingdom",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        f"INV-{number}",
                        f"PO {number % 9000}",
                        when.strftime("%d/%m/%Y"),
                        (when + timedelta(days=30)).strftime("%d/%m/%Y"),
                        "",
                        f"{total:.2f}",
                        f"{sum(taxes):.2f}",
                        f"{paid:.2f}",
                        f"{total - paid:.2f}",
                        "",
                        rng.choice(ITEMS),
                        "1",
                        f"{a:.2f}",
                        "",
                        f"{a:.2f}",
                        "310",
                        "20% (VAT on Expenses)",
                        f"{t:.2f}",
                        "",
                        "",
                        "",
                        "",
                        "GBP",
                        kind,
                        "",
                        status,
                    ]
                )
            written += n


def phase_baseline(csv_path: Path, db_path: Path) -> dict:
    import sqlite3

    t0 = time.perf_counter()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"CREATE TABLE line ({', '.join(f'c{i} TEXT' for i in range(44))})")
    with open(csv_path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        next(reader)
        with conn:
            conn.executemany(f"INSERT INTO line VALUES ({','.join('?' * 44)})", reader)
    rows = conn.execute("SELECT count(*) FROM line").fetchone()[0]
    conn.close()
    return {"seconds": time.perf_counter() - t0, "rows": rows}


def phase_svdesk(csv_path: Path, db_path: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    from svdesk.services.spend_import import import_spend
    from svdesk.services.store import Store

    store = Store.open(db_path)  # create the schema outside the timed part
    t0 = time.perf_counter()
    summary = import_spend(store, csv_path)
    seconds = time.perf_counter() - t0
    store.close()
    return {
        "seconds": seconds,
        "rows": summary.rows_read,
        "bills": summary.to_import,
        "rejected": summary.rejected,
        "suppliers": summary.new_suppliers,
    }


def child(phase: str, csv_path: Path, db_path: Path) -> None:
    result = (phase_baseline if phase == "baseline" else phase_svdesk)(csv_path, db_path)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["peak_mb"] = usage.ru_maxrss / 1024  # KiB on Linux
    # CPU seconds of the whole child (start-up included): on a busy machine the wall times
    # wander with the other work; what each side itself spent moves much less.
    result["cpu"] = usage.ru_utime + usage.ru_stime
    print(json.dumps(result))


def run_child(phase: str, csv_path: Path, db_path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", phase, str(csv_path), str(db_path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    import os
    import statistics

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lines", nargs="?", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="folder to keep the generated files in (reused)")
    parser.add_argument("--rounds", type=int, default=1, help="baseline and svdesk, alternating")
    if len(sys.argv) == 5 and sys.argv[1] == "--phase":  # a child process
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="svdesk-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / f"xero-bills-{args.lines}.csv"
    t0 = time.perf_counter()
    if args.keep and csv_path.exists():
        print(f"reusing {csv_path} ({csv_path.stat().st_size / 1e6:.1f} MB)", flush=True)
    else:
        generate(csv_path, args.lines)
        print(
            f"generated {args.lines:,} lines ({csv_path.stat().st_size / 1e6:.1f} MB) "
            f"in {time.perf_counter() - t0:.1f} s: {csv_path}",
            flush=True,
        )
    print(f"load average at the start: {os.getloadavg()[0]:.2f}", flush=True)
    bases, ours_all = [], []
    for n in range(args.rounds):
        for p in folder.glob("*.sqlite*"):
            p.unlink()
        base = run_child("baseline", csv_path, folder / "baseline.sqlite")
        ours = run_child("svdesk", csv_path, folder / "svdesk.sqlite")
        bases.append(base)
        ours_all.append(ours)
        print(
            f"round {n + 1}: baseline {base['seconds']:.2f} s, svdesk {ours['seconds']:.2f} s "
            f"({ours['seconds'] / base['seconds']:.2f}x; CPU {base['cpu']:.2f} s vs {ours['cpu']:.2f} s, "
            f"{ours['cpu'] / base['cpu']:.2f}x), peak {ours['peak_mb']:.0f} MB, "
            f"load {os.getloadavg()[0]:.2f}",
            flush=True,
        )
    base, ours = bases[-1], ours_all[-1]
    b_s = statistics.median(b["seconds"] for b in bases)
    o_s = statistics.median(o["seconds"] for o in ours_all)
    ratio = statistics.median(o["seconds"] / b["seconds"] for b, o in zip(bases, ours_all, strict=True))
    peak = max(o["peak_mb"] for o in ours_all)
    print(
        f"baseline (csv + sqlite3.executemany): {b_s:.2f} s median, "
        f"peak {base['peak_mb']:.0f} MB, {base['rows']:,} rows"
    )
    print(
        f"svdesk import_spend:                  {o_s:.2f} s median, "
        f"peak {peak:.0f} MB, {ours['rows']:,} rows -> {ours['bills']:,} bills, "
        f"{ours['suppliers']:,} suppliers, {ours['rejected']} rejected"
    )
    print(
        f"ratio: time {ratio:.2f}x median of the rounds' ratios (goal <= 1.5x: "
        f"{'met' if ratio <= 1.5 else 'NOT met'}), peak {peak:.0f} MB (goal < 200 MB at 1M lines: "
        f"{'met' if peak < 200 else 'NOT met'})"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    if not args.keep:
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
