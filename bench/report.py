"""Summarise locust CSV files: per page requests/second, p50, p95, errors and the ratio of
its throughput to the trivial view's.  Usage: report.py OUTDIR"""

import csv
import sys
from pathlib import Path

from pages import PAGES


def read(path: Path) -> dict[str, dict]:
    rows = {}
    with path.open() as f:
        for row in csv.DictReader(f):
            if row["Name"] != "Aggregated":
                rows[row["Name"]] = row
    return rows


def main(out: Path) -> None:
    capacity = {}
    for name in PAGES:
        f = out / f"page-{_slug(name)}_stats.csv"
        if f.exists():
            capacity.update(read(f))
    trivial = float(capacity.get("trivial view (ceiling)", {}).get("Requests/s", 0) or 0)
    print("\nCapacity: 20 users request only this page, no think time")
    print(f"{'page':<38} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>7} {'vs trivial':>10}")
    for name in PAGES:
        row = capacity.get(name)
        if not row:
            continue
        rps = float(row["Requests/s"])
        ratio = f"{100 * rps / trivial:.0f}%" if trivial else "-"
        print(
            f"{name:<38} {rps:7.1f} {row['50%']:>7} {row['95%']:>7} "
            f"{row['Failure Count']:>7} {ratio:>10}"
        )
    mixed = out / "mixed_stats.csv"
    if mixed.exists():
        rows = read(mixed)
        print("\nMixed journeys of every role (20 users, 0.5–1.5 s think time)")
        print(
            f"{'page':<38} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>7}"
        )
        for name in PAGES:
            row = rows.get(name)
            if row:
                print(
                    f"{name:<38} {row['Request Count']:>8} {float(row['Requests/s']):7.1f} "
                    f"{row['50%']:>7} {row['95%']:>7} {row['Failure Count']:>7}"
                )


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
