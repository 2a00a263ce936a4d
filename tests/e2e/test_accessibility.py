"""axe-core (vendored in tests/e2e/vendor, no CDN) finds no serious or critical WCAG 2.1 A/AA
violation on each role's home, the self-assessment, the review, the nomination form and
the public pages, in Vietnamese and English. The CSP forbids injected scripts, so the
context bypasses it for the test only."""

import pytest

from .conftest import login
from .phone import serious_violations as _serious


def _pages():
    from accounts.models import User
    from units import selectors
    from units.enums import AssessmentStatus
    from units.models import SelfAssessment

    principal = User.objects.get(username="principal")
    draft = SelfAssessment.objects.filter(
        school__organisation__memberships__user=principal, status=AssessmentStatus.DRAFT
    ).first()
    waiting = (
        selectors.review_queue_for(User.objects.get(username="reviewer"))
        .filter(status=AssessmentStatus.SUBMITTED)
        .first()
    )
    return {
        "staff": ["/"],
        "officer": ["/", "/awards/reviews/"],
        "principal": ["/", f"/units/assessments/{draft.pk}/edit/", "/awards/nominations/new/"],
        "reviewer": ["/", f"/units/assessments/{waiting.pk}/review/"],
        None: [
            "/public/",
            "/public/progress/",
            "/public/learning-units/",
            "/public/verify/",
            "/honours/",
        ],
    }


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_serious_accessibility_violation(browser, demo_live, lang):
    from accounts.models import User
    from dashboard.models import PublicSite

    site = PublicSite.load()
    site.show_progress = site.show_learning_units = site.show_honours = True
    site.show_verification = True
    site.save()
    User.objects.update(language=lang)
    found = {}
    for username, urls in _pages().items():
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, bypass_csp=True, locale="vi-VN"
        )
        page = context.new_page()
        page.set_default_timeout(15000)
        if username:
            login(page, demo_live.url, username)
        else:
            context.add_cookies([{"name": "django_language", "value": lang, "url": demo_live.url}])
        for url in urls:
            page.goto(demo_live.url + url)
            assert page.locator("html").get_attribute("lang") == lang
            problems = _serious(page)
            if problems:
                found[f"{username} {url}"] = problems
        context.close()
    assert found == {}
