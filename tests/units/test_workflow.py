"""State changes of a self-assessment, from draft to recognition, and the bad input each
step refuses (nothing is written when a step is refused)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tests.factories.units import CycleFactory, framework
from units import frameworks, services
from units.models import (
    AssessmentTransition,
    CriterionResult,
    Framework,
    Recognition,
    SelfAssessment,
)
from units.outcomes import Value

from .conftest import level1_entries

pytestmark = pytest.mark.django_db


def _criterion(assessment, code):
    return assessment.results.select_related("criterion").get(criterion__code=code).criterion


def _path(assessment):
    return list(
        AssessmentTransition.objects.filter(assessment=assessment).values_list(
            "from_status", "to_status"
        )
    )


def test_assessment_start_creates_a_draft_with_the_applicable_criteria(setting):
    assessment = services.assessment_start(
        school=setting["school"], cycle=setting["cycle"], by=setting["principal"]
    )
    assert assessment.status == "draft"
    assert list(assessment.results.values_list("criterion__code", flat=True)) == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "2.1",
        "2.2",
        "3.1",
        "3.3",
        "3.4",
        "3.5",
    ]
    assert _path(assessment) == [("", "draft")]


def test_assessment_start_twice_is_refused_with_a_message(setting):
    services.assessment_start(
        school=setting["school"], cycle=setting["cycle"], by=setting["principal"]
    )
    with pytest.raises(ValidationError) as error:
        services.assessment_start(
            school=setting["school"], cycle=setting["cycle"], by=setting["principal"]
        )
    assert error.value.messages == ["Trường đã có bản tự đánh giá cho đợt này: hãy mở bản đó."]
    assert SelfAssessment.objects.count() == 1


def test_assessment_start_refused_to_another_schools_principal(setting):
    from tests.factories.accounts import user_with_role

    other = user_with_role("principal")
    with pytest.raises(ValidationError):
        services.assessment_start(school=setting["school"], cycle=setting["cycle"], by=other)
    assert SelfAssessment.objects.count() == 0


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("2.1", Value(numerator=41, denominator=40), "Số đạt (41) không thể lớn hơn tổng số (40)."),
        (
            "2.1",
            Value(numerator=30, denominator=35),
            "Tổng số phải bằng số cán bộ, nhân viên của trường năm 2025 (40).",
        ),
        ("2.1", Value(numerator=-1, denominator=40), "Số lượng không được âm."),
    ],
)
def test_save_results_refuses_bad_counts_and_writes_nothing(filled, code, value, message):
    assessment = filled["assessment"]
    criterion = _criterion(assessment, code)
    entries = level1_entries(assessment)
    entries[criterion.id] = services.Entry(value=value, justification="x")
    assert services.value_errors(criterion, value, assessment.school.figures.get()) == [message]
    with pytest.raises(ValidationError):
        services.assessment_save_results(
            assessment=assessment, by=filled["principal"], entries=entries
        )
    saved = CriterionResult.objects.get(assessment=assessment, criterion=criterion)
    assert (saved.numerator, saved.denominator) == (38, 40)


def test_points_above_the_maximum_or_negative_are_refused(db):
    fw = framework("TT22-2020")
    criterion = fw.groups.get(number=1).criteria.get(code="1.1")
    assert services.value_errors(criterion, Value(points=Decimal("11")), None) == [
        "Tiêu chí này tối đa 10 điểm."
    ]
    assert services.value_errors(criterion, Value(points=Decimal("-1")), None) == [
        "Điểm không được âm."
    ]
    assert services.value_errors(criterion, Value(points=Decimal("10")), None) == []


def test_submit_lists_exactly_the_blank_required_criteria(setting):
    assessment = services.assessment_start(
        school=setting["school"], cycle=setting["cycle"], by=setting["principal"]
    )
    entries = level1_entries(assessment)
    for code in ("1.3", "3.1", "3.5"):
        entries.pop(_criterion(assessment, code).id)
    services.assessment_save_results(
        assessment=assessment, by=setting["principal"], entries=entries
    )
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(assessment=assessment, by=setting["principal"])
    assert error.value.messages == [
        "Các tiêu chí bắt buộc sau chưa được nhập: 1.3, 3.1.",
        "Còn thiếu các tài liệu: tờ trình đề nghị công nhận, báo cáo tự đánh giá.",
    ]
    assessment.refresh_from_db()
    assert assessment.status == "draft"


def test_full_path_draft_to_recognised(filled):
    assessment, principal, reviewer = filled["assessment"], filled["principal"], filled["reviewer"]
    assert assessment.self_outcome == "level1"

    services.assessment_submit(assessment=assessment, by=principal)
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    # The school can no longer change anything.
    with pytest.raises(ValidationError) as error:
        services.assessment_save_results(
            assessment=assessment, by=principal, entries=level1_entries(assessment)
        )
    assert error.value.messages == ["Không thể sửa bản tự đánh giá này nữa: hồ sơ đã được nộp."]

    # The reviewer lowers 3.1 below 90 %: a reason is required.
    c31 = _criterion(assessment, "3.1")
    changed = {c31.id: services.ReviewEntry(value=Value(numerator=30, denominator=40))}
    with pytest.raises(ValidationError):
        services.assessment_review_save(assessment=assessment, by=reviewer, entries=changed)
    changed[c31.id].reason = "Danh sách chỉ có 30 người."
    changed[c31.id].comment = "Cập nhật số liệu."
    outcome = services.assessment_review_save(assessment=assessment, by=reviewer, entries=changed)
    assert outcome.code == ""
    services.assessment_return(assessment=assessment, by=reviewer, comment="Sửa 3.1.")
    assessment.refresh_from_db()
    assert assessment.status == "returned"

    # The school corrects (to 37 of 40: still Level 1) and resubmits.
    entries = level1_entries(assessment, share=37)
    services.assessment_save_results(assessment=assessment, by=principal, entries=entries)
    services.assessment_submit(assessment=assessment, by=principal)
    assessment.refresh_from_db()
    assert assessment.status == "resubmitted"

    # The reviewer accepts 37 of 40 and verifies.
    accepted = {c31.id: services.ReviewEntry(value=Value(numerator=37, denominator=40))}
    services.assessment_review_save(assessment=assessment, by=reviewer, entries=accepted)
    services.assessment_verify(assessment=assessment, by=reviewer)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.verified_outcome) == ("verified", "level1")
    assert assessment.results.get(criterion=c31).change_reason == ""

    decision = services.decision_record(
        cycle=assessment.cycle,
        by=filled["staff"],
        number="12/QĐ-UBND",
        decided_on=date(2026, 2, 20),
        signer="Lò Văn Hùng",
        entries=[(assessment.pk, "level1")],
    )
    assessment.refresh_from_db()
    assert assessment.status == "recognised"
    recognition = Recognition.objects.get(assessment=assessment)
    assert (recognition.decision, recognition.outcome.code, recognition.year) == (
        decision,
        "level1",
        2025,
    )
    assert recognition.certificate_code.startswith("LU-")
    assert len(recognition.certificate_code) == 13
    assert [to for _f, to in _path(assessment)] == [
        "draft",
        "submitted",
        "in_review",
        "returned",
        "resubmitted",
        "in_review",
        "verified",
        "recognised",
    ]

    # The same school cannot be recognised twice in the cycle.
    with pytest.raises(ValidationError):
        services.decision_record(
            cycle=assessment.cycle,
            by=filled["staff"],
            number="13/QĐ-UBND",
            decided_on=date(2026, 2, 21),
            signer="Lò Văn Hùng",
            entries=[(assessment.pk, "level1")],
        )
    assert Recognition.objects.count() == 1


def test_gap_is_kept_when_the_reviewer_verifies_with_a_change(filled):
    assessment, reviewer = filled["assessment"], filled["reviewer"]
    services.assessment_submit(assessment=assessment, by=filled["principal"])
    c35 = _criterion(assessment, "3.5")
    services.assessment_review_save(
        assessment=assessment,
        by=reviewer,
        entries={
            c35.id: services.ReviewEntry(
                value=Value(answer=True), reason="Có quyết định tặng danh hiệu."
            )
        },
    )
    services.assessment_verify(assessment=assessment, by=reviewer)
    assessment.refresh_from_db()
    assert (assessment.self_outcome, assessment.verified_outcome) == ("level1", "level2")
    assert list(
        assessment.results.exclude(change_reason="").values_list("criterion__code", flat=True)
    ) == ["3.5"]


def test_only_the_area_reviewer_reviews(filled):
    from tests.factories.accounts import user_with_role

    services.assessment_submit(assessment=filled["assessment"], by=filled["principal"])
    outsider = user_with_role("reviewer")
    with pytest.raises(ValidationError) as error:
        services.assessment_verify(assessment=filled["assessment"], by=outsider)
    assert error.value.messages == ["Bạn không phụ trách thẩm định bản tự đánh giá của trường này."]


def test_return_without_any_comment_is_refused(filled):
    services.assessment_submit(assessment=filled["assessment"], by=filled["principal"])
    with pytest.raises(ValidationError):
        services.assessment_return(
            assessment=filled["assessment"], by=filled["reviewer"], comment=" "
        )
    filled["assessment"].refresh_from_db()
    assert filled["assessment"].status == "submitted"


def test_late_submission_is_refused_until_the_reviewer_reopens(filled):
    assessment = filled["assessment"]
    with time_machine.travel(date(2026, 1, 16), tick=False):
        with pytest.raises(ValidationError) as error:
            services.assessment_submit(assessment=assessment, by=filled["principal"])
        assert error.value.messages == [
            "Đã quá hạn nộp hồ sơ (15/01/2026). Hãy đề nghị người thẩm định mở lại việc nộp "
            "hồ sơ cho trường."
        ]
        services.assessment_reopen(
            assessment=assessment, by=filled["reviewer"], until=date(2026, 1, 20)
        )
        services.assessment_submit(assessment=assessment, by=filled["principal"])
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


def test_decision_refuses_unverified_schools_and_writes_nothing(filled):
    with pytest.raises(ValidationError):
        services.decision_record(
            cycle=filled["cycle"],
            by=filled["staff"],
            number="1/QĐ",
            decided_on=date(2026, 2, 1),
            signer="A",
            entries=[(filled["assessment"].pk, "level1")],
        )
    assert Recognition.objects.count() == 0


def test_decision_needs_the_recognising_authority(filled):
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            cycle=filled["cycle"],
            by=filled["reviewer"],
            number="1/QĐ",
            decided_on=date(2026, 2, 1),
            signer="A",
            entries=[(filled["assessment"].pk, "level1")],
        )
    assert error.value.messages == [
        "Chỉ cơ quan có thẩm quyền công nhận mới được ghi nhận quyết định."
    ]


def test_framework_copy_makes_a_new_version_with_the_same_structure(setting):
    source = framework("TT24-2023")
    CycleFactory(year=2024, framework=source)
    copy = frameworks.framework_copy(framework=source, by=setting["staff"])
    assert (copy.code, copy.version, copy.is_used, source.is_used) == ("TT24-2023", 2, False, True)
    criteria = Framework.objects.get(pk=copy.pk).groups.values_list("criteria__code", flat=True)
    assert sorted(criteria) == sorted(source.groups.values_list("criteria__code", flat=True))
    assert copy.outcomes.count() == 2


def test_second_review_starts_from_the_schools_corrected_results(filled):
    """After a return, a criterion the school corrected on its own is not shown to the
    reviewer as a change, and verification takes the school's current value."""
    assessment, principal, reviewer = filled["assessment"], filled["principal"], filled["reviewer"]
    services.assessment_submit(assessment=assessment, by=principal)
    services.assessment_review_save(assessment=assessment, by=reviewer, entries={})
    services.assessment_return(assessment=assessment, by=reviewer, comment="Bổ sung 2.2.")
    entries = level1_entries(assessment)
    c22 = _criterion(assessment, "2.2")
    entries[c22.id] = services.Entry(
        value=Value(numerator=40, denominator=40), justification="Đủ 40 người."
    )
    services.assessment_save_results(assessment=assessment, by=principal, entries=entries)
    services.assessment_submit(assessment=assessment, by=principal)
    services.assessment_verify(assessment=assessment, by=reviewer)
    result = assessment.results.get(criterion=c22)
    assert (result.verified_numerator, result.change_reason) == (40, "")


