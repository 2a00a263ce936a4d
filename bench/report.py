"""Summarise locust CSV files: per page its throughput as a ratio to the two references
measured in the same run (the trivial view and the admin changelist of schools), p95
without think time (20 users firing that page only) and p95 with think time (the mixed
run of every role).  Usage: report.py OUTDIR

The capacity comes from one locust run per page (page-<slug>_stats.csv) or from a sweep
(sweep_stats.csv and sweep.json: one run, a window of equal length per page, in which a
page's throughput is its request count divided by its window)."""

import csv
import json
import sys
from pathlib import Path

from pages import ADMIN, AGAIN, PAGES, REFERENCES, TRIVIAL


def read(path: Path) -> dict[str, dict]:
    rows = {}
    with path.open() as f:
        for row in csv.DictReader(f):
            if row["Name"] != "Aggregated":
                rows[row["Name"]] = row
    return rows


def _ratio(rps: float, reference: float) -> str:
    return f"{rps / reference:.2f}x" if reference else "-"


def sweep(out: Path) -> dict[str, dict]:
    """A sweep's rows, with Requests/s of each page's own window (both windows of a
    reference: their mean, and each printed to show the drift)."""
    seconds = json.loads((out / "sweep.json").read_text())["seconds"]
    rows = read(out / "sweep_stats.csv")
    for row in rows.values():
        row["Requests/s"] = str(int(row["Request Count"]) / seconds)
    for name in REFERENCES:
        first, again = rows.get(name), rows.pop(name + AGAIN, None)
        if first and again:
            print(
                f"{name}: {float(first['Requests/s']):.1f} req/s in the first window, "
                f"{float(again['Requests/s']):.1f} in the last"
            )
            first["Requests/s"] = str(
                (int(first["Request Count"]) + int(again["Request Count"])) / (2 * seconds)
            )
    return rows


def main(out: Path) -> None:
    capacity = sweep(out) if (out / "sweep.json").exists() else {}
    for name in PAGES:
        f = out / f"page-{_slug(name)}_stats.csv"
        if f.exists():
            capacity.update(read(f))
    mixed_file = out / "mixed_stats.csv"
    mixed = read(mixed_file) if mixed_file.exists() else {}
    trivial = float(capacity.get(TRIVIAL, {}).get("Requests/s", 0) or 0)
    admin = float(capacity.get(ADMIN, {}).get("Requests/s", 0) or 0)
    print("\nEvery page: capacity (users request only this page, no think time) and p95 with")
    print("think time (mixed run of every role, 0.5-1.5 s between clicks)")
    print(
        "| page | req/s | vs trivial | vs admin | p95 ms | errors | p95 ms, think time | requests |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name in PAGES:
        row, seen = capacity.get(name), mixed.get(name)
        if not row and not seen:
            continue
        rps = float(row["Requests/s"]) if row else 0.0
        cells = (
            [
                f"{rps:.1f}",
                _ratio(rps, trivial),
                _ratio(rps, admin),
                row["95%"],
                row["Failure Count"],
            ]
            if row
            else ["-"] * 5
        )
        cells += [seen["95%"], seen["Request Count"]] if seen else ["-", "0"]
        print(f"| {name} | " + " | ".join(str(c) for c in cells) + " |")
    if capacity:
        below = [
            name
            for name, row in capacity.items()
            if admin and name in PAGES and float(row["Requests/s"]) < 0.5 * admin
        ]
        print(f"\nBelow 0.5x the admin changelist: {len(below)} of {len(capacity)}")
        for name in below:
            print(f"  {name}")


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
