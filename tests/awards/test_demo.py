import pytest
from django.core.management import call_command

from awards.enums import NominationStatus
from awards.models import AwardForm, Commendation, Decision, Nomination, NominationRound

pytestmark = pytest.mark.django_db


def _counts():
    return (
        AwardForm.objects.count(),
        NominationRound.objects.count(),
        Nomination.objects.count(),
        Decision.objects.count(),
        Commendation.objects.count(),
    )


def test_demo_has_forms_a_closed_and_an_open_round_with_every_state(demo, client):
    assert set(AwardForm.objects.values_list("code", flat=True)) == {
        "HKH-GK",
        "SGD-GK",
        "SGD-BK",
        "UBND-BK",
        "KNC-KH",
        "HB-KH",
        "GT-KT",
    }
    closed, current = NominationRound.objects.order_by("year")
    assert set(closed.nominations.values_list("status", flat=True)) == {"commended", "rejected"}
    assert set(current.nominations.values_list("status", flat=True)) == set(NominationStatus.values)
    principal_states = set(
        Nomination.objects.filter(
            nominating_organisation__code="SL-THCS-CHIENGLE", round=current
        ).values_list("status", flat=True)
    )
    assert principal_states == {"draft", "submitted"}
    client.force_login(demo["officer"])
    assert client.get("/awards/reviews/").context["pending"] == 3
    first = _counts()
    call_command("load_demo", "--force", verbosity=0)
    assert _counts() == first
