"""ASVS V16 (security logging) and the audit trail of the issue: every audited model keeps
its history (who, when, the whole row before and after each change), the object's page
shows it, and security events reach the ``learnsociety.security`` log."""

from __future__ import annotations

import logging

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tests.factories.awards import seat_on_councils

from .forms import form_data, rendered_form

AUDITED = [
    "programme.Commitment",
    "programme.Indicator",
    "programme.Milestone",
    "programme.ProgressReport",
    "programme.IndicatorValue",
    "units.SelfAssessment",
    "units.CriterionResult",
    "units.RecognitionDecision",
    "awards.Nomination",
    "awards.ReviewAssignment",
    "awards.ReviewScore",
    "awards.Decision",
    "accounts.Membership",
]


@pytest.mark.parametrize("label", AUDITED)
def test_audited_model_keeps_history(label):
    model = apps.get_model(label)
    history = model._meta.simple_history_manager_attribute
    historical = getattr(model, history).model
    fields = {f.name for f in historical._meta.fields}
    assert {"history_user", "history_date", "history_type"} <= fields
    # the whole row is kept, so "before" and "after" are two consecutive records
    assert {f.attname for f in model._meta.concrete_fields} - {"id"} <= {
        f.attname for f in historical._meta.fields
    }


def test_commitment_edit_records_who_before_after_and_shows_it(world):
    from programme.models import Commitment

    staff = world["users"]["staff"]
    commitment = world["objects"]["commitment"]
    before_title = commitment.title
    client = world["clients"]["admin"]
    url = reverse("programme:commitment-edit", args=[commitment.pk])
    data = form_data(rendered_form(client.get(url)))
    data["title"] = "Tiêu đề đã sửa"

    response = client.post(url, data)

    assert response.status_code == 302
    latest, previous = Commitment.history.filter(id=commitment.pk).order_by("-history_id")[:2]
    assert (latest.history_type, latest.title, latest.history_user.username) == (
        "~",
        "Tiêu đề đã sửa",
        "admin",
    )
    assert previous.title == before_title
    diff = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in diff.changes] == [
        ("title", before_title, "Tiêu đề đã sửa")
    ]
    page = world["clients"]["staff"].get(commitment.get_absolute_url()).content.decode()
    assert 'data-testid="history"' in page
    assert world["users"]["admin"].get_full_name() in page or "admin" in page
    assert staff.username  # staff may see the page and its history


def test_nomination_history_is_on_its_page(world):
    nomination = world["objects"]["nomination"]
    page = world["clients"]["officer"].get(
        reverse("awards:nomination-detail", args=[nomination.pk])
    )
    assert page.status_code == 200
    assert len(page.context["history"]) == nomination.history.count()


def test_assessment_history_is_on_its_page(world):
    assessment = world["objects"]["assessment"]
    page = world["clients"]["principal"].get(
        reverse("units:assessment-detail", args=[assessment.pk])
    )
    assert page.status_code == 200
    assert len(page.context["history"]) == min(assessment.history.count(), 20)


def test_recognition_decision_history_is_on_its_page(world):
    decision = world["objects"]["recognition_decision"]
    page = world["clients"]["staff"].get(reverse("units:decision-detail", args=[decision.pk]))
    assert page.status_code == 200
    assert len(page.context["history"]) == decision.history.count()


def _security_messages(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "learnsociety.security"]


def test_login_logout_and_failed_login_are_logged(db, caplog):
    from tests.factories.accounts import UserFactory

    UserFactory(username="lan", password="correct-horse-battery")
    client = Client(REMOTE_ADDR="203.0.113.7")
    login = reverse("accounts:login")
    with caplog.at_level(logging.INFO, logger="learnsociety.security"):
        client.post(login, {"username": "lan", "password": "wrong-password-1"})
        client.post(login, {"username": "lan", "password": "correct-horse-battery"})
        client.post(reverse("accounts:logout"))
    assert _security_messages(caplog) == [
        "login-failed user=lan ip=203.0.113.7",
        "login user=lan ip=203.0.113.7",
        "logout user=lan ip=203.0.113.7",
    ]


def test_404_for_an_outsider_is_logged(world, caplog):
    assessment = world["objects"]["assessment"]
    url = reverse("units:assessment-detail", args=[assessment.pk])
    with caplog.at_level(logging.INFO, logger="learnsociety.security"):
        response = world["clients"]["principal2"].get(url)
    assert response.status_code == 404
    assert _security_messages(caplog) == [
        f"denied user=principal2 path={url} reason=units.view_assessment on "
        f"units.SelfAssessment:{assessment.pk} ip=127.0.0.1"
    ]


def test_404_for_a_refused_role_is_logged(world, caplog):
    url = reverse("awards:round-list")
    with caplog.at_level(logging.INFO, logger="learnsociety.security"):
        response = world["clients"]["principal"].get(url)
    assert response.status_code == 404
    messages = _security_messages(caplog)
    assert len(messages) == 1
    assert messages[0].startswith(f"denied user=principal path={url} reason=")


