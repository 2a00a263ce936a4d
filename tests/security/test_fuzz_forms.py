"""ASVS V1/V2 (input handling): generated values posted to every form of the project, as
a user who may use it, never give a server error, and what was posted is always escaped
on the page that follows. Forms are found from the permission matrix: every page that
renders a ``form`` for some role. Kept small (a few examples) so CI stays fast."""

from __future__ import annotations

from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .forms import form_data, rendered_form
from .matrix import MATRIX, ROLES
from .urlmatrix import url_for

SCRIPT = "<script>alert('ls')</script>"
# who uses a form, in order of preference
USERS = ("admin", "staff", "officer", "principal", "reviewer", "anonymous")
# forms that would change the fuzzing user's own credentials or language
SKIP = {"accounts:password_change", "accounts:login", "set_language"}

NASTY = st.sampled_from(
    [
        "",
        " ",
        SCRIPT,
        f'"><img src=x onerror=alert(1)>{SCRIPT}',
        "'; DROP TABLE accounts_user; --",
        "1 OR 1=1",
        "Trường THCS Chiềng Lề – Sơn La 🎓",
        "\u202e\u200b\ufeff",
        "x" * 5000,
        "-1",
        "-99999999999999999999",
        "99999999999999999999999999",
        "1e309",
        "NaN",
        "0.000000001",
        "31/02/2024",
        "2024-13-45",
        "00/00/0000",
        "9999-12-31",
        "../../etc/passwd",
    ]
)
VALUE = st.one_of(NASTY, st.text(max_size=50), st.integers().map(str))


def _targets(world):
    clients, objects = world["clients"], world["objects"]
    found = []
    for name in sorted(MATRIX):
        if name in SKIP:
            continue
        cells = dict(zip(ROLES, MATRIX[name].split(), strict=True))
        role = next((r for r in USERS if cells[r] == "200"), None)
        if role is None or name.endswith(("pdf", "xlsx", "export", "download", "document")):
            continue
        url = url_for(name, objects)
        response = clients[role].get(url)
        if not response["Content-Type"].startswith("text/html"):
            continue
        form = rendered_form(response)
        if form is None:
            continue
        fields = [
            form.add_prefix(n)
            for n, f in form.fields.items()
            if not isinstance(f, (forms.FileField, forms.BooleanField))
        ]
        # the optimistic version check would refuse every post after the first save
        fields = [f for f in fields if f != form.add_prefix("version")]
        base = {k: v for k, v in form_data(form).items() if k != form.add_prefix("version")}
        found.append((name, role, url, base, fields))
    return found


def test_the_fuzzer_finds_the_forms_of_every_app(world):
    names = {name for name, *_ in _targets(world)}
    assert {
        "programme:commitment-edit",
        "programme:indicator-edit",
        "programme:milestone-edit",
        "programme:report-edit",
        "units:cycle-edit",
        "awards:round-edit",
        "notifications:preferences",
    } <= names


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(data=st.data())
def test_generated_input_never_errors_and_is_escaped(world, data):
    failures = []
    for name, role, url, base, fields in world.setdefault("_fuzz_targets", _targets(world)):
        client = world["clients"][role]
        posted = dict(base)
        for key in fields:
            if data.draw(st.booleans(), label=f"{name}:{key}?"):
                posted[key] = data.draw(VALUE, label=f"{name}:{key}")
        # always one script payload in a text field, to check escaping
        if fields:
            posted[fields[0]] = SCRIPT
        response = client.post(url, posted, follow=True)
        page = response.content.decode(errors="replace")
        if response.status_code >= 500:
            failures.append(f"{name} as {role}: {response.status_code} for {posted}")
        elif SCRIPT in page or "<img src=x onerror" in page:
            failures.append(f"{name} as {role}: unescaped input on {response.request['PATH_INFO']}")
    assert not failures, "\n".join(failures)
