"""The plan of each chosen page's slowest query: EXPLAIN ANALYZE on PostgreSQL (issue 18,
point 5). Run: manage.py shell -c "exec(open('bench/explain.py').read())"
Environment: BENCH_PAGES (pages.json from bench/pagelist.py), BENCH_ONLY (a regular
expression of the labels: the pages to explain), EXPLAIN_LINES (the plan's first lines, 16)."""

import os
import sys
import time

sys.path.insert(0, "bench")
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pages import PAGES  # noqa: E402

from accounts.models import User  # noqa: E402

lines = int(os.environ.get("EXPLAIN_LINES", "16"))
for name, (role, url) in PAGES.items():
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(User.objects.get(username=role))
    client.get(url)  # warm: caches and connections
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    queries = captured.captured_queries
    in_sql = sum(float(q["time"]) for q in queries) * 1000
    print(
        f"### {name} {url}: {response.status_code}, {elapsed:.0f} ms, "
        f"{len(queries)} queries, {in_sql:.0f} ms in SQL"
    )
    selects = [q for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    if not selects:
        continue
    slowest = max(selects, key=lambda q: float(q["time"]))
    print(f"slowest query {float(slowest['time']) * 1000:.0f} ms")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) " + slowest["sql"])
        plan = [row[0] for row in cursor.fetchall()]
    print("\n".join(plan[:lines]))
    print(f"... {plan[-1].strip()}")
