"""Exports of the list pages: streamed, filtered like the page, scoped to what the user may
see; 20,000 rows stream without being held in memory."""

import csv
import io
import tracemalloc

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from accounts.enums import OrganisationKind, Role, Tier
from accounts.models import Organisation
from awards.models import Commendation, Nomination
from awards.selectors import nominations_visible_to
from tests.factories.accounts import user_with_role
from units.models import School, SelfAssessment


def _csv_rows(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx_rows(response) -> list[tuple]:
    assert isinstance(response, FileResponse)
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return list(book.active.iter_rows(values_only=True))


def test_schools_export_follows_the_filters_in_both_formats(demo, client):
    client.force_login(demo["staff"])
    response = client.get("/dashboard/export/schools/?tier=provincial&format=csv")
    rows = _csv_rows(response)
    expected = School.objects.filter(organisation__tier=Tier.PROVINCIAL).count()
    with translation.override("vi"):
        assert rows[0][:2] == [gettext("Official code"), gettext("School")]
        assert {r[3] for r in rows[1:]} == {str(Tier.PROVINCIAL.label)}
    assert len(rows) - 1 == expected > 0
    assert response["Content-Disposition"] == 'attachment; filename="schools.csv"'

    response = client.get("/dashboard/export/schools/?tier=provincial&format=xlsx")
    sheet = _xlsx_rows(response)
    assert len(sheet) - 1 == expected
    assert sorted(r[1] for r in sheet[1:]) == sorted(r[1] for r in rows[1:])


def test_every_list_exports_for_staff(demo, client):
    client.force_login(demo["staff"])
    counts = {
        "commitments": 7,
        "schools": School.objects.count(),
        "assessments": SelfAssessment.objects.count(),
        "nominations": nominations_visible_to(demo["staff"]).count(),
        "commendations": Commendation.objects.filter(revoked=False).count(),
    }
    from awards.models import DisciplineFlag
    from programme.models import ProgressReport
    from units.models import Cycle

    counts.update(
        {
            "reports": ProgressReport.objects.count(),
            "cycles": Cycle.objects.count(),
            "discipline": DisciplineFlag.objects.count(),
        }
    )
    for name, expected in counts.items():
        rows = _csv_rows(client.get(f"/dashboard/export/{name}/"))
        assert len(rows) - 1 == expected, name
        sheet = _xlsx_rows(client.get(f"/dashboard/export/{name}/?format=xlsx"))
        assert len(sheet) - 1 == expected, name
    rows = _csv_rows(client.get("/dashboard/export/commitments/?status=overdue"))
    from django.utils import timezone

    from dashboard.figures import commitment_statuses

    assert len(rows) - 1 == commitment_statuses(timezone.localdate())["overdue"]


def test_exports_are_scoped_to_what_the_user_may_see(demo, client):
    principal = demo["principal"]
    client.force_login(principal)
    rows = _csv_rows(client.get("/dashboard/export/assessments/"))
    school_ids = [m.organisation_id for m in principal.memberships.all()]
    own = SelfAssessment.objects.filter(school_id__in=school_ids)
    assert len(rows) - 1 == own.count() > 0
    names = {r[2] for r in rows[1:]}
    assert names == {a.school.organisation.name for a in own}
    rows = _csv_rows(client.get("/dashboard/export/nominations/"))
    assert len(rows) - 1 == nominations_visible_to(principal).count()
    assert len(rows) - 1 < Nomination.objects.count()
    # Lists the principal has no access to answer "not found".
    assert client.get("/dashboard/export/schools/").status_code == 404
    assert client.get("/dashboard/export/commendations/").status_code == 404
    assert client.get("/dashboard/export/unknown/").status_code == 404

    client.force_login(demo["reviewer"])
    assert client.get("/dashboard/export/commendations/").status_code == 404
    rows = _csv_rows(client.get("/dashboard/export/assessments/"))
    reviewer_area = demo["reviewer"].memberships.get().organisation.area_id
    assert (
        len(rows) - 1
        == SelfAssessment.objects.filter(school__organisation__area_id=reviewer_area)
        .exclude(school__organisation__tier=Tier.PROVINCIAL)
        .count()
    )

    client.logout()
    response = client.get("/dashboard/export/schools/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_twenty_thousand_rows_stream_without_being_held_in_memory(client, settings):
    from units import selectors

    # The streamed path (a deployment may raise the background threshold above the rows).
    settings.EXPORT_BACKGROUND_ROWS = 50_000

    staff = user_with_role(Role.DEPARTMENT_STAFF)
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Trường Trung học cơ sở số {i:05d} xã Chiềng Lề, thành phố Sơn La",
                kind=OrganisationKind.SCHOOL,
                tier=Tier.DISTRICT,
                code=f"EXP-{i:05d}",
            )
            for i in range(20_000)
        ],
        batch_size=2000,
    )
    School.objects.bulk_create(
        [School(organisation_id=o.pk, education_level="lower_secondary") for o in orgs],
        batch_size=2000,
    )
    client.force_login(staff)

    # What holding every row would cost: the page's queryset materialised.
    tracemalloc.start()
    materialised = list(selectors.schools_list())
    _size, held_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(materialised) == 20_000
    del materialised

    response = client.get("/dashboard/export/schools/?format=csv")
    assert isinstance(response, StreamingHttpResponse)
    tracemalloc.start()
    lines = 0
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")
    _size, stream_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert lines == 20_001
    assert stream_peak < held_peak / 4, (stream_peak, held_peak)

    tracemalloc.start()
    response = client.get("/dashboard/export/schools/?format=xlsx")
    _size, xlsx_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert isinstance(response, FileResponse)
    assert xlsx_peak < held_peak / 2, (xlsx_peak, held_peak)
    sheet = _xlsx_rows(response)
    assert len(sheet) == 20_001


