"""Every page's server time at several data-set sizes, as a Markdown table (issue 18, point 5).

Usage: python bench/cost_table.py 5000=timings-5000.txt 50000=timings-50000.txt \
           100000=timings-100000.txt

Each file is the output of bench/timings.py (in-process, one user, median of TIMING_RUNS
warm requests) against a data set of that many schools. The table gives each page's median
time per size, its ratio to the admin changelist's time at the same size (the same ratio as
the load test's "vs admin", inverted: a page twice as slow as the changelist is 0.50x), and
how much longer it takes at the largest size than at the smallest. Pages are sorted by that
growth, largest first."""

from __future__ import annotations

import re
import sys

sys.path.insert(0, "bench")
from pages import ADMIN  # noqa: E402

LINE = re.compile(r"^(?P<name>.+?)\s+(?P<first>\d+)\s+(?P<median>\d+)\s+(?P<status>\d{3})$")


def read(path: str) -> dict[str, tuple[int, int]]:
    found = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            match = LINE.match(line.rstrip())
            if match:
                found[match["name"].strip()] = (int(match["median"]), int(match["status"]))
    return found


def main(args: list[str]) -> None:
    sizes = []
    for arg in args:
        size, path = arg.split("=", 1)
        sizes.append((int(size), read(path)))
    sizes.sort()
    labels = sorted(set.intersection(*(set(t) for _s, t in sizes)))
    head = " | ".join(f"{s:,}: ms (vs admin)" for s, _t in sizes)
    print(f"| page | {head} | {sizes[0][0]:,} → {sizes[-1][0]:,} |")
    print("|---|" + "---|" * len(sizes) + "---|")
    rows = []
    for label in labels:
        cells = []
        for _size, timings in sizes:
            ms, _status = timings[label]
            admin = timings[ADMIN][0]
            ratio = admin / ms if ms else float("inf")
            cells.append(f"{ms} ({ratio:.2f}x)")
        first, last = sizes[0][1][label][0], sizes[-1][1][label][0]
        # a page under a millisecond counts as one, so rounding is not read as growth
        growth = max(last, 1) / max(first, 1)
        rows.append((growth, label, cells))
    for growth, label, cells in sorted(rows, key=lambda r: (-r[0], r[1])):
        print(f"| {label} | {' | '.join(cells)} | ×{growth:.1f} |")
    print(f"\n{len(rows)} pages.", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
