"""Home panel, navigation, learning-city checklist, edit forms, permissions by role,
notifications and the demo loader."""

import sys
import types
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from learnsociety.concurrency import version_of
from notifications.models import Notification
from programme import services
from programme.enums import (
    Area,
    ComputedSource,
    FeatureStatus,
    Party,
    PeriodKind,
    ReportStatus,
    Source,
    Unit,
)
from programme.models import (
    Commitment,
    EvidenceFile,
    Indicator,
    LearningCityFeature,
    Milestone,
    ProgressReport,
)
from tests.factories.accounts import OrganisationFactory, user_with_role
from tests.factories.programme import (
    PDF_BYTES,
    CommitmentFactory,
    FeatureFactory,
    IndicatorFactory,
    MilestoneFactory,
    ProgressReportFactory,
)

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 3, 1, 9, 0, tzinfo=TZ), tick=False)


def test_home_panel_lists_next_actions_for_staff(client, programme, staff, officer):
    doet = CommitmentFactory(programme=programme, lead_party=Party.DOET, code="3")
    MilestoneFactory(commitment=doet, title="Khảo sát quá hạn", due_date=date(2026, 2, 1))
    association = CommitmentFactory(programme=programme, lead_party=Party.ASSOCIATION, code="4")
    MilestoneFactory(commitment=association, title="Việc của Hội", due_date=date(2026, 2, 1))
    joint = CommitmentFactory(programme=programme, lead_party=Party.JOINT, code="1")
    ProgressReportFactory(
        commitment=joint,
        year=2025,
        status=ReportStatus.SUBMITTED,
        author_party=Party.ASSOCIATION,
        created_by=officer,
    )
    ProgressReportFactory(
        commitment=doet, period=PeriodKind.HALF_YEAR, year=2026, status=ReportStatus.RETURNED
    )
    client.force_login(staff)

    panel = next(
        p
        for p in client.get(reverse("home")).context["panels"]
        if p["template"] == "programme/_home_panel.html"
    )

    assert [m.title for m in panel["overdue"]] == ["Khảo sát quá hạn"]
    assert [(r.commitment.code, r.year) for r in panel["to_review"]] == [("1", 2025)]
    assert [(r.commitment.code, r.status) for r in panel["to_submit"]] == [("3", "returned")]


def test_home_panel_only_for_programme_parties(client, programme, officer, principal):
    client.force_login(officer)
    templates = [p["template"] for p in client.get(reverse("home")).context["panels"]]
    assert "programme/_home_panel.html" in templates
    for role in (Role.PRINCIPAL, Role.TIER_REVIEWER):
        client.force_login(user_with_role(role))
        templates = [p["template"] for p in client.get(reverse("home")).context["panels"]]
        assert "programme/_home_panel.html" not in templates


@pytest.mark.parametrize("role", [r for r, _label in Role.choices])
def test_nav_entry_for_every_role(client, programme, role):
    client.force_login(user_with_role(role))
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("programme:overview")}" data-testid="nav-programme"' in page


ROLE_CAN_EDIT = {
    # role: lead parties that role may edit
    Role.DEPARTMENT_STAFF: {Party.DOET, Party.JOINT},
    Role.ASSOCIATION_OFFICER: {Party.ASSOCIATION, Party.JOINT},
    Role.ADMINISTRATOR: {Party.DOET, Party.ASSOCIATION, Party.JOINT},
    Role.PRINCIPAL: set(),
    Role.TIER_REVIEWER: set(),
}


@pytest.mark.parametrize("role", list(ROLE_CAN_EDIT))
def test_permission_matrix_over_urls_and_roles(client, programme, role):
    user = user_with_role(role)
    client.force_login(user)
    for party in Party.values:
        commitment = CommitmentFactory(programme=programme, lead_party=party)
        indicator = IndicatorFactory(commitment=commitment)
        milestone = MilestoneFactory(commitment=commitment)
        report = ProgressReportFactory(commitment=commitment)
        readable = [
            reverse("programme:overview"),
            commitment.get_absolute_url(),
            report.get_absolute_url(),
            reverse("programme:report-list"),
            reverse("programme:target-vs-actual"),
        ]
        writable = [
            reverse("programme:commitment-edit", args=[commitment.pk]),
            reverse("programme:indicator-create", args=[commitment.pk]),
            reverse("programme:indicator-edit", args=[indicator.pk]),
            reverse("programme:milestone-create", args=[commitment.pk]),
            reverse("programme:milestone-edit", args=[milestone.pk]),
            reverse("programme:report-create", args=[commitment.pk]),
            reverse("programme:report-edit", args=[report.pk]),
        ]
        assert [client.get(url).status_code for url in readable] == [200] * len(readable)
        expected = 200 if party in ROLE_CAN_EDIT[role] else 404
        assert [client.get(url).status_code for url in writable] == [expected] * len(writable), (
            party
        )