def test_review_queue_export_has_the_rows_of_the_page(demo, client):
    from units.enums import AWAITING_REVIEW
    from units.selectors import review_queue_for

    for username in ("reviewer", "staff"):
        user = demo[username]
        client.force_login(user)
        rows = _csv_rows(client.get("/dashboard/export/assessments/?queue=1"))
        waiting = review_queue_for(user).filter(status__in=list(AWAITING_REVIEW))
        assert len(rows) - 1 == waiting.count(), username
        page = client.get("/units/review/")
        assert len(rows) - 1 == page.context["page_obj"].paginator.count
        rows = _csv_rows(client.get("/dashboard/export/assessments/?queue=1&status=returned"))
        assert len(rows) - 1 == review_queue_for(user).filter(status="returned").count()
    client.force_login(demo["principal"])
    assert client.get("/dashboard/export/assessments/?queue=1").status_code == 404


def test_every_list_page_links_its_filtered_export(demo, client):
    import re

    pages = [
        ("staff", "/programme/?status=overdue", "commitments"),
        ("staff", "/units/schools/?tier=provincial&page=1", "schools"),
        ("reviewer", "/units/review/?status=returned", "assessments"),
        ("officer", "/awards/nominations/?status=in_review", "nominations"),
        ("officer", "/awards/register/?nominee_kind=individual", "commendations"),
    ]
    for username, url, name in pages:
        client.force_login(demo[username])
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        links = re.findall(r'href="(/dashboard/export/[^"]+)"', html)
        assert len(links) == 2, url
        csv_link = next(link for link in links if "format=csv" in link).replace("&amp;", "&")
        assert f"/dashboard/export/{name}/" in csv_link
        assert "page=" not in csv_link
        rows = _csv_rows(client.get(csv_link))
        if name == "commitments":
            expected = sum(n for _label, _badge, n in page.context["status_counts"])
        else:
            expected = page.context["page_obj"].paginator.count
        assert len(rows) - 1 == expected > 0, url


def test_reports_cycles_coverage_and_discipline_export_what_their_pages_show(demo, client):
    from django.utils import timezone

    from awards.models import DisciplineFlag
    from programme.enums import ReportStatus
    from programme.models import ProgressReport
    from units import selectors
    from units.models import Cycle

    client.force_login(demo["staff"])
    accepted = ProgressReport.objects.filter(status=ReportStatus.ACCEPTED)
    rows = _csv_rows(client.get("/dashboard/export/reports/?status=accepted"))
    with translation.override("vi"):
        assert rows[0][:5] == [
            gettext("Commitment"),
            gettext("Commitment title"),
            gettext("Reporting period"),
            gettext("Year"),
            gettext("Status"),
        ]
        assert {r[4] for r in rows[1:]} == {str(ReportStatus.ACCEPTED.label)}
    assert len(rows) - 1 == accepted.count() > 0

    # Cycles: counts are numbers in the workbook, not text.
    sheet = _xlsx_rows(client.get("/dashboard/export/cycles/?format=xlsx"))
    cycle = Cycle.objects.order_by("-year", "tier").first()
    assert sheet[1][0] == cycle.year
    assert sheet[1][8] == cycle.assessments.count()
    assert all(isinstance(r[8], int) for r in sheet[1:])

    # Coverage of a chosen year: one row per area, tier and level, like the page's table.
    year = Cycle.objects.order_by("year").first().year
    expected = selectors.coverage(list(Cycle.objects.filter(year=year)), timezone.localdate())
    sheet = _xlsx_rows(client.get(f"/dashboard/export/coverage/?year={year}&format=xlsx"))
    assert [(r[0], r[1], r[4], r[6]) for r in sheet[1:]] == [
        (year, e["area"], e["schools"], e["recognised"]) for e in expected
    ]

    DisciplineFlag.objects.create(
        organisation=demo["principal"].memberships.first().organisation,
        person_name="Lò Văn Kỷ",
        reason="Đang bị xem xét kỷ luật",
        created_by=demo["staff"],
    )
    rows = _csv_rows(client.get("/dashboard/export/discipline/"))
    assert [r[1] for r in rows[1:]].count("Lò Văn Kỷ") == 1


@pytest.mark.parametrize("name", ["cycles", "coverage", "discipline"])
def test_new_exports_answer_404_to_principals(demo, client, name):
    client.force_login(demo["principal"])
    assert client.get(f"/dashboard/export/{name}/").status_code == 404


def test_each_list_page_has_one_export(demo, client):
    client.force_login(demo["staff"])
    for url in (
        "/units/schools/",
        "/awards/register/",
        "/programme/reports/",
        "/units/cycles/",
        "/units/coverage/",
        "/awards/discipline/",
    ):
        html = client.get(url).content.decode()
        exports = (html.count('data-testid="export-links"'), html.count("format=xlsx"))
        assert (url, *exports) == (url, 1, 1)
