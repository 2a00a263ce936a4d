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
        "UBND-BK",
        "BGD-BK",
        "UBNDX-GK",
        "TWH-BK",
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


def test_demo_awards_follow_who_may_award_what(demo):
    # Law 06/2022/QH15 Art. 80: a department head gives only giấy khen.
    assert not AwardForm.objects.filter(name_vi__icontains="Bằng khen của Sở").exists()
    forms = {
        f.code: (
            f.issuing_organisation.code,
            f.procedure,
            getattr(f.proposing_organisation, "code", None),
        )
        for f in AwardForm.objects.select_related("issuing_organisation", "proposing_organisation")
    }
    assert forms["SGD-GK"] == ("SO-GDDT", "decided", None)
    assert forms["HKH-GK"] == ("HOI-KH", "decided", None)
    assert forms["UBND-BK"] == ("UBND-14", "proposed", "SO-GDDT")
    assert forms["BGD-BK"] == ("BO-GDDT", "proposed", "SO-GDDT")
    assert forms["TWH-BK"] == ("HKH-VN", "proposed", "HOI-KH")
    assert forms["KNC-KH"] == ("HKH-VN", "proposed", "HOI-KH")
    assert forms["UBNDX-GK"][1:] == ("proposed", "HOI-KH")
    # the higher body's decision on the medal is recorded, and the app prints no certificate
    medal = Decision.objects.get(issuing_organisation__code="HKH-VN")
    assert (medal.proposing_organisation.code, medal.certificates_total) == ("HOI-KH", 0)


def test_demo_reviews_are_reachable_and_every_granted_nomination_has_them(demo):
    from awards.enums import GRANTED, UNDER_REVIEW
    from awards.rules import conflict_reason
    from awards.services import council_seats

    for nomination in Nomination.objects.filter(
        status__in=[*UNDER_REVIEW, *GRANTED]
    ).select_related("round", "form"):
        free = [
            seat
            for seat in council_seats(nomination).values()
            if conflict_reason(seat.user, nomination, seat_organisation_id=seat.organisation_id)
            is None
        ]
        assert len(free) >= nomination.round.reviews_required, nomination.nominee_name
        if nomination.status in GRANTED:
            done = nomination.assignments.filter(
                submitted_at__isnull=False, conflict_declared=False
            ).count()
            assert done >= nomination.round.reviews_required, nomination.nominee_name


def test_demo_pupil_scholarship_is_on_the_honour_roll_without_a_name(demo, client):
    from dashboard.models import PublicSite

    scholarship = Commendation.objects.get(form__code="HB-KH")
    assert scholarship.nominee_name == "Vì Thị Mai Anh"
    PublicSite.objects.update_or_create(pk=1, defaults={"show_honours": True})
    page = client.get("/honours/").content.decode()
    assert "Vì Thị Mai Anh" not in page
    assert "một học sinh lớp 9, Trường THCS Mộc Lỵ" in page
    # an adult without recorded consent is not on the public roll; one with it is
    assert "Đinh Văn Hùng" not in page
    assert "Bạc Thị Thu" in page
    assert "1982" not in page
