"""Bench-only request trace (BENCH_TRACE=<file>): one line per request, written by the web
worker that served it, so that the slow requests of a run can be told apart by cause.

Each line, tab-separated: the start (Unix seconds, to the microsecond), the worker's pid,
the request's number in that worker (1 = its first), the method and path, the status, the
wall time, the worker's CPU time and the database time (milliseconds), and the number of
queries. A request whose wall time is mostly CPU did the work itself (a cold cache, a first
template compile); one whose wall time is neither CPU nor database waited for the machine
(another process had the core). Time spent queued before a worker took the request is not
in the line: compare with the client's times (locust) for that.

bench/stalls.py reads the file. Enabled only by bench/settings.py when BENCH_TRACE is set."""

import os
import time

from django.db import connections

_served = 0
_file = None


class _QueryTimer:
    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def _out():
    global _file
    if _file is None:
        _file = open(os.environ["BENCH_TRACE"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115
    return _file


class TraceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global _served
        _served += 1
        timer = _QueryTimer()
        started, wall, cpu = time.time(), time.perf_counter(), time.process_time()
        with connections["default"].execute_wrapper(timer):
            response = self.get_response(request)
        wall = (time.perf_counter() - wall) * 1000
        cpu = (time.process_time() - cpu) * 1000
        _out().write(
            f"{started:.6f}\t{os.getpid()}\t{_served}\t{request.method} {request.get_full_path()}"
            f"\t{response.status_code}\t{wall:.1f}\t{cpu:.1f}\t{timer.seconds * 1000:.1f}"
            f"\t{timer.count}\n"
        )
        return response
