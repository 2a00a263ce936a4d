"""Why the slow requests of a bench run were slow: reads the trace that BENCH_TRACE made the
web workers write (bench/trace.py) and sorts every request over the threshold by cause.

    python bench/stalls.py TRACE [MS=300] [LOCUST_STATS_CSV]

Causes, first that applies: "first in worker" (the worker's first 10 requests: imports,
connections, templates), "first of the page in worker" (that worker had not served the
path before), "CPU" (the worker's CPU time is most of the wall time: the request did the
work, e.g. a cold cache), "database" (query time is most of it), "waited" (neither: the
worker was runnable but another process had the core, or it waited on a lock). With the
locust stats file of the same run, the server's percentiles are printed beside the
client's: the difference is time queued before a worker took the request."""

import bisect
import csv
import statistics
import sys
from collections import Counter, defaultdict


def _pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


def read(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            start, pid, n, request, status, wall, cpu, db, queries = line.rstrip("\n").split("\t")
            rows.append(
                {
                    "start": float(start),
                    "pid": int(pid),
                    "n": int(n),
                    "path": request.split(" ", 1)[1],
                    "status": int(status),
                    "wall": float(wall),
                    "cpu": float(cpu),
                    "db": float(db),
                    "queries": int(queries),
                }
            )
    rows.sort(key=lambda r: r["start"])
    return rows


def cause(row, seen_before):
    if row["n"] <= 10:
        return "first in worker"
    if not seen_before:
        return "first of the page in worker"
    if row["cpu"] >= 0.6 * row["wall"]:
        return "CPU"
    if row["db"] >= 0.5 * row["wall"]:
        return "database"
    return "waited"


def in_flight(rows):
    """For each request, how many others were being served when it started."""
    ends = sorted(r["start"] + r["wall"] / 1000 for r in rows)
    starts = [r["start"] for r in rows]
    counts = []
    for i, start in enumerate(starts):
        # rows are sorted by start: i started before this one, of which some had ended
        counts.append(i - bisect.bisect_right(ends, start))
    return counts


def main(argv):
    rows = read(argv[1])
    threshold = float(argv[2]) if len(argv) > 2 else 300.0
    walls = [r["wall"] for r in rows]
    print(
        f"{len(rows)} requests over {rows[-1]['start'] - rows[0]['start']:.0f} s, {len({r['pid'] for r in rows})} workers"
    )
    print(
        f"server wall ms: p50 {_pct(walls, 0.5):.0f}  p95 {_pct(walls, 0.95):.0f}"
        f"  p99 {_pct(walls, 0.99):.0f}  max {max(walls):.0f}"
    )
    if len(argv) > 3:
        with open(argv[3], encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["Name"] == "Aggregated":
                    print(
                        f"client ms:      p50 {row['50%']}  p95 {row['95%']}  p99 {row['99%']}"
                        f"  max {float(row['Max Response Time']):.0f}  (the difference: queued for a worker)"
                    )
    seen, flights = set(), in_flight(rows)
    slow = []
    for row, flight in zip(rows, flights, strict=True):
        key = (row["pid"], row["path"])
        if row["wall"] > threshold:
            slow.append((row, cause(row, key in seen), flight))
        seen.add(key)
    print(f"\n{len(slow)} requests over {threshold:.0f} ms ({100 * len(slow) / len(rows):.2f}%)")
    by_cause = Counter(c for _, c, _ in slow)
    for name, count in by_cause.most_common():
        group = [r for r, c, _ in slow if c == name]
        print(
            f"  {name:28} {count:5}  median wall {statistics.median(r['wall'] for r in group):6.0f}"
            f"  cpu {statistics.median(r['cpu'] for r in group):6.0f}"
            f"  db {statistics.median(r['db'] for r in group):6.0f} ms"
        )
    flight_all = Counter(min(f, 6) for f in flights)
    flight_slow = Counter(min(f, 6) for _, _, f in slow)
    print("\nothers in flight when a request started: all requests / slow ones (6 = 6 or more)")
    for k in range(7):
        print(
            f"  {k}: {100 * flight_all[k] / len(rows):5.1f}%  {100 * flight_slow[k] / max(1, len(slow)):5.1f}%"
        )
    t0 = rows[0]["start"]
    per_minute = defaultdict(lambda: [0, 0])
    for r in rows:
        per_minute[int((r["start"] - t0) // 60)][0] += 1
    for r, _, _ in slow:
        per_minute[int((r["start"] - t0) // 60)][1] += 1
    print(
        "\nslow requests per minute of the run: "
        + " ".join(f"{s}/{n}" for _, (n, s) in sorted(per_minute.items()))
    )
    medians = defaultdict(list)
    for r in rows:
        medians[r["path"]].append(r["wall"])
    print(
        "\nthe 25 slowest requests (wall, cpu, db ms; queries; the page's median; request # in worker; cause)"
    )
    for row, name, flight in sorted(slow, key=lambda s: -s[0]["wall"])[:25]:
        print(
            f"  {row['wall']:6.0f} {row['cpu']:6.0f} {row['db']:6.0f} {row['queries']:4}"
            f"  med {statistics.median(medians[row['path']]):5.0f}  #{row['n']:<5} in flight {flight}"
            f"  {name:28} {row['path'][:90]}"
        )


if __name__ == "__main__":
    main(sys.argv)
