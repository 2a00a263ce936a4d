"""Locust scenarios (run by bench/run.sh), over the pages of BENCH_PAGES (bench/pages.py).

BENCH_PAGE=<label>  every simulated user requests only that page, without think time (its
                    capacity, compared with the two references of the same run);
BENCH_SWEEP=<secs>   every page in turn in one locust run: all users request the same page,
                    without think time, for <secs> seconds each (window k is page k of
                    sweep_order(), the two references first and again last), so that the
                    whole page list is measured without starting locust once per page;
BENCH_PAGE unset    every role at once: each click a role's (drawn by WEIGHTS) on the next of
                    that role's pages (each role's pages in turn, so that every page is
                    requested), with 0.5-1.5 s of think time (p95 as people use the app);
                    MIXED_EVEN=1 draws each role as often as it has pages instead, so that
                    every page gets the same number of requests (enough for a p95 each).
Session cookies come from BENCH_SESSIONS (a JSON file written by bench/login.py)."""

import itertools
import json
import os
import random
import time

from locust import FastHttpUser, between, constant, events, task
from pages import PAGES, REFERENCES, TRIVIAL, sweep_order

SESSIONS = json.load(open(os.environ["BENCH_SESSIONS"]))  # noqa: SIM115
ONLY = os.environ.get("BENCH_PAGE")
SWEEP = float(os.environ.get("BENCH_SWEEP") or 0)
WARM_UP = 3.0  # seconds of the trivial view while the users start, before the first window
# how often the mixed scenario clicks as each role, relative to one another (others: 1)
WEIGHTS = {"anonymous": 3, "staff": 4, "officer": 3, "principal": 6, "reviewer": 4}


def url_of(name: str) -> str:
    return PAGES[name][1]


class _Base(FastHttpUser):
    abstract = True
    role = "anonymous"

    def on_start(self):
        if self.role != "anonymous":
            cookie = SESSIONS[self.role]
            self.client.cookiejar.set_cookie(_cookie("sessionid", cookie["sessionid"]))

    def get(self, name: str, stat: str | None = None):
        with self.client.get(url_of(name), name=stat or name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif self.role != "anonymous" and "/accounts/login/" in (response.url or ""):
                response.failure("logged out")


def _cookie(name, value):
    from http.cookiejar import Cookie

    return Cookie(
        0,
        name,
        value,
        None,
        False,
        "127.0.0.1",
        False,
        False,
        "/",
        True,
        False,
        None,
        False,
        None,
        None,
        {},
    )


if SWEEP:
    ORDER = sweep_order()
    _start: list[float] = []

    @events.test_start.add_listener
    def _sweep_start(**_kwargs):
        _start.append(time.monotonic())

    class Sweep(_Base):
        """Every user requests the page of the current window, with that page's role."""

        wait_time = constant(0)

        def on_start(self):
            pass

        @task
        def page(self):
            elapsed = time.monotonic() - _start[0] - WARM_UP if _start else -1
            index = int(elapsed // SWEEP)
            if index >= len(ORDER):
                time.sleep(0.2)
                return
            name, stat = ORDER[index] if elapsed >= 0 else (TRIVIAL, "warm-up")
            self.role = PAGES[name][0]
            # one session per request: the page's role, nothing left from another role's page
            jar = self.client.cookiejar
            jar.clear()
            if self.role != "anonymous":
                jar.set_cookie(_cookie("sessionid", SESSIONS[self.role]["sessionid"]))
            self.get(name, stat)

elif ONLY:
    role_of_page = PAGES[ONLY][0]

    class OnePage(_Base):
        role = role_of_page
        wait_time = constant(0)

        @task
        def page(self):
            self.get(ONLY)

else:
    # Each role's pages in a shuffled ring, shared by the users: a role's clicks go round
    # all its pages, so that every page gets its share of requests (users assigned to a role
    # left the roles of weight 1 without a user, and their pages without a request).
    # (the roles of the page list: BENCH_ROLES and the generated provinces' accounts)
    _RINGS = {}
    _SIZES = {}
    for _role in dict.fromkeys(who for who, _url in PAGES.values()):
        _labels = [
            label
            for label, (who, _url) in PAGES.items()
            if who == _role and label not in REFERENCES
        ]
        if _labels:
            random.shuffle(_labels)
            _RINGS[_role] = itertools.cycle(_labels)
            _SIZES[_role] = len(_labels)
    _ROLES = list(_RINGS)
    if os.environ.get("MIXED_EVEN") == "1":
        _ROLE_WEIGHTS = [_SIZES[role] for role in _ROLES]
    else:
        _ROLE_WEIGHTS = [WEIGHTS.get(role, 1) for role in _ROLES]

    class Mixed(_Base):
        """Every role at once: each click is a role's, drawn by WEIGHTS, on that role's next
        page, with 0.5-1.5 s of think time (p95 as people use the app)."""

        wait_time = between(0.5, 1.5)

        def on_start(self):
            pass

        @task
        def page(self):
            self.role = random.choices(_ROLES, _ROLE_WEIGHTS)[0]
            jar = self.client.cookiejar
            jar.clear()
            if self.role != "anonymous":
                jar.set_cookie(_cookie("sessionid", SESSIONS[self.role]["sessionid"]))
            self.get(next(_RINGS[self.role]))