def test_report_edit_refused_to_a_principal_is_logged(world, caplog):
    report = world["objects"]["report"]
    url = reverse("programme:report-edit", args=[report.pk])
    with caplog.at_level(logging.INFO, logger="learnsociety.security"):
        response = world["clients"]["principal"].get(url)
    assert response.status_code == 404
    assert _security_messages(caplog) == [
        f"denied user=principal path={url} reason=programme.change_report on "
        f"programme.ProgressReport:{report.pk} ip=127.0.0.1"
    ]


# --- before and after on each audited page ------------------------------------------------


def _history_html(response, testid: str = "history") -> str:
    """The rendered audit trail block of a page (the partial's <details>)."""
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index(f'data-testid="{testid}"')
    return page[start : page.index("</details>", start)]


def _admin_change(client, model, obj, **changes):
    """Save ``obj`` through its Django admin change form, as an administrator would."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    form = client.get(url).context["adminform"].form
    data = form_data(form)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_commitment_page_shows_milestone_before_and_after(world):
    milestone = world["objects"]["milestone"]
    commitment = world["objects"]["commitment"]
    client = world["clients"]["admin"]
    url = reverse("programme:milestone-edit", args=[milestone.pk])
    data = form_data(rendered_form(client.get(url)))
    data["title"] = "Mốc đã đổi tên"

    assert client.post(url, data).status_code == 302

    html = _history_html(world["clients"]["staff"].get(commitment.get_absolute_url()))
    assert escape(milestone.title) in html
    assert "Mốc đã đổi tên" in html
    assert world["users"]["admin"].get_full_name() in html


def test_commitment_page_history_follows_each_change_though_kept_in_the_cache(world):
    """The history is built once and kept (programme.cached); every change after a view
    shows on the next one, and each language reads its own words."""
    milestone = world["objects"]["milestone"]
    commitment = world["objects"]["commitment"]
    admin, staff = world["clients"]["admin"], world["clients"]["staff"]
    reader = world["users"]["staff"]
    page = commitment.get_absolute_url()

    def entries(language="vi"):
        type(reader).objects.filter(pk=reader.pk).update(language=language)  # as the switcher
        return [(e.action, e.label, e.action_label) for e in staff.get(page).context["history"]]

    seen = entries()
    assert ("changed", "Mốc lần hai", "đã sửa") not in seen
    url = reverse("programme:milestone-edit", args=[milestone.pk])
    data = form_data(rendered_form(admin.get(url)))
    data["title"] = "Mốc lần hai"
    assert admin.post(url, data).status_code == 302
    assert entries()[0][:2] == ("changed", "Mốc lần hai")
    assert entries("en")[0] == ("changed", "Mốc lần hai", "changed")
    assert entries()[0][2] != "changed"  # the Vietnamese words, not the English ones kept
    milestone.delete()  # outside any form (this copy still has its first title)
    assert entries()[0][:2] == ("deleted", milestone.title)


def test_report_page_shows_its_changes_before_and_after(world):
    from programme.models import ProgressReport

    report = ProgressReport.objects.filter(status__in=["draft", "returned"]).order_by("pk").first()
    client = world["clients"]["admin"]
    url = reverse("programme:report-edit", args=[report.pk])
    data = form_data(rendered_form(client.get(url)))
    data["narrative"] = "Tường thuật đã sửa."

    assert client.post(url, data).status_code == 302

    html = _history_html(world["clients"]["admin"].get(report.get_absolute_url()))
    assert escape(report.narrative[:150]) in html
    assert "Tường thuật đã sửa." in html
    assert world["users"]["admin"].get_full_name() in html


def test_assessment_page_shows_criterion_results_before_and_after(world):
    from units.models import CriterionResult, SelfAssessment

    assessment = (
        SelfAssessment.objects.filter(
            school__organisation=world["objects"]["school_org"], status__in=["draft", "returned"]
        )
        .order_by("pk")
        .first()
    )
    client = world["clients"]["principal"]
    url = reverse("units:assessment-edit", args=[assessment.pk])
    form = rendered_form(client.get(url))
    data = form_data(form)
    name = next(n for n in form.fields if n.endswith("-justification"))
    before = data[name]
    data[name] = "Giải trình đã viết lại."

    assert client.post(url, data).status_code == 302

    changed = CriterionResult.history.filter(assessment_id=assessment.pk).latest("history_id")
    html = _history_html(client.get(assessment.get_absolute_url()))
    assert "Giải trình đã viết lại." in html
    if before:
        assert escape(before[:150]) in html
    assert changed.instance.criterion.code in html
    assert world["users"]["principal"].get_full_name() in html


@pytest.mark.parametrize(
    ("model", "key", "url_name", "viewer", "signer"),
    [
        (
            "units.RecognitionDecision",
            "recognition_decision",
            "units:decision-detail",
            "staff",
            "Lò Văn Mới",
        ),
        ("awards.Decision", "award_decision", "awards:decision-detail", "officer", "Cầm Thị Ký"),
    ],
)
def test_decision_page_shows_before_and_after(world, model, key, url_name, viewer, signer):
    decision = world["objects"][key]
    before = decision.signer
    _admin_change(world["clients"]["admin"], apps.get_model(model), decision, signer=signer)

    html = _history_html(world["clients"][viewer].get(reverse(url_name, args=[decision.pk])))
    assert escape(before) in html
    assert signer in html
    assert world["users"]["admin"].get_full_name() in html


def test_nomination_page_shows_changes_to_its_nominator_and_the_council(world):
    from awards.models import Nomination

    nomination = (
        Nomination.objects.filter(
            nominating_organisation=world["objects"]["school_org"],
            status__in=["submitted", "in_review"],
        )
        .order_by("pk")
        .first()
    )
    detail = reverse("awards:nomination-detail", args=[nomination.pk])
    # the council asks for more information, so the nominator may edit again
    world["clients"]["officer"].post(
        reverse("awards:nomination-action", args=[nomination.pk, "request-info"]),
        {"comment": "Xin bổ sung chức vụ."},
    )
    before = nomination.position
    client = world["clients"]["principal"]
    url = reverse("awards:nomination-edit", args=[nomination.pk])
    data = form_data(rendered_form(client.get(url)))
    data["position"] = "Tổ trưởng chuyên môn"

    assert client.post(url, data).status_code == 302

    for role in ("principal", "officer"):
        html = _history_html(world["clients"][role].get(detail))
        assert "Tổ trưởng chuyên môn" in html
        if before:
            assert escape(before) in html
        assert "Xin bổ sung chức vụ." in html  # the comment to the nominator, before → after
        assert world["users"]["principal"].get_full_name() in html
    # the council's members stay anonymous to the nominator, as in the status history
    officer_name = world["users"]["officer"].get_full_name()
    assert officer_name in _history_html(world["clients"]["officer"].get(detail))
    assert officer_name not in _history_html(world["clients"]["principal"].get(detail))


def test_review_score_history_is_for_managers_only(world):
    from awards import services
    from awards.models import Nomination, ReviewScore
    from tests.factories.accounts import user_with_role

    nomination = (
        Nomination.objects.filter(
            nominating_organisation=world["objects"]["school_org"],
            status__in=["submitted", "in_review"],
        )
        .order_by("pk")
        .first()
    )
    officer = world["users"]["officer"]
    association = officer.memberships.get().organisation
    reviewer = user_with_role(
        "officer", association, username="council-member", full_name="Hội viên Chấm Điểm"
    )
    seat_on_councils(nomination.round, reviewer)
    assignment = services.assignment_create(by=officer, nomination=nomination, reviewer=reviewer)
    criteria = list(nomination.round.criteria.all())
    for value in ("6", "9"):
        services.review_submit(
            by=reviewer,
            assignment=assignment,
            scores={c.pk: value for c in criteria},
            recommendation="approve",
            comment=f"Nhận xét bí mật {value}",
        )

    assert ReviewScore.history.filter(assignment=assignment, history_type="~").count() == len(
        criteria
    )
    detail = reverse("awards:nomination-detail", args=[nomination.pk])
    html = _history_html(world["clients"]["officer"].get(detail), "review-history")
    assert "Hội viên Chấm Điểm" in html
    assert "Nhận xét bí mật 6" in html
    assert "Nhận xét bí mật 9" in html
    assert ">6</del>" in html
    assert ">9</ins>" in html
    page = world["clients"]["principal"].get(detail).content.decode()
    assert 'data-testid="review-history"' not in page
    assert "Nhận xét bí mật" not in page
    assert "Hội viên Chấm Điểm" not in page


def test_profile_shows_my_roles_granted_and_removed(world):
    from accounts.models import Membership, Organisation

    principal = world["users"]["principal"]
    admin_client = world["clients"]["admin"]
    other_school = (
        Organisation.objects.filter(kind="school")
        .exclude(memberships__user__in=[principal, world["users"]["principal2"]])
        .order_by("pk")
        .first()
    )
    response = admin_client.post(
        reverse("admin:accounts_membership_add"),
        {
            "user": principal.pk,
            "organisation": other_school.pk,
            "role": "principal",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    granted = Membership.objects.get(user=principal, organisation=other_school)
    _admin_change(admin_client, Membership, granted, is_active="")

    profile = world["clients"]["principal"].get(reverse("accounts:profile"))
    html = _history_html(profile, "role-history")
    assert escape(other_school.name) in html
    assert world["users"]["admin"].get_full_name() in html
    assert html.count("<del") >= 1  # active: yes → no
    # administrators see each change, before and after, in the admin's history of the row
    admin_history = admin_client.get(
        reverse("admin:accounts_membership_history", args=[granted.pk])
    ).content.decode()
    assert "False" in admin_history
    page = world["clients"]["principal2"].get(reverse("accounts:profile")).content.decode()
    assert escape(other_school.name) not in page
