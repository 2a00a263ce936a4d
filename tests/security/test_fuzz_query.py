"""Issue 16, point 5 (query strings): extreme values in every query-string parameter of
every page never give a server error. The parameters are read from the pages themselves,
not listed by hand: the fields of each page's ``<form method="get">`` forms, the names in
the query strings of its links (credited to the page they point to) and ``page``. Every
GET page of the permission matrix that some role opens is fuzzed as that role. Kept small
(a few examples) so CI stays fast."""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .matrix import MATRIX, ROLES
from .urlmatrix import url_for

# who opens a page, in order of preference
USERS = ("admin", "staff", "officer", "principal", "reviewer", "commune", "anonymous")
# parameters that are not filters: the language switch and CSRF token of the page chrome
IGNORED = {"csrfmiddlewaretoken", "next", "language"}

EXTREME = [
    "",
    "0",
    "-1",
    str(2**31),
    str(2**63),
    str(10**30),
    "-" + str(10**30),
    "99999",
    "1999",
    "2101",
    "1e309",
    "NaN",
    "inf",
    "0.5",
    "\x00",
    "1\x00",
    "x" * 10_000,
    "9" * 10_000,
    "Trường THCS Chiềng Lề – Sơn La 🎓",
    "\u202e\u200b\ufeff",
    "0001-01-01",
    "9999-12-31",
    "2024-13-45",
    "31/02/2024",
    "<script>alert('ls')</script>",
    "'; DROP TABLE accounts_user; --",
    "%",
    "../../etc/passwd",
    "²",
    "١٢",
]
# mostly the extreme values above, sometimes any integer or any short text
VALUE = st.one_of(
    st.sampled_from(EXTREME),
    st.sampled_from(EXTREME),
    st.sampled_from(EXTREME),
    st.integers().map(str),
    st.text(max_size=20),
)


class _Params(HTMLParser):
    """The GET forms (action, field names) and link targets of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, set[str]]] = []
        self.links: list[str] = []
        self._form: tuple[str, set[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "get":
                self._form = (attrs.get("action") or "", set())
                self.forms.append(self._form)
            else:
                self._form = None
        elif tag in ("input", "select", "textarea") and self._form and attrs.get("name"):
            self._form[1].add(attrs["name"])
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("data-search-url"):
            # the search widget asks its URL for ``?q=`` as the user types
            self.links.append(attrs["data-search-url"] + "?q=")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None

    def queries(self) -> list[tuple[str, set[str]]]:
        """(target URL, parameter names) of the GET forms and of the links with a query
        string to this site."""
        found = list(self.forms)
        for href in self.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.query:
                continue
            found.append((href, {key for key, _value in parse_qsl(parts.query, True)}))
        return found


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _targets(world) -> list[tuple[str, str, str, list[str]]]:
    """(url name, role, url, parameter names) of every page some role opens, and of every
    page a GET form or a link with a query string leads to from them."""
    clients, objects = world["clients"], world["objects"]
    pages: dict[str, tuple[str, str]] = {}
    for name in sorted(MATRIX):
        cells = dict(zip(ROLES, MATRIX[name].split(), strict=True))
        role = next((r for r in USERS if cells[r] == "200"), None)
        if role is not None:
            pages[name] = (role, url_for(name, objects))
    params: dict[str, set[str]] = defaultdict(lambda: {"page"})
    for name, (role, url) in list(pages.items()):
        response = clients[role].get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Params()
        parser.feed(response.content.decode(errors="replace"))
        for target, names in parser.queries():
            path = urlsplit(target).path or url
            target_name = _url_name(path)
            if target_name is None:
                continue
            pages.setdefault(target_name, (role, path))
            params[target_name] |= names
    return [
        (name, role, url, sorted(params[name] - IGNORED))
        for name, (role, url) in sorted(pages.items())
    ]


def _error(response) -> str:
    """The status and, when the view raised, the exception (the client keeps it)."""
    exc_info = getattr(response, "exc_info", None)
    if exc_info:
        return f"{response.status_code} {exc_info[0].__name__}: {str(exc_info[1])[:200]}"
    return str(response.status_code)


def test_the_fuzzer_finds_the_query_parameters_of_every_app(world):
    found = {name: set(names) for name, _role, _url, names in _targets(world)}
    assert {"q", "area", "tier", "education_level", "page"} <= found["units:school-list"]
    assert {"area", "level", "status", "waiting"} <= found["units:review-queue"]
    assert {"year"} <= found["units:coverage"]
    assert {"q", "lead_party", "status", "year"} <= found["programme:overview"]
    assert {"status", "year", "commitment"} <= found["programme:report-list"]
    assert {"state", "rule", "q"} <= found["notifications:outbox"]
    assert {"year"} <= found["society:return-list"]
    assert {"period"} <= found["dashboard:report"]


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(data=st.data())
def test_extreme_query_values_never_give_a_server_error(world, data):
    failures = []
    for name, role, url, names in world.setdefault("_query_targets", _targets(world)):
        query = []
        for key in names:
            query.append((key, data.draw(VALUE, label=f"{name}:{key}")))
            # a repeated parameter: the view must read one value, not fail on two
            if data.draw(st.booleans(), label=f"{name}:{key} twice?"):
                query.append((key, data.draw(VALUE, label=f"{name}:{key} again")))
        full = f"{url}?{urlencode(query)}"
        try:
            response = world["clients"][role].get(full)
        except Exception as error:  # noqa: BLE001 - the report names the URL and values
            failures.append(f"{name} as {role}: {type(error).__name__}: {error} for {query!r}")
            continue
        if response.status_code >= 500:
            failures.append(f"{name} as {role}: {_error(response)} for {query!r:.300}")
    assert not failures, "\n".join(failures)
