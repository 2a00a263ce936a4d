from datetime import date

import pytest
import time_machine

from accounts.enums import Role
from tests.factories.accounts import user_with_role
from tests.factories.units import CycleFactory, school_with_people
from units import services
from units.enums import CriterionKind
from units.outcomes import Value


@pytest.fixture(autouse=True)
def _in_the_2025_cycle():
    # Inside the 2025 cycle, before its 15 January 2026 deadline.
    with time_machine.travel(date(2025, 12, 1), tick=False):
        yield


@pytest.fixture
def setting(db):
    """A district-tier lower-secondary school (40 staff) in an open 2025 cycle under
    Circular 24/2023, with its principal, the area's reviewer and DOET staff."""
    from demo.units import ensure_frameworks

    # A transactional test run earlier empties the tables, data migrations included.
    ensure_frameworks()
    school, principal, reviewer = school_with_people()
    cycle = CycleFactory()
    staff = user_with_role(Role.DEPARTMENT_STAFF)
    return {
        "school": school,
        "principal": principal,
        "reviewer": reviewer,
        "cycle": cycle,
        "staff": staff,
    }


def level1_entries(assessment, *, share: int = 38, total: int = 40) -> dict:
    """Results meeting Level 1 (and not Level 2, since 3.5 is 'no')."""
    entries = {}
    for result in assessment.results.select_related("criterion"):
        c = result.criterion
        if c.kind == CriterionKind.YES_NO:
            value = Value(answer=c.is_required)
        elif c.kind == CriterionKind.THRESHOLD:
            value = Value(numerator=share, denominator=total)
        else:
            value = Value(points=c.max_points)
        entries[c.id] = services.Entry(value=value, justification=f"Giải trình {c.code}")
    return entries


@pytest.fixture
def filled(setting, tmp_path):
    """The school's assessment filled at Level 1 with both dossier documents attached."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    assessment = services.assessment_start(
        school=setting["school"], cycle=setting["cycle"], by=setting["principal"]
    )
    services.assessment_save_results(
        assessment=assessment, by=setting["principal"], entries=level1_entries(assessment)
    )
    pdf = b"%PDF-1.4\n%%EOF\n"
    services.assessment_attach_documents(
        assessment=assessment,
        by=setting["principal"],
        request_document=SimpleUploadedFile("to-trinh.pdf", pdf),
        report_document=SimpleUploadedFile("bao-cao.pdf", pdf),
    )
    assessment.refresh_from_db()
    return {**setting, "assessment": assessment}
