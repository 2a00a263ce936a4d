"""Two people recording decisions for the same school at the same moment: exactly one
recognition (row locks on PostgreSQL)."""

import threading
from datetime import date

import pytest
from django.db import connection

from units import services
from units.models import Recognition, RecognitionDecision

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

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def record(number: str) -> None:
        try:
            barrier.wait()
            services.decision_record(
                cycle=setting["cycle"],
                by=setting["staff"],
                number=number,
                decided_on=date(2026, 2, 20),
                signer="Lò Văn Hùng",
                entries=[(assessment.pk, "level1")],
            )
            outcomes.append("recorded")
        except services.UnitsError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=(f"{n}/QĐ-UBND",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["recorded", "refused"]
    assert Recognition.objects.filter(school=setting["school"]).count() == 1
    assert RecognitionDecision.objects.count() == 1
    assessment.refresh_from_db()
    assert assessment.status == "recognised"
