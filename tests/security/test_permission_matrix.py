"""ASVS V8 (authorisation): every URL of the project, for every role, answers as the
matrix says. Objects belong to the principal's school and the reviewer's area, so
"principal2" (another school), "reviewer2" (another area) and "commune2" (the secretary
of another commune's Association branch) are outsiders: they must get
404 (never a hint that the object exists).

Cells: 200, 405 (POST-only view opened with GET), 404 (also for a page the role may not
use, such as a create form: no page tells a role that it exists), L (redirect to the login
page), R (redirect elsewhere: e.g. the object is not editable in its state). A new URL
without a row here fails test_every_url_has_a_matrix_row.
"""

from __future__ import annotations

import pytest

from .matrix import MATRIX, ROLES
from .urlmatrix import url_for, url_kwargs, url_names

# POST to a POST-only view by an outsider, where the answer is not the default
# (anonymous: L, principal2 and reviewer2: 404). R where the object is readable by every
# logged-in user and the service refuses the action with a message.
POST_OUTSIDERS: dict[str, dict[str, str]] = {
    "programme:report-submit": {"principal2": "R", "reviewer2": "R", "commune2": "R"},
}


def outcome(response) -> str:
    if response.status_code == 302:
        return "L" if response["Location"].startswith("/accounts/login/") else "R"
    return str(response.status_code)


def test_every_url_has_a_matrix_row():
    assert set(url_names()) == set(MATRIX)


def test_matrix_rows_have_one_cell_per_role():
    assert {name: len(row.split()) for name, row in MATRIX.items()} == {
        name: len(ROLES) for name in MATRIX
    }


@pytest.mark.django_db
def test_permission_matrix(world):
    clients = world["clients"]
    mismatches = []
    for name in sorted(MATRIX):
        url = url_for(name, world["objects"])
        expected = MATRIX[name].split()
        for role, want in zip(ROLES, expected, strict=True):
            got = outcome(clients[role].get(url))
            if got != want:
                mismatches.append(f"{name} {url} as {role}: expected {want}, got {got}")
    # POST-only views on an object: outsiders get the same 404 as on its page
    for name in sorted(MATRIX):
        if "405" not in MATRIX[name] or not url_kwargs(name, world["objects"]):
            continue
        url = url_for(name, world["objects"])
        for role in ("anonymous", "principal2", "reviewer2", "commune2"):
            want = POST_OUTSIDERS.get(name, {}).get(role, "L" if role == "anonymous" else "404")
            got = outcome(clients[role].post(url, {}))
            if got != want:
                mismatches.append(f"POST {name} {url} as {role}: expected {want}, got {got}")
    assert not mismatches, "\n".join(mismatches)
    report = world["objects"]["report"]
    assert (report.status, type(report).objects.get(pk=report.pk).status) == (
        report.status,
        report.status,
    )
