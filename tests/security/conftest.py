"""Shared fixtures of the security tests: the demo province, one user per role (plus a
reviewer of another area) and, for every object URL, an object inside the principal's
school and the reviewer's area, so the other principal and the other reviewer are
outsiders (IDOR checks)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from accounts.enums import OrganisationKind, Role
from accounts.models import Organisation
from tests.factories.accounts import user_with_role

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The order of the columns of the permission matrix.
ROLES = (
    "anonymous",
    "staff",
    "officer",
    "principal",
    "principal2",
    "reviewer",
    "reviewer2",
    "admin",
    "commune",
    "commune2",
)


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(media_root, demo):
    """Demo data plus the objects the matrix needs, and a logged-in client per role."""
    from awards.models import (
        Commendation,
        CouncilMember,
        Decision,
        DisciplineFlag,
        Nomination,
        NominationRound,
    )
    from notifications.models import Notification
    from programme.models import (
        Commitment,
        EvidenceFile,
        Indicator,
        LearningCityFeature,
        Milestone,
        Programme,
        ProgressReport,
    )
    from tests.factories.notifications import NotificationFactory, ReminderFactory
    from units.models import (
        Cycle,
        Framework,
        Recognition,
        RecognitionDecision,
        School,
        SelfAssessment,
    )

    users = dict(demo)
    school = Organisation.objects.get(code="SL-THCS-CHIENGLE")
    reviewer_org = Organisation.objects.get(code="VHXH-3646")
    other_office = (
        Organisation.objects.filter(kind=OrganisationKind.CULTURE_SOCIETY_OFFICE)
        .exclude(area=reviewer_org.area)
        .order_by("code")
        .first()
    )
    users["reviewer2"] = user_with_role(Role.TIER_REVIEWER, other_office, username="reviewer2")
    # the secretary of another commune's Association branch (Phường Chiềng An)
    users["commune2"] = user_with_role(
        Role.COMMUNE_SECRETARY, Organisation.objects.get(code="HKH-3667"), username="commune2"
    )

    assessment = SelfAssessment.objects.filter(school__organisation=school).order_by("pk").first()
    commitment = Commitment.objects.order_by("pk").first()
    report = ProgressReport.objects.filter(commitment=commitment).order_by("pk").first() or (
        ProgressReport.objects.order_by("pk").first()
    )
    nomination = Nomination.objects.filter(nominating_organisation=school).order_by("-pk").first()
    objects = {
        "school_org": school,
        "assessment": assessment,
        "commitment": commitment,
        "indicator": Indicator.objects.filter(commitment=commitment).order_by("pk").first(),
        "milestone": Milestone.objects.filter(commitment=commitment).order_by("pk").first(),
        "report": report,
        "evidence_file": EvidenceFile.objects.order_by("pk").first(),
        "programme": Programme.objects.order_by("pk").first(),
        "feature": LearningCityFeature.objects.order_by("pk").first(),
        "school": School.objects.get(organisation=school),
        "framework": Framework.objects.order_by("pk").first(),
        "cycle": assessment.cycle,
        "recognition_decision": RecognitionDecision.objects.order_by("pk").first(),
        "recognition": Recognition.objects.filter(school__organisation=school)
        .exclude(certificate_code="")
        .order_by("pk")
        .first(),
        "nomination": nomination,
        "document": nomination.documents.order_by("pk").first(),
        "round": nomination.round,
        "award_decision": Decision.objects.order_by("pk").first(),
        "higher_body": Organisation.objects.get(code="UBND-14"),
        "council_member": CouncilMember.objects.filter(
            council__organisation=Decision.objects.order_by("pk").first().issuing_organisation
        )
        .order_by("pk")
        .first(),
        "commendation": Commendation.objects.order_by("pk").first(),
        "discipline": DisciplineFlag.objects.order_by("pk").first(),
        "notification": NotificationFactory(recipient=users["principal"]),
        "reminder": ReminderFactory(recipient=users["principal"]),
        "unit_evidence": _unit_evidence(assessment, users["principal"]),
        "round_obj": NominationRound.objects.order_by("pk").first(),
        "notification_model": Notification,
        "cycle_any": Cycle.objects.order_by("pk").first(),
        "import_job": _import_job(users["staff"]),
        "export_job": _export_job(users["staff"]),
        **_society_objects(),
    }
    # every file-serving URL has a file to serve
    for obj, field in (
        (objects["assessment"], "request_document"),
        (objects["recognition_decision"], "document"),
        (objects["feature"], "evidence_file"),
    ):
        if not getattr(obj, field):
            getattr(obj, field).save("tep.pdf", ContentFile(PDF_BYTES), save=False)
            type(obj).objects.filter(pk=obj.pk).update(**{field: getattr(obj, field).name})
    clients = {"anonymous": Client(raise_request_exception=False)}
    for role in ROLES[1:]:
        client = Client(raise_request_exception=False)
        client.force_login(users[role])
        clients[role] = client
    return {"users": users, "objects": objects, "clients": clients}


def _society_objects() -> dict:
    """Phường Tô Hiệu's 2025 return (the demo secretary ``commune``'s), its round and form."""
    from society.models import CommuneReturn

    ret = CommuneReturn.objects.select_related("round__commune_form").get(
        round__year=2025, area__code="3646"
    )
    form = ret.round.commune_form
    return {
        "society_return": ret,
        "society_round": ret.round,
        "society_form": form,
        "society_field": form.fields.order_by("pk").first(),
        "society_rule": form.rules.order_by("pk").first(),
    }


def _unit_evidence(assessment, user):
    from units.models import Evidence

    evidence = Evidence(assessment=assessment, uploaded_by=user, title="Minh chứng")
    evidence.file.save("evidence.pdf", ContentFile(PDF_BYTES), save=False)
    evidence.save()
    return evidence


def _import_job(user):
    """A finished background dry run of staff's (only its author may open it)."""
    from django.core.files.base import ContentFile

    from units.models import ImportJob

    return ImportJob.objects.create(
        kind="schools",
        user=user,
        file=ContentFile(b"code,name\n", name="schools.csv"),
        state="done",
    )


def _export_job(user):
    """A finished large export of staff's (only its owner may download it)."""
    from django.core.files.base import ContentFile

    from learnsociety.models import ExportJob

    job = ExportJob.objects.create(
        user=user, path="/units/schools/?export=xlsx", filename="schools.csv", state="done"
    )
    job.file.save("schools.csv", ContentFile(b"code,name\n"))
    return job
