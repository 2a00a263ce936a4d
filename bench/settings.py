"""Benchmark settings: the product settings plus bench-only URLs (a trivial view and an
admin changelist of schools with the app's page size). Used only by bench/run.sh."""

import os

from learnsociety.settings import *  # noqa: F403

if os.environ.get("BENCH") == "1":
    ROOT_URLCONF = "bench.urls"
