"""A recognition decision follows the review: only a verified outcome that meets a level is
recognised, at that level or (with a reason kept in the audit trail) a lower one. The
service refuses everything else, so a crafted post gets the same message as the form."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.units import school_with_people
from units import services
from units.models import AssessmentTransition, Recognition, RecognitionDecision

from .conftest import level1_entries

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _verified(cycle, *, share: int, level2: bool = False):
    """A verified dossier: ``share`` of 40 staff on every threshold; with ``level2`` the
    'Excellent Labour Collective' (3.5) is met too."""
    school, principal, reviewer = school_with_people()
    assessment = services.assessment_start(school=school, cycle=cycle, by=principal)
    entries = level1_entries(assessment, share=share)
    if level2:
        c35 = assessment.results.get(criterion__code="3.5").criterion
        entries[c35.id].value = services.outcome_rules.Value(answer=True)
    services.assessment_save_results(assessment=assessment, by=principal, entries=entries)
    services.assessment_attach_documents(
        assessment=assessment,
        by=principal,
        request_document=SimpleUploadedFile("to-trinh.pdf", PDF),
        report_document=SimpleUploadedFile("bao-cao.pdf", PDF),
    )
    services.assessment_submit(assessment=assessment, by=principal)
    services.assessment_verify(assessment=assessment, by=reviewer)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def dossiers(setting):
    cycle = setting["cycle"]
    return {
        **setting,
        # 39/40 = 97.5 %: every Level 2 target, verified Level 2
        "level2": _verified(cycle, share=39, level2=True),
        # 37/40 = 92.5 %: Level 1
        "level1": _verified(cycle, share=37),
        # 35/40 = 87.5 %: below 90 %, self-assessed and verified as not met
        "not_met": _verified(cycle, share=35),
    }


def _record(d, entries, reasons=None, number="5/QĐ-UBND"):
    return services.decision_record(
        cycle=d["cycle"],
        by=d["staff"],
        number=number,
        decided_on=date(2026, 2, 20),
        signer="Lò Văn Hùng",
        entries=entries,
        reasons=reasons,
    )


def test_dossiers_are_verified_at_the_expected_levels(dossiers):
    assert [dossiers[k].verified_outcome for k in ("level2", "level1", "not_met")] == [
        "level2",
        "level1",
        "",
    ]
    assert {dossiers[k].status for k in ("level2", "level1", "not_met")} == {"verified"}


def test_decision_refuses_a_school_verified_as_not_met_and_writes_nothing(dossiers):
    not_met, level1 = dossiers["not_met"], dossiers["level1"]
    with pytest.raises(ValidationError) as error:
        _record(dossiers, [(level1.pk, "level1"), (not_met.pk, "level1")])
    assert error.value.messages == [
        f"Không thể công nhận {not_met.school}: kết quả thẩm định xác định trường chưa đạt "
        "mức độ nào."
    ]
    assert (Recognition.objects.count(), RecognitionDecision.objects.count()) == (0, 0)
    level1.refresh_from_db()
    assert level1.status == "verified"


def test_decision_refuses_a_level_above_the_verified_one(dossiers):
    level1 = dossiers["level1"]
    # The school assessed itself at Level 1; a crafted Level 2 is refused by the service.
    with pytest.raises(ValidationError) as error:
        _record(dossiers, [(level1.pk, "level2")])
    assert error.value.messages == [
        f"Không thể công nhận {level1.school} ở Mức độ 2: kết quả thẩm định là Mức độ 1. "
        "Quyết định chỉ được công nhận ở mức đã thẩm định hoặc mức thấp hơn."
    ]
    assert Recognition.objects.count() == 0


def test_decision_at_a_lower_level_needs_a_reason_kept_in_the_audit_trail(dossiers):
    level2 = dossiers["level2"]
    with pytest.raises(ValidationError) as error:
        _record(dossiers, [(level2.pk, "level1")], reasons={level2.pk: "  "})
    assert error.value.messages == [
        f"{level2.school} sẽ được công nhận ở Mức độ 1, thấp hơn kết quả thẩm định Mức độ 2: "
        "hãy nêu lý do."
    ]
    assert Recognition.objects.count() == 0

    _record(
        dossiers, [(level2.pk, "level1")], reasons={level2.pk: "Đơn vị đang bị xem xét kỷ luật."}
    )
    recognition = Recognition.objects.get(assessment=level2)
    assert recognition.outcome.code == "level1"
    last = AssessmentTransition.objects.filter(assessment=level2).last()
    assert (last.to_status, last.by, last.comment) == (
        "recognised",
        dossiers["staff"],
        "Quyết định 5/QĐ-UBND: công nhận ở Mức độ 1, thấp hơn kết quả thẩm định Mức độ 2. "
        "Lý do: Đơn vị đang bị xem xét kỷ luật.",
    )


def test_decision_at_the_verified_level_needs_no_reason(dossiers):
    _record(dossiers, [(dossiers["level2"].pk, "level2"), (dossiers["level1"].pk, "level1")])
    assert dict(Recognition.objects.values_list("assessment_id", "outcome__code")) == {
        dossiers["level2"].pk: "level2",
        dossiers["level1"].pk: "level1",
    }
    last = AssessmentTransition.objects.filter(assessment=dossiers["level1"]).last()
    assert last.comment == "Quyết định 5/QĐ-UBND"


def test_decision_refuses_a_dossier_that_is_not_verified(setting, filled):
    assessment = filled["assessment"]
    with pytest.raises(ValidationError) as error:
        _record(filled, [(assessment.pk, "level1")])
    assert error.value.messages == [
        f"Không thể công nhận {assessment.school}: bản tự đánh giá không ở trạng thái chờ "
        "quyết định (Bản nháp)."
    ]


# --- Through HTTP ------------------------------------------------------------------------


def test_decision_form_offers_only_verified_levels_preselected(client, dossiers):
    client.force_login(dossiers["staff"])
    response = client.get(f"/units/cycles/{dossiers['cycle'].pk}/decide/")
    assert response.status_code == 200
    form = response.context["form"]
    assert [a.pk for a in form.assessments] == sorted(
        [dossiers["level2"].pk, dossiers["level1"].pk],
        key=lambda pk: next(
            str(d.school) for d in (dossiers["level2"], dossiers["level1"]) if d.pk == pk
        ),
    )
    level1, level2 = dossiers["level1"], dossiers["level2"]
    assert form[f"o{level1.pk}"].initial == "level1"
    assert form[f"o{level2.pk}"].initial == "level2"
    # The page offers the verified level and the lower ones only.
    assert list(form.fields[f"o{level1.pk}"].widget.choices) == [("level1", "Mức độ 1")]
    assert list(form.fields[f"o{level2.pk}"].widget.choices) == [
        ("level2", "Mức độ 2"),
        ("level1", "Mức độ 1"),
    ]
    page = response.content.decode()
    assert f'name="a{dossiers["not_met"].pk}"' not in page
    assert str(dossiers["not_met"].school) not in page


def _post(client, d, extra):
    return client.post(
        f"/units/cycles/{d['cycle'].pk}/decide/",
        {"number": "9/QĐ-UBND", "decided_on": "2026-02-20", "signer": "Lò Văn Hùng", **extra},
    )


def test_crafted_post_for_a_school_verified_as_not_met_gets_the_services_refusal(client, dossiers):
    not_met = dossiers["not_met"]
    client.force_login(dossiers["staff"])
    response = _post(client, dossiers, {f"a{not_met.pk}": "on", f"o{not_met.pk}": "level1"})
    assert response.status_code == 400
    assert [str(m) for m in response.context["messages"]] == [
        f"Không thể công nhận {not_met.school}: kết quả thẩm định xác định trường chưa đạt "
        "mức độ nào."
    ]
    assert Recognition.objects.count() == 0


def test_crafted_post_for_a_higher_level_gets_the_services_refusal(client, dossiers):
    level1 = dossiers["level1"]
    client.force_login(dossiers["staff"])
    response = _post(client, dossiers, {f"a{level1.pk}": "on", f"o{level1.pk}": "level2"})
    assert response.status_code == 400
    assert [str(m) for m in response.context["messages"]] == [
        f"Không thể công nhận {level1.school} ở Mức độ 2: kết quả thẩm định là Mức độ 1. "
        "Quyết định chỉ được công nhận ở mức đã thẩm định hoặc mức thấp hơn."
    ]
    assert Recognition.objects.count() == 0


def test_form_asks_for_the_reason_of_a_lower_level_and_keeps_the_input(client, dossiers):
    level2 = dossiers["level2"]
    client.force_login(dossiers["staff"])
    response = _post(client, dossiers, {f"a{level2.pk}": "on", f"o{level2.pk}": "level1"})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        f"r{level2.pk}": ["Hãy nêu lý do công nhận trường ở mức thấp hơn mức đã thẩm định."]
    }
    assert response.context["form"][f"o{level2.pk}"].value() == "level1"
    response = _post(
        client,
        dossiers,
        {
            f"a{level2.pk}": "on",
            f"o{level2.pk}": "level1",
            f"r{level2.pk}": "Chưa có quyết định tặng danh hiệu tập thể.",
        },
    )
    assert response.status_code == 302
    assert Recognition.objects.get(assessment=level2).outcome.code == "level1"