def test_admin_edits_indicator_and_history_records_it(client, programme, admin_user):
    indicator = IndicatorFactory(
        commitment__programme=programme,
        commitment__lead_party=Party.ASSOCIATION,
        unit=Unit.PERCENTAGE,
        target_2025=Decimal(80),
    )
    client.force_login(admin_user)
    data = {
        "code": indicator.code,
        "name": "Tỷ lệ mới",
        "unit": "percentage",
        "direction": "increase",
        "source": "computed",
        "computed_source": ComputedSource.RECOGNISED_SHARE,
        "target_2025": "85",
        "target_final": "90",
        "version": version_of(indicator),
    }
    response = client.post(reverse("programme:indicator-edit", args=[indicator.pk]), data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.target_2025, indicator.source) == (
        "Tỷ lệ mới",
        Decimal(85),
        Source.COMPUTED,
    )
    assert [h.history_user for h in indicator.history.all()] == [admin_user, None]


def test_computed_indicator_without_data_shows_no_data_yet(
    client, programme, principal, monkeypatch
):
    module = types.ModuleType("awards.indicators")
    module.commendations_granted = lambda year: None
    monkeypatch.setitem(sys.modules, "awards.indicators", module)
    commitment = CommitmentFactory(programme=programme)
    IndicatorFactory(
        commitment=commitment,
        source=Source.COMPUTED,
        computed_source=ComputedSource.COMMENDATIONS_GRANTED,
    )
    client.force_login(principal)
    response = client.get(commitment.get_absolute_url())
    series = response.context["series"][0]["series"]
    assert [actual for _year, _target, actual in series.points] == [None] * 7
    assert response.content.decode().count("chưa có dữ liệu") == 3  # 2024, 2025, 2026


