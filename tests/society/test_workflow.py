"""The return's life through HTTP: a draft that breaks rules is saved with each broken rule
at its field and cannot be submitted; the officer returns it with a comment per field or
accepts it (locked); a correction needs a reason and a new acceptance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from society.enums import ReturnStatus
from society.models import CommuneReturn, ReturnTransition, ReturnValue

from .conftest import GOOD, accepted, post_values, start

pytestmark = pytest.mark.django_db


def stored(ret) -> dict:
    return dict(
        ReturnValue.objects.filter(ret=ret, village__isnull=True).values_list(
            "field__code", "value"
        )
    )


def test_secretary_starts_the_return_of_their_commune(world, clients):
    response = clients["sec_a"].post(
        f"/society/rounds/{world['round'].pk}/start/", {"area": world["a"].pk}
    )
    ret = CommuneReturn.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/society/returns/{ret.pk}/edit/")
    assert (ret.area, ret.status, ret.created_by) == (
        world["a"],
        ReturnStatus.DRAFT,
        world["users"]["sec_a"],
    )


def test_secretary_cannot_start_another_communes_return(world, clients):
    response = clients["sec_b"].post(
        f"/society/rounds/{world['round'].pk}/start/", {"area": world["a"].pk}
    )
    assert response.status_code == 404
    assert CommuneReturn.objects.count() == 0


def test_draft_breaking_rules_is_saved_with_each_rule_at_its_field(world, clients):
    ret = start(world, world["a"])
    bad = {**GOOD, "families_recognised": 950, "citizens_digital_share": 120}
    response = post_values(clients["sec_a"], ret, bad, action="submit")
    assert response.status_code == 302
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.DRAFT
    assert stored(ret)["families_recognised"] == Decimal("950")
    page = clients["sec_a"].get(f"/society/returns/{ret.pk}/edit/").content.decode()
    row = page[page.index('data-testid="row-families_recognised"') :]
    row = row[: row.index("</tr>")]
    assert "cannot be above" in row or "không được lớn hơn" in row
    digital = page[page.index('data-testid="row-citizens_digital_share"') :]
    digital = digital[: digital.index("</tr>")]
    assert 'data-testid="issue-error"' in digital
    # the form re-renders with the user's figures
    assert 'value="950"' in page
    # submitting directly is refused too
    response = clients["sec_a"].post(f"/society/returns/{ret.pk}/submit/")
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.DRAFT


def test_text_in_a_number_field_saves_nothing_and_re_renders(world, clients):
    ret = start(world, world["a"])
    response = post_values(clients["sec_a"], ret, {**GOOD, "households": "nhiều"})
    assert response.status_code == 200
    assert ReturnValue.objects.filter(ret=ret).count() == 0
    assert 'value="nhiều"' in response.content.decode()


def test_fixed_return_is_submitted(world, clients):
    ret = start(world, world["a"])
    post_values(clients["sec_a"], ret, {**GOOD, "families_recognised": 950})
    response = post_values(clients["sec_a"], ret, GOOD, action="submit")
    ret.refresh_from_db()
    assert (response.status_code, ret.status) == (302, ReturnStatus.SUBMITTED)
    assert ret.submitted_at is not None
    assert list(ret.transitions.values_list("from_status", "to_status")) == [("draft", "submitted")]


def test_jump_from_last_year_is_a_warning_that_needs_a_comment(world, clients):
    from society.models import CollectionRound

    last = CollectionRound.objects.create(
        year=2024,
        commune_form=world["forms"]["commune"],
        village_form=world["forms"]["village"],
        opens_on=date(2024, 11, 1),
        deadline=date(2025, 1, 15),
        map_date=date(2025, 7, 1),
    )
    accepted(world, world["a"], GOOD, round_=last)
    ret = start(world, world["a"])
    jumped = {**GOOD, "households": 1300}  # +30% > 20%
    post_values(clients["sec_a"], ret, jumped, action="submit")
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.DRAFT
    page = clients["sec_a"].get(f"/society/returns/{ret.pk}/edit/").content.decode()
    row = page[page.index('data-testid="row-households"') :]
    assert 'data-testid="issue-warning"' in row[: row.index("</tr>")]
    post_values(clients["sec_a"], ret, jumped, {"households": "Sáp nhập thêm tổ dân phố"}, "submit")
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.SUBMITTED
    assert ReturnValue.objects.get(ret=ret, field__code="households").note == (
        "Sáp nhập thêm tổ dân phố"
    )


def test_officer_returns_with_a_comment_per_field_then_accepts(world, clients):
    ret = start(world, world["a"])
    post_values(clients["sec_a"], ret, GOOD, action="submit")
    # returning needs a comment
    response = clients["officer"].post(
        f"/society/returns/{ret.pk}/review/", {"decision": "return", "comment": ""}
    )
    assert response.status_code == 200
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.SUBMITTED
    response = clients["officer"].post(
        f"/society/returns/{ret.pk}/review/",
        {"decision": "return", "comment": "", "c_households": "Số hộ chưa khớp thống kê"},
    )
    ret.refresh_from_db()
    assert (response.status_code, ret.status) == (302, ReturnStatus.RETURNED)
    assert ReturnValue.objects.get(ret=ret, field__code="households").review_comment == (
        "Số hộ chưa khớp thống kê"
    )
    page = clients["sec_a"].get(f"/society/returns/{ret.pk}/edit/").content.decode()
    assert 'data-testid="field-comment-households"' in page
    post_values(clients["sec_a"], ret, {**GOOD, "households": 1010}, action="submit")
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.SUBMITTED
    clients["officer"].post(f"/society/returns/{ret.pk}/review/", {"decision": "accept"})
    ret.refresh_from_db()
    assert (ret.status, ret.reviewed_by) == (ReturnStatus.ACCEPTED, world["users"]["officer"])
    assert ReturnValue.objects.get(ret=ret, field__code="households").review_comment == ""
    # locked: the edit page sends back to the return, a post changes nothing
    assert clients["sec_a"].get(f"/society/returns/{ret.pk}/edit/").status_code == 302
    post_values(clients["sec_a"], ret, {**GOOD, "households": 5})
    assert stored(ret)["households"] == Decimal("1010")


def test_correction_of_an_accepted_return_needs_a_reason_and_acceptance_again(world, clients):
    ret = accepted(world, world["a"], GOOD)
    clients["sec_a"].post(f"/society/returns/{ret.pk}/reopen/", {"reason": "  "})
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.ACCEPTED
    clients["sec_a"].post(f"/society/returns/{ret.pk}/reopen/", {"reason": "Sai số hộ"})
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.DRAFT
    last = ReturnTransition.objects.filter(ret=ret).order_by("-id").first()
    assert (last.from_status, last.to_status, last.comment, last.is_correction) == (
        "accepted",
        "draft",
        "Sai số hộ",
        True,
    )


def test_only_a_submitted_return_can_be_reviewed(world, clients):
    ret = start(world, world["a"])
    response = clients["officer"].post(f"/society/returns/{ret.pk}/review/", {"decision": "accept"})
    ret.refresh_from_db()
    assert (response.status_code, ret.status) == (302, ReturnStatus.DRAFT)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("sec_a", 200),
        ("sec_b", 404),
        ("sec_c", 404),
        ("officer", 200),
        ("officer2", 404),
        ("staff", 200),
        ("principal", 404),
    ],
)
def test_return_page_owner_colleague_outsider(world, clients, who, expected):
    ret = start(world, world["a"])
    assert clients[who].get(f"/society/returns/{ret.pk}/").status_code == expected


@pytest.mark.parametrize("who", ["sec_b", "officer", "officer2", "staff"])
def test_only_the_communes_secretary_changes_the_return(world, clients, who):
    ret = start(world, world["a"])
    response = post_values(clients[who], ret, GOOD)
    assert response.status_code == 404
    assert ReturnValue.objects.filter(ret=ret).count() == 0
    assert clients[who].post(f"/society/returns/{ret.pk}/submit/").status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"), [("officer", 302), ("officer2", 404), ("staff", 404), ("sec_a", 404)]
)
def test_only_the_provinces_officer_reviews(world, clients, who, expected):
    ret = start(world, world["a"])
    post_values(clients["sec_a"], ret, GOOD, action="submit")
    response = clients[who].post(f"/society/returns/{ret.pk}/review/", {"decision": "accept"})
    assert response.status_code == expected
    ret.refresh_from_db()
    assert ret.status == (ReturnStatus.ACCEPTED if expected == 302 else ReturnStatus.SUBMITTED)


def test_return_list_shows_only_the_secretarys_commune(world, clients):
    start(world, world["a"])
    start(world, world["b"], world["users"]["sec_b"])
    page = clients["sec_a"].get("/society/returns/").content.decode()
    assert (page.count('data-testid="return-row"'), "Phường An" in page, "Xã Bình" in page) == (
        1,
        True,
        False,
    )
    page = clients["officer"].get("/society/returns/").content.decode()
    assert page.count('data-testid="return-row"') == 2
    assert (
        clients["officer2"]
        .get("/society/returns/")
        .content.decode()
        .count('data-testid="return-row"')
        == 0
    )
