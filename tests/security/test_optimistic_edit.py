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


def _page_carries_the_version(client, url, obj) -> None:
    """The browser posts what the page holds: the hidden field must be in the HTML inside
    the form (the tests below post the form object's data)."""
    import re

    html = client.get(url).content.decode()
    form = html[html.index("csrfmiddlewaretoken") :]
    found = re.search(r'<input type="hidden" name="version" value="(\d+)"', form)
    assert found, url
    assert found.group(1) == version_of(obj), url


def _edit_twice(first, second, cases):
    stale = _stale_start()
    for name, obj, field in cases:
        url = reverse(name, args=[obj.pk])
        _page_carries_the_version(first, url, obj)
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


def _principal_colleague(world):
    from django.test import Client

    from accounts.enums import Role
    from tests.factories.accounts import user_with_role

    colleague = Client()
    colleague.force_login(user_with_role(Role.PRINCIPAL, world["objects"]["school_org"]))
    return colleague


def _justification_field(assessment) -> tuple[str, object]:
    result = assessment.results.select_related("criterion").order_by("criterion__code").first()
    return f"c{result.criterion_id}-justification", result


def test_second_editor_of_a_self_assessment_is_refused_and_keeps_what_they_typed(world):
    assessment = world["objects"]["assessment"]
    assert assessment.status in ("draft", "returned")
    first, second = world["clients"]["principal"], _principal_colleague(world)
    url = reverse("units:assessment-edit", args=[assessment.pk])
    field, result = _justification_field(assessment)
    _page_carries_the_version(first, url, assessment)
    mine = form_data(rendered_form(first.get(url)))
    theirs = form_data(rendered_form(second.get(url)))
    assert mine["version"] == theirs["version"] == version_of(assessment)

    saved = first.post(url, {**mine, field: "Giải trình của người thứ nhất"})
    refused = second.post(url, {**theirs, field: "Giải trình của người thứ hai"})

    assert saved.status_code == 302
    assert refused.status_code == 400
    page = refused.content.decode()
    assert _stale_start() in page
    assert "Giải trình của người thứ hai" in page  # their input is shown again
    result.refresh_from_db()
    assert result.justification == "Giải trình của người thứ nhất"
    # after reloading, the second person can save
    again = form_data(rendered_form(second.get(url)))
    assert second.post(url, {**again, field: "Giải trình của người thứ hai"}).status_code == 302
    result.refresh_from_db()
    assert result.justification == "Giải trình của người thứ hai"


def _missing_version_text() -> str:
    with translation.override("vi"):
        return translation.gettext(
            "This form is out of date: it does not say which version of the record you "
            "edited. Nothing was saved: reload the page and make your changes again."
        )


def test_an_edit_without_the_version_is_refused_not_saved_blindly(world):
    from awards.models import Nomination

    objects = world["objects"]
    nomination = Nomination.objects.get(
        nominating_organisation=objects["school_org"], status="draft"
    )
    assessment = objects["assessment"]
    field, result = _justification_field(assessment)
    cases = [
        (world["clients"]["admin"], "programme:commitment-edit", objects["commitment"], "title"),
        (world["clients"]["principal"], "awards:nomination-edit", nomination, "summary"),
        (world["clients"]["principal"], "units:assessment-edit", result, field),
    ]
    for client, name, obj, attribute in cases:
        pk = assessment.pk if name == "units:assessment-edit" else obj.pk
        url = reverse(name, args=[pk])
        data = form_data(rendered_form(client.get(url)))
        del data["version"]
        before = version_of(assessment if name == "units:assessment-edit" else obj)

        refused = client.post(url, {**data, attribute: "Bản không có phiên bản"})

        assert refused.status_code in (200, 400), name
        assert _missing_version_text() in refused.content.decode(), name
        assert version_of(assessment if name == "units:assessment-edit" else obj) == before, name
        obj.refresh_from_db()
        stored = obj.justification if name == "units:assessment-edit" else getattr(obj, attribute)
        assert stored != "Bản không có phiên bản", name


def test_services_check_the_version_again_under_the_row_lock(world):
    """The form's check runs before the row is locked; the services check once more on
    the locked row, so an edit committed in between is not overwritten either."""
    import pytest

    from awards import services as awards_services
    from awards.models import Nomination
    from units import services as units_services

    objects = world["objects"]
    principal = world["users"]["principal"]
    assessment = objects["assessment"]
    stale = version_of(assessment)
    units_services.assessment_save_results(assessment=assessment, by=principal, entries={})
    with pytest.raises(units_services.UnitsError) as refused:
        units_services.assessment_save_results(
            assessment=assessment, by=principal, entries={}, version=stale
        )
    assert refused.value.messages[0].startswith(_stale_start())
    units_services.assessment_save_results(
        assessment=assessment, by=principal, entries={}, version=version_of(assessment)
    )

    nomination = Nomination.objects.get(
        nominating_organisation=objects["school_org"], status="draft"
    )
    data = {f: getattr(nomination, f) for f in awards_services.NOMINATION_FIELDS}
    stale = version_of(nomination)
    awards_services.nomination_save(
        by=principal, data=awards_services.NominationData(**data), nomination=nomination
    )
    with pytest.raises(awards_services.AwardsError) as refused:
        awards_services.nomination_save(
            by=principal,
            data=awards_services.NominationData(**{**data, "summary": "Ghi đè"}),
            nomination=nomination,
            version=stale,
        )
    assert refused.value.messages[0].startswith(_stale_start())
    nomination.refresh_from_db()
    assert nomination.summary == data["summary"]


def test_programme_services_check_the_version_again_under_the_row_lock(world):
    import pytest

    from programme import services as programme_services
    from programme.models import Milestone, ProgressReport

    objects = world["objects"]
    admin = world["users"]["admin"]

    milestone = Milestone.objects.get(pk=objects["milestone"].pk)
    stale = version_of(milestone)
    programme_services.milestone_save(by=admin, milestone=milestone)  # someone else's save
    mine = Milestone.objects.get(pk=milestone.pk)
    mine.title = "Ghi đè"
    with pytest.raises(programme_services.ProgrammeError) as refused:
        programme_services.milestone_save(by=admin, milestone=mine, version=stale)
    assert refused.value.messages[0].startswith(_stale_start())
    assert Milestone.objects.get(pk=milestone.pk).title != "Ghi đè"
    programme_services.milestone_save(by=admin, milestone=mine, version=version_of(milestone))
    assert Milestone.objects.get(pk=milestone.pk).title == "Ghi đè"

    report = ProgressReport.objects.filter(status="draft").order_by("pk").first()
    stale = version_of(report)
    programme_services.report_update(by=admin, report=report, narrative="Bản thứ nhất")
    with pytest.raises(programme_services.ProgrammeError) as refused:
        programme_services.report_update(
            by=admin, report=report, narrative="Bản ghi đè", version=stale
        )
    assert refused.value.messages[0].startswith(_stale_start())
    report.refresh_from_db()
    assert report.narrative == "Bản thứ nhất"
