import pytest

from awards import services
from awards.models import NominationRound
from tests.factories.awards import AwardFormFactory, submitted

pytestmark = pytest.mark.django_db


def _post(world, **overrides):
    form = AwardFormFactory()
    data = {
        "year": "2027",
        "title": "Xét khen thưởng năm 2027",
        "opening_date": "2027-01-10",
        "submission_deadline": "2027-03-31",
        "review_deadline": "2027-05-31",
        "reviews_required": "3",
        "rubric_kind": "pass_fail",
        "offered-TOTAL_FORMS": "1",
        "offered-INITIAL_FORMS": "0",
        "offered-MIN_NUM_FORMS": "1",
        "offered-MAX_NUM_FORMS": "1000",
        "offered-0-form": form.pk,
        "offered-0-quota": "7",
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "1",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-name_vi": "Thành tích",
        "criteria-0-name_en": "Achievement",
        "criteria-0-weight": "1",
        "criteria-0-order": "0",
    }
    data.update(overrides)
    return data


def test_officer_creates_a_round_with_forms_quotas_and_rubric(client, world):
    client.force_login(world["manager"])
    response = client.post("/awards/rounds/new/", _post(world))
    round_ = NominationRound.objects.get(year=2027)
    assert response["Location"] == f"/awards/rounds/{round_.pk}/"
    assert (round_.reviews_required, round_.rubric_kind) == (3, "pass_fail")
    assert list(round_.round_forms.values_list("quota", flat=True)) == [7]
    assert list(round_.criteria.values_list("name_vi", flat=True)) == ["Thành tích"]


def test_round_dates_out_of_order_are_refused(client, world):
    client.force_login(world["manager"])
    response = client.post("/awards/rounds/new/", _post(world, review_deadline="2027-02-01"))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["review_deadline"]
    assert NominationRound.objects.filter(year=2027).count() == 0


def test_principal_cannot_configure_rounds(client, world):
    client.force_login(world["principal"])
    assert client.post("/awards/rounds/new/", _post(world)).status_code == 404
    assert client.get(f"/awards/rounds/{world['round'].pk}/edit/").status_code == 404


def test_rubric_is_frozen_once_scored(client, world):
    nomination = submitted(round=world["round"], nominating_organisation=world["school"])
    a = services.assignment_create(
        by=world["manager"], nomination=nomination, reviewer=world["reviewer1"]
    )
    services.review_submit(
        by=world["reviewer1"],
        assignment=a,
        scores={c.pk: 5 for c in world["round"].criteria.all()},
        recommendation="reject",
        comment="",
    )
    client.force_login(world["manager"])
    page = client.get(f"/awards/rounds/{world['round'].pk}/edit/")
    assert (page.context["rubric_frozen"], page.context["criteria"]) == (True, None)


def test_the_round_editor_reads_the_award_forms_once_for_all_its_rows(client, world):
    """Each row of the offered forms chooses among the same award forms: one query for
    the formset however many rows it has (issue 18), and a row's choice is still checked."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from awards.models import RoundForm

    client.force_login(world["manager"])
    url = f"/awards/rounds/{world['round'].pk}/edit/"

    def award_form_reads() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        # every row (offered forms and the two empty ones) lists every award form
        options = len(AwardFormFactory._meta.model.objects.all()) + 1
        rows = response.context["offered"].total_form_count()
        assert html.count("<option") >= rows * options
        return sum('FROM "awards_awardform"' in q["sql"] for q in ctx.captured_queries)

    assert award_form_reads() == 1
    for _i in range(4):
        RoundForm.objects.create(round=world["round"], form=AwardFormFactory(), quota=1)
    assert award_form_reads() == 1

    offered = list(world["round"].round_forms.order_by("pk"))
    data = _post(
        world,
        **{
            "offered-TOTAL_FORMS": str(len(offered)),
            "offered-INITIAL_FORMS": str(len(offered)),
            **{f"offered-{i}-id": str(row.pk) for i, row in enumerate(offered)},
            **{f"offered-{i}-form": str(row.form_id) for i, row in enumerate(offered)},
            **{f"offered-{i}-quota": "1" for i in range(len(offered))},
            "offered-0-form": "999999",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "form" in response.context["offered"].forms[0].errors
