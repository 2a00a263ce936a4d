"""ASVS V16 (security logging) and the audit trail of the issue: every audited model keeps
its history (who, when, the whole row before and after each change), the object's page
shows it, and security events reach the ``learnsociety.security`` log."""

from __future__ import annotations

import logging

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

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


def test_403_is_logged(world, caplog):
    url = reverse("awards:round-list")
    with caplog.at_level(logging.INFO, logger="learnsociety.security"):
        response = world["clients"]["principal"].get(url)
    assert response.status_code == 403
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
