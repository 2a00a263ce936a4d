"""ASVS V8 (authorisation): every URL of the project, for every role, answers as the
matrix says. Objects belong to the principal's school and the reviewer's area, so
"principal2" (another school), "reviewer2" (another area) and "commune2" (the secretary
of another commune's Association branch) are outsiders: they must get
404 (never a hint that the object exists).

Cells: 200, 405 (POST-only view opened with GET), 404, 403 (only where the object or
page is not secret, e.g. a create form the role may not use), L (redirect to the login
page), R (redirect elsewhere: e.g. the object is not editable in its state). A new URL
without a row here fails test_every_url_has_a_matrix_row.
"""

from __future__ import annotations

import pytest

from .conftest import ROLES
from .urlmatrix import url_for, url_kwargs, url_names

#   anonymous staff officer principal principal2 reviewer reviewer2 admin commune commune2
MATRIX = {
    "accounts:login": "200 R R R R R R R R R",
    # a user's own large exports (the download is staff's: only its owner gets it)
    "exports": "L 200 200 200 200 200 200 200 200 200",
    "export-download": "L 200 404 404 404 404 404 404 404 404",
    "accounts:logout": "L 405 405 405 405 405 405 405 405 405",
    "accounts:password_change": "L 200 200 200 200 200 200 200 200 200",
    "accounts:password_change_done": "L 200 200 200 200 200 200 200 200 200",
    "accounts:password_reset": "200 200 200 200 200 200 200 200 200 200",
    "accounts:password_reset_complete": "200 200 200 200 200 200 200 200 200 200",
    "accounts:password_reset_confirm": "200 200 200 200 200 200 200 200 200 200",
    "accounts:password_reset_done": "200 200 200 200 200 200 200 200 200 200",
    "accounts:profile": "L 200 200 200 200 200 200 200 200 200",
    "accounts:document-template-list": "L 404 404 404 404 404 404 200 404 404",
    "accounts:document-template-new": "L 404 404 404 404 404 404 404 404 404",
    "accounts:document-template": "L 404 404 404 404 404 404 200 404 404",
    "accounts:signing-certificate-list": "L 404 404 404 404 404 404 200 404 404",
    "accounts:signing-certificate-new": "L 404 404 404 404 404 404 404 404 404",
    "accounts:signing-certificate": "L 404 404 404 404 404 404 200 404 404",
    "accounts:signing-certificate-remove": "L 405 405 405 405 405 405 405 405 405",
    "awards:certificate-download": "L 200 200 200 404 404 404 200 404 404",
    "awards:council-detail": "L 404 200 404 404 404 404 200 404 404",
    "awards:council-people": "L 404 200 404 404 404 404 200 404 404",
    "awards:council-organisations": "L 404 200 404 404 404 404 200 404 404",
    "awards:council-list": "L 200 200 403 403 403 403 200 403 403",
    "awards:council-member-remove": "L 405 405 405 405 405 405 405 405 405",
    "awards:decision-create": "L 404 200 404 404 404 404 404 404 404",
    "awards:decision-detail": "L 200 200 404 404 404 404 200 404 404",
    "awards:decision-generate": "L 405 405 405 405 405 405 405 405 405",
    "awards:decision-progress": "L 200 200 404 404 404 404 200 404 404",
    "awards:decision-scan": "L 200 200 404 404 404 404 200 404 404",
    "awards:decision-preview": "L 200 200 404 404 404 404 200 404 404",
    "awards:decision-pdf": "L 200 200 404 404 404 404 200 404 404",
    "awards:decision-docx": "L 200 200 404 404 404 404 200 404 404",
    "awards:discipline": "L 200 200 403 403 403 403 200 403 403",
    "awards:discipline-lift": "L 405 405 405 405 405 405 405 405 405",
    "awards:document-add": "L 405 405 405 405 405 405 405 405 405",
    "awards:document-delete": "L 405 405 405 405 405 405 405 405 405",
    "awards:document-download": "L 404 200 200 404 404 404 200 404 404",
    "awards:index": "L R R R R R R R R R",
    "awards:nomination-action": "L 405 405 405 405 405 405 405 405 405",
    "awards:nomination-assign": "L 405 405 405 405 405 405 405 405 405",
    "awards:nomination-create": "L 200 200 200 200 403 403 200 403 403",
    "awards:nomination-detail": "L 404 200 200 404 404 404 200 404 404",
    "awards:nomination-edit": "L 404 R R 404 404 404 200 404 404",
    "awards:nomination-list": "L 200 200 200 200 200 200 200 200 200",
    "awards:register": "L 200 200 403 403 403 403 200 403 403",
    "awards:organisation-search": "L 200 200 200 200 404 404 404 404 404",
    "awards:register-export": "L R R 403 403 403 403 R 403 403",
    "awards:review-conflict": "L 405 405 405 405 405 405 405 405 405",
    "awards:review-form": "L 404 404 404 404 404 404 404 404 404",
    "awards:review-next": "L R R R R R R R R R",
    "awards:proposal": "L 200 404 404 404 404 404 404 404 404",
    "awards:review-queue": "L 200 200 403 403 403 403 200 403 403",
    "awards:round-autoassign": "L 405 405 405 405 405 405 405 405 405",
    "awards:round-create": "L 403 200 403 403 403 403 200 403 403",
    "awards:round-detail": "L 200 200 403 403 403 403 200 403 403",
    "awards:round-edit": "L 403 200 403 403 403 403 200 403 403",
    "awards:round-list": "L 200 200 403 403 403 403 200 403 403",
    "awards:round-ranking": "L 200 200 403 403 403 403 200 403 403",
    "dashboard:export": "L 200 200 404 404 200 200 200 404 404",
    "dashboard:index": "L 200 200 404 404 404 404 200 404 404",
    "dashboard:public-settings": "L 404 404 404 404 404 404 200 404 404",
    "dashboard:report": "L 200 200 404 404 404 404 200 404 404",
    "dashboard:report-pdf": "L 200 200 404 404 404 404 200 404 404",
    "dashboard:report-xlsx": "L 200 200 404 404 404 404 200 404 404",
    "health": "200 200 200 200 200 200 200 200 200 200",
    "home": "L 200 200 200 200 200 200 200 200 200",
    # unpublished: only the programme parties preview it
    "honours:roll": "404 200 200 404 404 404 404 200 404 404",
    "notifications:list": "L 200 200 200 200 200 200 200 200 200",
    "notifications:open": "L 405 405 405 405 405 405 405 405 405",
    "notifications:outbox": "L 404 404 404 404 404 404 200 404 404",
    "notifications:outbox-resend": "L 405 405 405 405 405 405 405 405 405",
    "notifications:preferences": "L 200 200 200 200 200 200 200 200 200",
    "notifications:read-all": "L 405 405 405 405 405 405 405 405 405",
    "programme:commitment-create": "L 200 200 404 404 404 404 200 404 404",
    "programme:commitment-detail": "L 200 200 200 200 200 200 200 200 200",
    "programme:commitment-edit": "L 200 200 404 404 404 404 200 404 404",
    "programme:evidence-download": "L 200 200 200 200 200 200 200 200 200",
    "programme:feature-create": "L 200 200 404 404 404 404 200 404 404",
    "programme:feature-edit": "L 200 200 404 404 404 404 200 404 404",
    "programme:feature-evidence": "L 200 200 200 200 200 200 200 200 200",
    "programme:indicator-create": "L 200 200 404 404 404 404 200 404 404",
    "programme:indicator-edit": "L 200 200 404 404 404 404 200 404 404",
    "programme:learning-city": "L 200 200 200 200 200 200 200 200 200",
    "programme:milestone-create": "L 200 200 404 404 404 404 200 404 404",
    "programme:milestone-edit": "L 200 200 404 404 404 404 200 404 404",
    "programme:overview": "L 200 200 200 200 200 200 200 200 200",
    "programme:programme-edit": "L 404 404 404 404 404 404 200 404 404",
    "programme:report-create": "L 200 200 404 404 404 404 200 404 404",
    "programme:report-detail": "L 200 200 200 200 200 200 200 200 200",
    "programme:report-edit": "L 200 200 404 404 404 404 200 404 404",
    "programme:report-list": "L 200 200 200 200 200 200 200 200 200",
    "programme:report-review": "L 405 405 405 405 405 405 405 405 405",
    "programme:report-submit": "L 405 405 405 405 405 405 405 405 405",
    "programme:signed-document": "L 200 200 200 200 200 200 200 200 200",
    "programme:target-vs-actual": "L 200 200 200 200 200 200 200 200 200",
    "programme:target-vs-actual-pdf": "L 200 200 200 200 200 200 200 200 200",
    "programme:target-vs-actual-xlsx": "L 200 200 200 200 200 200 200 200 200",
    "public:index": "404 404 404 404 404 404 404 404 404 404",
    "public:learning-units": "404 404 404 404 404 404 404 404 404 404",
    "public:progress": "404 404 404 404 404 404 404 404 404 404",
    "public:verify": "404 404 404 404 404 404 404 404 404 404",
    "set_language": "405 405 405 405 405 405 405 405 405 405",
    "dashboard:yearly-report": "L 200 200 404 404 404 404 200 404 404",
    "dashboard:yearly-report-pdf": "L 409 409 404 404 404 404 409 404 404",
    "dashboard:yearly-report-docx": "L 409 409 404 404 404 404 409 404 404",
    "units:assessment-detail": "L 200 200 200 404 200 404 200 404 404",
    "units:assessment-document": "L 200 200 200 404 200 404 200 404 404",
    "units:assessment-documents": "L 405 405 405 405 405 405 405 405 405",
    "units:assessment-edit": "L R R 200 404 R 404 200 404 404",
    "units:assessment-copy-previous": "L 405 405 405 405 405 405 405 405 405",
    "units:assessment-preview": "L 405 405 405 405 405 405 405 405 405",
    "units:assessment-reopen": "L 405 405 405 405 405 405 405 405 405",
    "units:assessment-review": "L 404 404 404 404 R 404 R 404 404",
    "units:assessment-start": "L 405 405 405 405 405 405 405 405 405",
    "units:assessment-summary": "L 200 200 200 404 200 404 200 404 404",
    "units:certificate": "L 200 200 200 404 200 404 200 404 404",
    "units:coverage": "L 200 200 404 404 200 200 200 404 404",
    "units:cycle-create": "L 200 404 404 404 404 404 200 404 404",
    "units:cycle-detail": "L 200 200 404 404 200 200 200 404 404",
    "units:cycle-edit": "L 200 404 404 404 404 404 200 404 404",
    "units:cycle-list": "L 200 200 404 404 200 200 200 404 404",
    "units:decision-create": "L 200 404 404 404 200 200 200 404 404",
    "units:decision-detail": "L 200 200 404 404 200 200 200 404 404",
    "units:decision-document": "L 200 200 404 404 200 200 200 404 404",
    "units:decision-preview": "L 200 200 404 404 200 200 200 404 404",
    "units:certificate-bundle-start": "L 405 405 405 405 405 405 405 405 405",
    "units:certificate-bundle-progress": "L 200 200 404 404 200 200 200 404 404",
    "units:certificate-bundle": "L 404 404 404 404 404 404 404 404 404",
    "units:decision-pdf": "L 200 200 404 404 200 200 200 404 404",
    "units:decision-docx": "L 200 200 404 404 200 200 200 404 404",
    "units:evidence-add": "L 405 405 405 405 405 405 405 405 405",
    "units:evidence-delete": "L 405 405 405 405 405 405 405 405 405",
    "units:evidence-download": "L 200 200 200 404 200 404 200 404 404",
    "units:criterion-create": "L R 404 404 404 404 404 R 404 404",
    "units:criterion-delete": "L 405 405 405 405 405 405 405 405 405",
    "units:criterion-edit": "L R 404 404 404 404 404 R 404 404",
    "units:framework-copy": "L 405 405 405 405 405 405 405 405 405",
    "units:framework-create": "L 200 404 404 404 404 404 200 404 404",
    "units:framework-delete": "L 405 405 405 405 405 405 405 405 405",
    "units:framework-edit": "L R 404 404 404 404 404 R 404 404",
    "units:framework-groups": "L R 404 404 404 404 404 R 404 404",
    "units:framework-outcomes": "L R 404 404 404 404 404 R 404 404",
    "units:framework-preview": "L 200 404 404 404 404 404 200 404 404",
    "units:framework-publish": "L 405 405 405 405 405 405 405 405 405",
    "units:framework-detail": "L 200 200 200 200 200 200 200 200 200",
    "units:framework-list": "L 200 200 404 404 200 200 200 404 404",
    "units:index": "L R R R R R R R R R",
    "units:not-recognise": "L 405 405 405 405 405 405 405 405 405",
    "units:recognition-import": "L 200 404 404 404 404 404 200 404 404",
    "units:reform-import": "L 200 404 404 404 404 404 200 404 404",
    # a background import is seen by the user who started it only
    "units:import-job": "L 200 404 404 404 404 404 404 404 404",
    "units:import-job-run": "L 405 405 405 405 405 405 405 405 405",
    "units:review-queue": "L 200 404 404 404 200 200 200 404 404",
    "units:school-detail": "L 200 200 200 404 200 404 200 404 404",
    "units:school-import": "L 200 404 404 404 404 404 200 404 404",
    "units:school-move": "L 405 405 405 405 405 405 405 405 405",
    "units:school-list": "L 200 200 404 404 200 200 200 404 404",
    "verify-certificate": "200 200 200 200 200 200 200 200 200 200",
    "society:completeness": "L 200 200 404 404 404 404 200 404 404",
    "society:export": "L 200 200 404 404 404 404 200 200 200",
    "society:field-create": "L 404 R 404 404 404 404 R 404 404",
    "society:field-edit": "L 404 R 404 404 404 404 R 404 404",
    "society:form-copy": "L 405 405 405 405 405 405 405 405 405",
    "society:form-detail": "L 200 200 404 404 404 404 200 200 200",
    "society:form-list": "L 200 200 404 404 404 404 200 200 200",
    "society:form-publish": "L 405 405 405 405 405 405 405 405 405",
    "society:index": "L R R 404 404 404 404 R R R",
    "society:return-detail": "L 200 200 404 404 404 404 200 200 404",
    "society:return-edit": "L 404 404 404 404 404 404 200 200 404",
    "society:return-list": "L 200 200 404 404 404 404 200 200 200",
    "society:return-reopen": "L 405 405 405 405 405 405 405 405 405",
    "society:return-review": "L 404 R 404 404 404 404 R 404 404",
    "society:return-start": "L 405 405 405 405 405 405 405 405 405",
    "society:return-submit": "L 405 405 405 405 405 405 405 405 405",
    "society:return-template": "L 200 200 404 404 404 404 200 200 404",
    "society:return-upload": "L 404 404 404 404 404 404 200 200 404",
    "society:return-villages": "L 404 404 404 404 404 404 200 200 404",
    "society:rollup": "L 200 200 404 404 404 404 200 404 404",
    "society:round-create": "L 404 200 404 404 404 404 200 404 404",
    "society:round-edit": "L 404 200 404 404 404 404 200 404 404",
    "society:round-list": "L 200 200 404 404 404 404 200 404 404",
    "society:rule-create": "L 404 R 404 404 404 404 R 404 404",
    "society:rule-edit": "L 404 R 404 404 404 404 R 404 404",
    "society:village-add": "L 405 405 405 405 405 405 405 405 405",
}

# POST to a POST-only view by an outsider, where the answer is not the default
# (anonymous: L, principal2 and reviewer2: 404). 403 where the role is refused before the
# object is looked up (so it reveals nothing); R where the object is readable by every
# logged-in user and the service refuses the action with a message.
_ROLE_REFUSED = {"principal2": "403", "reviewer2": "403", "commune2": "403"}
POST_OUTSIDERS: dict[str, dict[str, str]] = {
    "awards:discipline-lift": _ROLE_REFUSED,
    "awards:round-autoassign": _ROLE_REFUSED,
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
