"""Benchmark settings: the product settings plus bench-only URLs (a trivial view and an
admin changelist of schools with the app's page size). Used only by bench/run.sh."""

import os

from learnsociety.settings import *  # noqa: F403

if os.environ.get("BENCH") == "1":
    ROOT_URLCONF = "bench.urls"

if os.environ.get("BENCH_TRACE"):
    # first, so that its times cover every other middleware (bench/trace.py)
    MIDDLEWARE = ["bench.trace.TraceMiddleware", *MIDDLEWARE]  # noqa: F405
