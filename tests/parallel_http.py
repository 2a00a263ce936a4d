"""Truly parallel HTTP requests through the real stack: pytest-django's ``live_server`` (a
threaded WSGI server: one thread, hence one database connection, per request) driven by
``requests`` from as many threads, released together by a barrier."""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass

import requests
from django.conf import settings
from django.db import connection
from django.test import Client

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ALERT = re.compile(r'<div class="alert alert-(\w+)[^"]*" role="alert">\s*(.*?)\s*<button', re.S)


@dataclass
class Outcome:
    statuses: list[int]  # the POST's status, then those of the redirects followed
    alerts: list[tuple[str, str]]  # (level, text) of the messages on the final page
    text: str


class Browser:
    """A person logged in on the live server: Django's session cookie (from ``force_login``)
    and a CSRF cookie and token taken from a real GET of the form page."""

    def __init__(self, live_server, user):
        client = Client()
        client.force_login(user)
        self.base = live_server.url
        self.cookies = {
            settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value
        }
        self.token = ""

    def _session(self) -> requests.Session:
        session = requests.Session()
        for name, value in self.cookies.items():
            session.cookies.set(name, value)
        return session

    def open(self, path: str) -> str:
        """GET a page with a form and keep its CSRF cookie and token for the posts."""
        with self._session() as session:
            response = session.get(self.base + path, timeout=60)
        assert response.status_code == 200, (path, response.status_code)
        self.cookies[settings.CSRF_COOKIE_NAME] = response.cookies[settings.CSRF_COOKIE_NAME]
        self.token = TOKEN.search(response.text).group(1)
        return response.text

    def post(self, path: str, data: dict, files: dict | None = None) -> Outcome:
        with self._session() as session:
            response = session.post(
                self.base + path,
                data={**data, "csrfmiddlewaretoken": self.token},
                files=files,
                headers={"Referer": self.base + path},
                timeout=120,
            )
        return Outcome(
            statuses=[r.status_code for r in response.history] + [response.status_code],
            alerts=[(level, html.unescape(text)) for level, text in ALERT.findall(response.text)],
            text=response.text,
        )


def race(workers) -> list:
    """Run the callables at the same instant, each in its own thread; their results (or
    the exception a worker raised, so that a failure is reported, not lost)."""
    barrier = threading.Barrier(len(workers))
    results: list = [None] * len(workers)

    def run(i, work):
        try:
            barrier.wait()
            results[i] = work()
        except Exception as error:  # noqa: BLE001 - handed back to the test
            results[i] = error
        finally:
            connection.close()  # a worker that used the ORM opened its own connection

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
