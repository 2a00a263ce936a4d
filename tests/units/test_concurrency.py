"""People recording decisions at the same moment: a school is recognised once and a decision
number is used once (row locks and constraints on PostgreSQL)."""

from datetime import date

import pytest
from django.utils import translation

from tests.parallel_http import Browser, race
from units import services
from units.models import Recognition, RecognitionDecision, SelfAssessment

from .conftest import level1_entries


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_decisions_recognise_a_school_only_once(setting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assessment = services.assessment_start(
        school=setting["school"], cycle=setting["cycle"], by=setting["principal"]
    )
    services.assessment_save_results(
        assessment=assessment, by=setting["principal"], entries=level1_entries(assessment)
    )
    services.assessment_attach_documents(
        assessment=assessment,
        by=setting["principal"],
        request_document=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"),
        report_document=SimpleUploadedFile("b.pdf", b"%PDF-1.4\n"),
    )
    services.assessment_submit(assessment=assessment, by=setting["principal"])
    services.assessment_verify(assessment=assessment, by=setting["reviewer"])

    def record(number: str):
        return lambda: services.decision_record(
            cycle=setting["cycle"],
            by=setting["staff"],
            number=number,
            decided_on=date(2026, 2, 20),
            signer="Lò Văn Hùng",
            entries=[(assessment.pk, "level1")],
        )

    outcomes = [
        "refused"
        if isinstance(r, services.UnitsError)
        else (r if isinstance(r, Exception) else "recorded")
        for r in race([record(f"{n}/QĐ-UBND") for n in (1, 2)])
    ]

    assert sorted(outcomes) == ["recorded", "refused"]
    assert Recognition.objects.filter(school=setting["school"]).count() == 1
    assert RecognitionDecision.objects.count() == 1
    assessment.refresh_from_db()
    assert assessment.status == "recognised"


# --- Through the real stack: 20 people clicking at the same instant -------------------


def _verified(school, principal, reviewer, cycle):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assessment = services.assessment_start(school=school, cycle=cycle, by=principal)
    services.assessment_save_results(
        assessment=assessment, by=principal, entries=level1_entries(assessment)
    )
    services.assessment_attach_documents(
        assessment=assessment,
        by=principal,
        request_document=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"),
        report_document=SimpleUploadedFile("b.pdf", b"%PDF-1.4\n"),
    )
    services.assessment_submit(assessment=assessment, by=principal)
    services.assessment_verify(assessment=assessment, by=reviewer)
    return assessment


def _vi(message: str, **values) -> str:
    with translation.override("vi"):
        return translation.gettext(message) % values if values else translation.gettext(message)


def _decision_data(assessment, number: str) -> dict:
    return {
        f"a{assessment.pk}": "on",
        f"o{assessment.pk}": "level1",
        "number": number,
        "decided_on": "2026-02-20",
        "signer": "Lò Văn Hùng",
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_decisions_for_one_school_recognise_it_once(setting, live_server):
    assessment = _verified(
        setting["school"], setting["principal"], setting["reviewer"], setting["cycle"]
    )
    path = f"/units/cycles/{setting['cycle'].pk}/decide/"
    staff = Browser(live_server, setting["staff"])
    staff.open(path)

    outcomes = race(
        [
            lambda n=n: staff.post(path, _decision_data(assessment, f"{n}/QĐ-UBND"))
            for n in range(1, 21)
        ]
    )

    assert sorted(o.statuses for o in outcomes) == [[302, 200]] + [[400]] * 19
    # refused under the lock, whether the request arrived before or after the winner
    # committed (the form hands dossiers it no longer offers to the service, which says why)
    refused = _vi(
        "%(school)s cannot be recognised: its self-assessment is not waiting for a "
        "decision (%(state)s).",
        school=str(setting["school"]),
        state=_vi("Recognised"),
    )
    for outcome in (o for o in outcomes if o.statuses == [400]):
        assert outcome.alerts == [("danger", refused)]
    assert Recognition.objects.filter(school=setting["school"]).count() == 1
    assert RecognitionDecision.objects.count() == 1
    assessment.refresh_from_db()
    assert assessment.status == "recognised"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_decisions_with_one_number_record_it_once(setting, live_server):
    from tests.factories.units import school_with_people

    people = [(setting["school"], setting["principal"], setting["reviewer"])]
    people += [school_with_people() for _i in range(19)]
    assessments = [_verified(*p, setting["cycle"]) for p in people]
    path = f"/units/cycles/{setting['cycle'].pk}/decide/"
    staff = Browser(live_server, setting["staff"])
    staff.open(path)

    outcomes = race(
        [lambda a=a: staff.post(path, _decision_data(a, "15/QĐ-UBND")) for a in assessments]
    )

    assert sorted(o.statuses for o in outcomes) == [[302, 200]] + [[400]] * 19
    taken = _vi("A decision with this number already exists.")
    assert (
        sorted(a for o in outcomes if o.statuses == [400] for a in o.alerts)
        == [("danger", taken)] * 19
    )
    assert list(RecognitionDecision.objects.values_list("number", flat=True)) == ["15/QĐ-UBND"]
    assert Recognition.objects.count() == 1
    assert SelfAssessment.objects.filter(status="verified").count() == 19
