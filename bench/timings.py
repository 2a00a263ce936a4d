"""Sequential server-side timings of every benchmark page, in-process (no HTTP, one user):
the floor the load test cannot beat. Run: manage.py shell -c "exec(open('bench/timings.py').read())"
Environment: BENCH_PAGES (pages.json from bench/pagelist.py), BENCH_ONLY (a regular expression
of the labels to time), TIMING_RUNS (5)."""

import os
import statistics
import sys
import time

sys.path.insert(0, "bench")
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from pages import PAGES  # noqa: E402

from accounts.models import User  # noqa: E402

runs = int(os.environ.get("TIMING_RUNS", "5"))
clients = {}
print(f"{'page':<60} {'first ms':>9} {'median ms':>9} {'status':>7}")
for name, (role, url) in PAGES.items():
    if role not in clients:
        clients[role] = Client(raise_request_exception=False)
        if role != "anonymous":
            clients[role].force_login(User.objects.get(username=role))
    client = clients[role]
    times = []
    for _i in range(runs + 1):
        connection.queries_log.clear()
        reset_queries()
        start = time.monotonic()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        if response.streaming:
            b"".join(response.streaming_content)
        times.append(1000 * (time.monotonic() - start))
    print(
        f"{name:<60} {times[0]:9.0f} {statistics.median(times[1:]):9.0f} {response.status_code:>7}"
    )
