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

from .matrix import ROLES
from .pages import existing_objects

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(media_root, demo):
    """Demo data plus the objects the matrix needs, and a logged-in client per role."""
    from awards.models import NominationRound
    from notifications.models import Notification
    from tests.factories.notifications import NotificationFactory, ReminderFactory
    from units.models import Cycle

    users = dict(demo)
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

    # Department staff of another province (Lai Châu) (issue 18).
    from accounts.areas import areas_load
    from accounts.enums import Tier
    from accounts.models import AdministrativeArea

    areas_load(province_codes=[12])
    lai_chau = Organisation.objects.create(
        name="Sở Giáo dục và Đào tạo tỉnh Lai Châu",
        kind=OrganisationKind.DEPARTMENT,
        tier=Tier.PROVINCIAL,
        area=AdministrativeArea.objects.get(code="12"),
    )
    users["staff_lc"] = user_with_role(Role.DEPARTMENT_STAFF, lai_chau, username="staff_lc")
    # users["national"]: the demo's national viewer (the Ministry).

    objects = existing_objects()
    objects.update(
        {
            "notification": NotificationFactory(recipient=users["principal"]),
            "reminder": ReminderFactory(recipient=users["principal"]),
            "unit_evidence": _unit_evidence(objects["assessment"], users["principal"]),
            "round_obj": NominationRound.objects.order_by("pk").first(),
            "notification_model": Notification,
            "cycle_any": Cycle.objects.order_by("pk").first(),
            "import_job": _import_job(users["staff"]),
            "export_job": _export_job(users["staff"]),
        }
    )
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