def test_learning_city_checklist_feeds_its_indicator(client, programme, staff, principal):
    commitment = CommitmentFactory(
        programme=programme, area=Area.LEARNING_CITY, lead_party=Party.JOINT, code="7"
    )
    IndicatorFactory(
        commitment=commitment,
        unit=Unit.PERCENTAGE,
        source=Source.COMPUTED,
        computed_source=ComputedSource.LEARNING_CITY_SHARE,
    )
    FeatureFactory(commitment=commitment, status=FeatureStatus.IN_PLACE)
    client.force_login(principal)
    assert client.get(reverse("programme:feature-create")).status_code == 404

    client.force_login(staff)
    response = client.post(
        reverse("programme:feature-create"),
        {
            "theme": "families",
            "title": "Trung tâm học tập cộng đồng",
            "status": "in_progress",
            "evidence_note": "Báo cáo của phường",
            "evidence_file": SimpleUploadedFile("bao-cao.pdf", PDF_BYTES),
            "position": "1",
        },
    )
    assert response.status_code == 302
    feature = LearningCityFeature.objects.get(title="Trung tâm học tập cộng đồng")
    assert feature.group == "building_block"
    page = client.get(reverse("programme:learning-city"))
    assert (page.context["total"], page.context["in_place"], page.context["share"]) == (2, 1, 50)
    detail = client.get(commitment.get_absolute_url())
    points = detail.context["series"][0]["series"].points
    assert points[2] == (2026, Decimal(140), Decimal("50.0"))
    html = detail.content.decode()
    assert html.count('<rect class="chart-target"') == 3  # targets 2024–2026
    assert html.count('<circle class="chart-actual"') == 1  # 2026 only: no history before
    download = client.get(reverse("programme:feature-evidence", args=[feature.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_report_workflow_notifies_reviewers_and_author(
    programme, staff, officer, django_capture_on_commit_callbacks
):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.JOINT)
    report = ProgressReportFactory(
        commitment=commitment, author_party=Party.ASSOCIATION, created_by=officer
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(by=officer, report=report)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
        staff.username
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.report_accept(by=staff, report=report)
    assert list(Notification.objects.filter(recipient=officer).values_list("title", flat=True)) == [
        "Báo cáo tiến độ của bạn đã được chấp nhận"
    ]


def test_report_create_saves_nothing_when_a_value_is_out_of_range(programme, officer):
    commitment = CommitmentFactory(programme=programme, lead_party=Party.JOINT)
    indicator = IndicatorFactory(commitment=commitment, unit=Unit.PERCENTAGE)
    with pytest.raises(services.ProgrammeError) as error:
        services.report_create(
            by=officer,
            commitment=commitment,
            period=PeriodKind.YEAR,
            year=2025,
            narrative="x",
            values=[services.ValueInput(indicator=indicator, value=Decimal(120))],
            files=[SimpleUploadedFile("a.pdf", PDF_BYTES)],
        )
    assert list(error.value.error_dict) == [f"value_{indicator.pk}"]
    assert (ProgressReport.objects.count(), EvidenceFile.objects.count()) == (0, 0)


def test_demo_is_idempotent_and_has_the_seven_commitments(demo):
    counts = (
        Commitment.objects.count(),
        Indicator.objects.count(),
        Milestone.objects.count(),
        ProgressReport.objects.count(),
        LearningCityFeature.objects.count(),
        EvidenceFile.objects.count(),
    )
    call_command("load_demo", "--force", verbosity=0)
    again = (
        Commitment.objects.count(),
        Indicator.objects.count(),
        Milestone.objects.count(),
        ProgressReport.objects.count(),
        LearningCityFeature.objects.count(),
        EvidenceFile.objects.count(),
    )
    assert counts == again
    assert counts[0] == 7
    assert sorted(set(ProgressReport.objects.values_list("status", flat=True))) == [
        "accepted",
        "draft",
        "returned",
        "submitted",
    ]
    assert dict(Commitment.objects.values_list("code", "lead_party")) == {
        "1": "joint",
        "2": "association",
        "3": "doet",
        "4": "association",
        "5": "doet",
        "6": "joint",
        "7": "joint",
    }


def test_administrator_uploads_the_signed_document(client, programme, admin_user, staff):
    client.force_login(staff)
    assert client.get(reverse("programme:programme-edit", args=[programme.pk])).status_code == 404
    client.force_login(admin_user)
    doet = OrganisationFactory(kind=OrganisationKind.DEPARTMENT)
    association = OrganisationFactory(kind=OrganisationKind.ASSOCIATION)
    data = {
        "parties": [doet.pk, association.pk],
        "title_vi": programme.title_vi,
        "title_en": programme.title_en,
        "start_year": "2024",
        "end_year": "2030",
        "signed_on": "2024-01-03",
    }
    bad = client.post(
        reverse("programme:programme-edit", args=[programme.pk]),
        {**data, "signed_document": SimpleUploadedFile("ban-ky.exe", b"MZ\x90")},
    )
    assert list(bad.context["form"].errors) == ["signed_document"]
    response = client.post(
        reverse("programme:programme-edit", args=[programme.pk]),
        {**data, "signed_document": SimpleUploadedFile("ban-ky.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.signed_document.name.endswith("/ban-ky.pdf")
    assert set(programme.parties.all()) == {doet, association}
    download = client.get(reverse("programme:signed-document", args=[programme.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_pages_keep_to_the_strict_csp(client, programme, officer):
    """No inline style, script or event handler on any programme page."""
    commitment = CommitmentFactory(
        programme=programme, lead_party=Party.JOINT, area=Area.LEARNING_CITY
    )
    indicator = IndicatorFactory(commitment=commitment)
    milestone = MilestoneFactory(commitment=commitment)
    report = ProgressReportFactory(commitment=commitment, author_party=Party.ASSOCIATION)
    FeatureFactory(commitment=commitment)
    client.force_login(officer)
    urls = [
        reverse("programme:overview"),
        commitment.get_absolute_url(),
        reverse("programme:commitment-edit", args=[commitment.pk]),
        reverse("programme:indicator-edit", args=[indicator.pk]),
        reverse("programme:milestone-edit", args=[milestone.pk]),
        report.get_absolute_url(),
        reverse("programme:report-edit", args=[report.pk]),
        reverse("programme:report-create", args=[commitment.pk]),
        reverse("programme:report-list"),
        reverse("programme:learning-city"),
        reverse("programme:feature-create"),
        reverse("programme:target-vs-actual"),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert (url, html.count(" style="), html.count("<script>"), html.count(" onclick=")) == (
            url,
            0,
            0,
            0,
        )


def test_demo_targets_are_plausible_against_baselines_and_the_demo_figures(demo):
    """A target never sits below the value already reached (baseline), and the honours
    indicator's target is in proportion to what the demo's rounds grant."""
    from programme import computed

    for indicator in Indicator.objects.exclude(baseline_value=None).filter(direction="increase"):
        targets = [
            getattr(indicator, f"target_{y}")
            for y in range(2024, 2031)
            if getattr(indicator, f"target_{y}") is not None
        ]
        assert targets, indicator.code
        assert min(targets) >= indicator.baseline_value, indicator.code
    honours = Indicator.objects.get(code="6.1")
    granted = computed.compute(honours.computed_source, 2025)
    assert granted
    assert honours.target_2025 / 2 <= granted <= honours.target_2025 * 2
