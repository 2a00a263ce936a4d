"""Two people edit the same record: the second save is refused with a translated
"changed by someone else" message instead of silently overwriting the first."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from learnsociety.concurrency import version_of

from .forms import form_data, rendered_form

STALE_VI_START = None


def _stale_start() -> str:
    with translation.override("vi"):
        text = translation.gettext(
            "This record was changed by someone else (%(who)s, %(when)s) after you opened "
            "it. Your changes were not saved: reload the page to see theirs, then make "
            "yours again."
        )
    assert text.startswith("Hồ sơ"), text
    return text.split("(")[0]


def test_second_editor_of_programme_records_gets_a_clear_message(world):
    from programme.models import ProgressReport

    objects = world["objects"]
    report = ProgressReport.objects.filter(status="draft").order_by("pk").first()
    cases = [
        ("programme:commitment-edit", objects["commitment"], "title"),
        ("programme:indicator-edit", objects["indicator"], "name"),
        ("programme:milestone-edit", objects["milestone"], "title"),
        ("programme:report-edit", report, "narrative"),
    ]
    _edit_twice(world["clients"]["admin"], world["clients"]["staff"], cases)


def test_second_editor_of_a_nomination_gets_a_clear_message(world):
    from awards.models import Nomination

    nomination = Nomination.objects.get(
        nominating_organisation=world["objects"]["school_org"], status="draft"
    )
    from django.test import Client

    from accounts.enums import Role
    from tests.factories.accounts import user_with_role

    colleague = Client()
    colleague.force_login(user_with_role(Role.PRINCIPAL, world["objects"]["school_org"]))
    _edit_twice(
        world["clients"]["principal"],
        colleague,
        [("awards:nomination-edit", nomination, "summary")],
    )


def _edit_twice(first, second, cases):
    stale = _stale_start()
    for name, obj, field in cases:
        url = reverse(name, args=[obj.pk])
        mine = form_data(rendered_form(first.get(url)))
        theirs = form_data(rendered_form(second.get(url)))
        assert mine["version"] == theirs["version"] == version_of(obj)

        saved = first.post(url, {**mine, field: "Bản của người thứ nhất"})
        refused = second.post(url, {**theirs, field: "Bản của người thứ hai"})

        assert saved.status_code == 302, name
        assert refused.status_code == 200, name
        assert stale in refused.content.decode(), name
        obj.refresh_from_db()
        assert getattr(obj, field) == "Bản của người thứ nhất", name
        # after reloading, the second person can save
        again = form_data(rendered_form(second.get(url)))
        assert second.post(url, {**again, field: "Bản của người thứ hai"}).status_code == 302
        obj.refresh_from_db()
        assert getattr(obj, field) == "Bản của người thứ hai", name
