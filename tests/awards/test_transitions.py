"""The nomination's one transition function: the moves declared beside its enum are the
only ones it makes, it writes only what changed and records each move."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards import services
from awards.enums import NominationStatus
from awards.models import Nomination, NominationTransition
from tests.factories.awards import NominationFactory, submitted

pytestmark = pytest.mark.django_db


def _set_columns(queries) -> list[str]:
    [update] = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assignments = update.split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    return sorted(part.split("=")[0].strip().strip('"') for part in assignments.split(", "))


def test_nomination_transition_refuses_an_illegal_move_with_its_message(world):
    nomination = NominationFactory(round=world["round"], nominating_organisation=world["school"])
    before = Nomination.objects.values_list("status", "updated").get(pk=nomination.pk)

    with pytest.raises(ValidationError) as error:
        services.nomination_transition(
            obj=nomination, to=NominationStatus.APPROVED, by=world["manager"]
        )

    assert error.value.messages == [
        "Chỉ duyệt được hồ sơ đang xét (trạng thái hiện tại: Bản nháp)."
    ]
    assert Nomination.objects.values_list("status", "updated").get(pk=nomination.pk) == before
    assert NominationTransition.objects.filter(nomination=nomination).count() == 0


def test_nomination_transition_names_both_states_when_a_move_has_no_message_of_its_own(world):
    nomination = NominationFactory(round=world["round"], nominating_organisation=world["school"])

    with pytest.raises(ValidationError) as error:
        services.nomination_transition(
            obj=nomination, to=NominationStatus.COMMENDED, by=world["manager"]
        )

    assert error.value.messages == ["Không thể chuyển từ “Bản nháp” sang “Đã khen thưởng”."]
    assert Nomination.objects.get(pk=nomination.pk).status == NominationStatus.DRAFT


def test_nomination_transition_saves_only_changed_fields_and_records_the_move(
    world, django_capture_on_commit_callbacks
):
    nomination = submitted(round=world["round"], nominating_organisation=world["school"])
    nomination.status_comment = "Bổ sung minh chứng."
    nomination.summary = "Sửa trong bộ nhớ, không được ghi."

    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.nomination_transition(
            obj=nomination,
            to=NominationStatus.MORE_INFO,
            by=world["manager"],
            comment="Bổ sung minh chứng.",
            fields=("status_comment",),
        )

    assert _set_columns(queries.captured_queries) == ["status", "status_comment", "updated"]
    saved = Nomination.objects.get(pk=nomination.pk)
    assert (saved.status, saved.status_comment, saved.summary) == (
        NominationStatus.MORE_INFO,
        "Bổ sung minh chứng.",
        "Thành tích xuất sắc.",
    )
    assert list(
        NominationTransition.objects.filter(nomination=nomination).values_list(
            "from_status", "to_status", "by", "comment"
        )
    ) == [("submitted", "more_info", world["manager"].pk, "Bổ sung minh chứng.")]
