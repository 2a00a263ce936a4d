"""Locust scenarios (run by bench/run.sh).

BENCH_PAGE=<name>  every simulated user requests only that page (its capacity);
BENCH_PAGE unset   the mixed journeys of every role at once (errors and latency under a
                   realistic mix).
Session cookies come from BENCH_SESSIONS (a JSON file written by bench/login.py)."""

import json
import os
import random

from locust import FastHttpUser, between, constant, task
from pages import PAGES

SESSIONS = json.load(open(os.environ["BENCH_SESSIONS"]))  # noqa: SIM115
TARGETS = json.load(open(os.environ["BENCH_TARGETS"]))  # noqa: SIM115
ONLY = os.environ.get("BENCH_PAGE")


def url_of(name: str) -> str:
    return PAGES[name][1].format(**TARGETS)


class _Base(FastHttpUser):
    abstract = True
    role = "anonymous"

    def on_start(self):
        if self.role != "anonymous":
            cookie = SESSIONS[self.role]
            self.client.cookiejar.set_cookie(_cookie("sessionid", cookie["sessionid"]))

    def get(self, name: str):
        with self.client.get(url_of(name), name=name, catch_response=True) as response:
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


if ONLY:
    role_of_page = PAGES[ONLY][0]

    class OnePage(_Base):
        role = role_of_page
        wait_time = constant(0)

        @task
        def page(self):
            self.get(ONLY)

else:

    class Staff(_Base):
        role = "staff"
        weight = 4
        wait_time = between(0.5, 1.5)

        @task(3)
        def dashboard(self):
            self.get("dashboard")

        @task(3)
        def schools(self):
            self.get(
                random.choice(
                    [
                        "schools list",
                        "schools list, filtered",
                        "schools list, search",
                        "schools list, page 200",
                    ]
                )
            )

        @task(1)
        def queue(self):
            self.get("units review queue (staff)")

        @task(1)
        def export(self):
            self.get("schools export, one district (xlsx)")

    class Reviewer(_Base):
        role = "reviewer"
        weight = 4
        wait_time = between(0.5, 1.5)

        @task(2)
        def queue(self):
            self.get("units review queue (reviewer)")

        @task(1)
        def review(self):
            self.get("assessment review form")

    class Principal(_Base):
        role = "principal"
        weight = 6
        wait_time = between(0.5, 1.5)

        @task(1)
        def home(self):
            self.get("home (principal)")

        @task(2)
        def form(self):
            self.get("self-assessment form")

        @task(1)
        def notifications(self):
            self.get("notifications")

    class Officer(_Base):
        role = "officer"
        weight = 3
        wait_time = between(0.5, 1.5)

        @task
        def nominations(self):
            self.get("nominations, filtered")

        @task
        def queue(self):
            self.get("awards review queue")

    class Public(_Base):
        weight = 3
        wait_time = between(0.5, 1.5)

        @task
        def roll(self):
            self.get(random.choice(["honour roll", "honour roll, page 20"]))
