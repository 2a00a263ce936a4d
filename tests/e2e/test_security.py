"""No page breaks the Content-Security-Policy: every main page, opened in Chromium as
each role, logs no CSP violation (inline script or style, handler attributes, htmx or
Bootstrap injecting styles, the admin)."""

from __future__ import annotations

import pytest

from .conftest import login

PAGES = {
    "admin": [
        "/",
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/user/{user}/change/",
        "/notifications/outbox/",
        "/dashboard/",
        "/units/schools/",
        "/awards/rounds/",
    ],
    "staff": [
        "/",
        "/programme/",
        "/programme/commitments/{commitment}/",
        "/programme/commitments/{commitment}/edit/",
        "/programme/reports/",
        "/programme/target-vs-actual/",
        "/units/cycles/",
        "/units/review/",
        "/dashboard/",
        "/awards/nominations/",
    ],
    "officer": ["/", "/awards/", "/awards/nominations/", "/awards/reviews/", "/awards/register/"],
    "principal": [
        "/",
        "/units/assessments/{assessment}/",
        "/units/assessments/{assessment}/edit/",
        "/awards/nominations/",
        "/awards/nominations/new/",
        "/notifications/",
        "/notifications/preferences/",
        "/accounts/profile/",
    ],
    "reviewer": [
        "/",
        "/units/review/",
        "/units/coverage/",
        "/units/assessments/{area_assessment}/",
    ],
    None: ["/accounts/login/", "/honours/", "/accounts/password-reset/"],
}


def _ids() -> dict:
    from accounts.models import User
    from programme.models import Commitment
    from units.models import SelfAssessment

    return {
        "commitment": Commitment.objects.order_by("pk").first().pk,
        "assessment": SelfAssessment.objects.filter(
            school__organisation__code="SL-THCS-CHIENGLE", status="draft"
        )
        .first()
        .pk,
        "area_assessment": SelfAssessment.objects.filter(status="in_review").first().pk,
        "user": User.objects.get(username="principal").pk,
    }


def _is_violation(text: str) -> bool:
    return "Content Security Policy" in text or "Refused to" in text


@pytest.mark.parametrize("role", list(PAGES), ids=[r or "anonymous" for r in PAGES])
def test_no_csp_violation_on_main_pages(demo_live, browser, role):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            violations.append(f"{page.url}: {msg.text}") if _is_violation(msg.text) else None
        ),
    )
    page.on("pageerror", lambda exc: violations.append(f"{page.url}: JS error {exc}"))
    ids = _ids()
    from dashboard.models import PublicSite

    site = PublicSite.load()
    site.show_honours = True  # the honour roll answers 404 until an administrator publishes it
    site.save()
    try:
        if role:
            login(page, demo_live.url, role)
        for path in PAGES[role]:
            response = page.goto(demo_live.url + path.format(**ids))
            page.wait_for_load_state("networkidle")
            assert response is not None, path
            assert response.status < 400, (path, response.status)
    finally:
        context.close()
    assert violations == []
