"""The commune return's one transition function: the moves declared beside its enum are
the only ones it makes, it writes only what changed and records each move."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from society import services
from society.enums import ReturnStatus
from society.models import CommuneReturn, ReturnTransition

from .conftest import start

pytestmark = pytest.mark.django_db


def _set_columns(queries) -> list[str]:
    [update] = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assignments = update.split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    return sorted(part.split("=")[0].strip().strip('"') for part in assignments.split(", "))


def test_return_transition_refuses_an_illegal_move_with_its_message(world):
    ret = start(world, world["a"])
    before = CommuneReturn.objects.values_list("status", "updated").get(pk=ret.pk)

    with pytest.raises(ValidationError) as error:
        services.return_transition(obj=ret, to=ReturnStatus.ACCEPTED, by=world["users"]["officer"])

    assert error.value.messages == ["Chỉ phiếu đã gửi mới có thể được xem xét."]
    assert CommuneReturn.objects.values_list("status", "updated").get(pk=ret.pk) == before
    assert ReturnTransition.objects.filter(ret=ret).count() == 0


def test_return_transition_saves_only_changed_fields_and_records_the_move(world):
    ret = start(world, world["a"])
    ret.submitted_at = timezone.now()
    ret.review_comment = "Sửa trong bộ nhớ, không được ghi."

    with CaptureQueriesContext(connection) as queries:
        services.return_transition(
            obj=ret,
            to=ReturnStatus.SUBMITTED,
            by=world["users"]["sec_a"],
            fields=("submitted_at",),
        )

    assert _set_columns(queries.captured_queries) == ["status", "submitted_at", "updated"]
    saved = CommuneReturn.objects.get(pk=ret.pk)
    assert (saved.status, saved.review_comment) == (ReturnStatus.SUBMITTED, "")
    assert list(
        ReturnTransition.objects.filter(ret=ret).values_list(
            "from_status", "to_status", "by", "comment", "is_correction"
        )
    ) == [("draft", "submitted", world["users"]["sec_a"].pk, "", False)]
