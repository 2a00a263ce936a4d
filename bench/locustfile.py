"""Locust scenarios (run by bench/run.sh), over the pages of BENCH_PAGES (bench/pages.py).

BENCH_PAGE=<label>  every simulated user requests only that page, without think time (its
                    capacity, compared with the two references of the same run);
BENCH_PAGE unset    every role at once, each user opening its role's pages at random with
                    0.5-1.5 s of think time (p95 as people use the app).
Session cookies come from BENCH_SESSIONS (a JSON file written by bench/login.py)."""

import json
import os
import random

from locust import FastHttpUser, between, constant, task
from pages import BENCH_ROLES, PAGES, REFERENCES

SESSIONS = json.load(open(os.environ["BENCH_SESSIONS"]))  # noqa: SIM115
ONLY = os.environ.get("BENCH_PAGE")
# how many users of each role the mixed scenario starts, relative to one another
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

    def _user_class(role: str):
        labels = [
            label for label, (who, _url) in PAGES.items() if who == role and label not in REFERENCES
        ]

        class RoleUser(_Base):
            weight = WEIGHTS.get(role, 1)
            wait_time = between(0.5, 1.5)

            @task
            def page(self):
                self.get(random.choice(labels))

        RoleUser.role = role
        # locust requires distinct class names (it compares the qualified names)
        RoleUser.__name__ = RoleUser.__qualname__ = f"{role.capitalize()}User"
        return RoleUser if labels else None

    for _role in BENCH_ROLES:
        _cls = _user_class(_role)
        if _cls is not None:
            globals()[_cls.__name__] = _cls
    # locust collects every user class of the module's globals: not the loop's last one twice
    del _cls
