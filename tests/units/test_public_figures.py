"""The public Learning Units figures (``units.public``, cached by generation) equal a direct
recount from the database after every kind of write that changes them: a recognition
decision, a revocation, a reopened dossier, a school import, a past-recognitions import and
a school move. Each test reads the figures first, so that the write must start a new
generation for the page to show it."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import AdministrativeArea, User
from dashboard.models import PublicSite
from units import public, services
from units.imports import import_recognitions, import_schools
from units.models import Recognition, School, SelfAssessment
from units.selectors import areas_on


@pytest.fixture
def published(demo):
    site = PublicSite.load()
    site.show_learning_units = True
    site.save()
    return demo


def _shown(*, by_today: bool) -> Counter:
    """{(area name, year): recognised schools} as the page's table gives them."""
    table = public.table(by_today=by_today)
    shown = Counter()
    for area, per_year, total in table["rows"]:
        assert sum(per_year) == total
        for year, n in zip(table["years"], per_year, strict=True):
            if n:
                shown[(area, year)] = n
    assert table["totals"] == [
        sum(n for (_a, y), n in shown.items() if y == year) for year in table["years"]
    ]
    return shown


def _recount(*, by_today: bool) -> Counter:
    """The same figures counted row by row: each recognition in force, under its school's
    area today or on 31 December of its year (``areas_on``, the placement the dossiers
    use), not through the page's grouped query."""
    names = dict(AdministrativeArea.objects.values_list("pk", "name"))
    rows = list(
        Recognition.objects.filter(revoked=False).values_list(
            "school_id", "year", "school__organisation__area_id"
        )
    )
    counted = Counter()
    placed: dict[int, dict[int, int | None]] = {}
    for school_id, year, area_today in rows:
        if by_today:
            area = area_today
        else:
            if year not in placed:
                placed[year] = areas_on(date(year, 12, 31))
            area = placed[year].get(school_id)
        counted[(names.get(area, ""), year)] += 1
    return counted


def _both() -> tuple[Counter, Counter]:
    return _shown(by_today=False), _shown(by_today=True)


def _assert_equal_to_recount(before: tuple[Counter, Counter]) -> None:
    after = _both()
    assert after == (_recount(by_today=False), _recount(by_today=True))
    assert after != before  # the write changed the figures: the cache did not hide it


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("rows.csv", text.encode("utf-8"))


def test_figures_equal_a_recount_on_the_demo_data(published):
    assert _both() == (_recount(by_today=False), _recount(by_today=True))


def test_figures_equal_a_recount_after_a_recognition_decision(published):
    assessment = SelfAssessment.objects.filter(
        status="verified", cycle__authority__isnull=False, verified_outcome__gt=""
    ).first()
    before = _both()
    services.decision_record(
        cycle=assessment.cycle,
        by=User.objects.get(username="staff"),
        number="77/QĐ-SGDĐT",
        decided_on=timezone.localdate(),
        signer="Nguyễn Văn Thành",
        entries=[(assessment.pk, assessment.verified_outcome)],
    )
    _assert_equal_to_recount(before)


def test_figures_equal_a_recount_after_a_revocation(published):
    # No service revokes a recognition yet: the administration's edit of the row is the path.
    recognition = Recognition.objects.filter(revoked=False).order_by("pk").first()
    before = _both()
    recognition.revoked = True
    recognition.save()
    _assert_equal_to_recount(before)


def test_figures_equal_a_recount_after_a_reopened_dossier(published):
    # Late permission for a draft changes no recognition: the figures stay the recount.
    draft = SelfAssessment.objects.filter(status="draft").order_by("pk").first()
    before = _both()
    services.assessment_reopen(
        assessment=draft,
        by=User.objects.get(username="admin"),
        until=timezone.localdate() + timedelta(days=7),
    )
    assert _both() == before == (_recount(by_today=False), _recount(by_today=True))


def test_figures_equal_a_recount_after_a_school_import_moves_a_school(published):
    school = School.objects.select_related("organisation").get(
        organisation__code="SL-THCS-CHIENGLE"
    )
    before = _both()
    report = import_schools(
        _csv(
            "code,name,education_level,tier,area_code,year,staff,learners\n"
            f"SL-THCS-CHIENGLE,{school.organisation.name},{school.education_level},"
            f"{school.organisation.tier},3667,,,\n"
        ),
        dry_run=False,
    )
    assert ([row.errors for row in report.rows], report.written) == ([[]], True)
    _assert_equal_to_recount(before)


def test_figures_equal_a_recount_after_a_recognitions_import(published):
    before = _both()
    report = import_recognitions(
        _csv(
            "year,school_code,framework,outcome,decision_number,decision_date\n"
            "2019,SL-TH-TOHIEU,TT22-2020,good,125/QĐ-UBND,20/02/2020\n"
        ),
        dry_run=False,
    )
    assert ([row.errors for row in report.rows], report.written) == ([[]], True)
    _assert_equal_to_recount(before)


def test_figures_equal_a_recount_after_a_school_move(published):
    school = School.objects.select_related("organisation").get(organisation__code="SL-TH-TOHIEU")
    before = _both()
    moved = services.school_move(
        school=school,
        area=AdministrativeArea.objects.get(code="3667"),
        effective=timezone.localdate(),
    )
    assert moved is True
    _assert_equal_to_recount(before)