def test_points_framework_assessment_grades_from_saved_points(setting):
    from tests.factories.units import CycleFactory

    cycle = CycleFactory(year=2023, framework=framework("TT22-2020"))
    assessment = services.assessment_start(
        school=setting["school"], cycle=cycle, by=setting["principal"]
    )
    results = list(assessment.results.select_related("criterion"))
    entries = {
        r.criterion_id: services.Entry(
            value=Value(points=r.criterion.max_points), justification="x"
        )
        for r in results
    }
    first = results[0].criterion  # 1.1, at most 10 points
    entries[first.id] = services.Entry(value=Value(points=Decimal("12")), justification="x")
    with pytest.raises(ValidationError) as error:
        services.assessment_save_results(
            assessment=assessment, by=setting["principal"], entries=entries
        )
    assert error.value.messages == ["Một số kết quả không hợp lệ: 1.1."]
    entries[first.id] = services.Entry(value=Value(points=Decimal("0")), justification="x")
    outcome = services.assessment_save_results(
        assessment=assessment, by=setting["principal"], entries=entries
    )
    assessment.refresh_from_db()
    assert (outcome.code, assessment.self_outcome, assessment.self_points) == (
        "good",
        "good",
        Decimal("90.00"),
    )


def test_saving_unchanged_results_adds_nothing_to_the_audit_trail(filled):
    """Each save used to record every criterion, changed or not, so the page's newest
    changes were crowded out by empty ones."""
    from units.models import CriterionResult

    assessment, principal = filled["assessment"], filled["principal"]
    entries = level1_entries(assessment)
    before = CriterionResult.history.filter(assessment_id=assessment.pk).count()
    services.assessment_save_results(assessment=assessment, by=principal, entries=entries)
    assert CriterionResult.history.filter(assessment_id=assessment.pk).count() == before
    first = next(iter(entries))
    entries[first] = services.Entry(value=entries[first].value, justification="Giải trình mới")
    services.assessment_save_results(assessment=assessment, by=principal, entries=entries)
    assert CriterionResult.history.filter(assessment_id=assessment.pk).count() == before + 1
    assert (
        CriterionResult.objects.get(assessment=assessment, criterion_id=first).justification
        == "Giải trình mới"
    )
