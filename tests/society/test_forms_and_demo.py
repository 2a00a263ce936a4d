"""Return forms as data (versions edited in the app, locked once in use) and the demo."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from accounts.models import AdministrativeArea
from society.enums import FormStatus, ReturnStatus
from society.models import CollectionRound, CommuneReturn, ReturnField, ReturnForm

pytestmark = pytest.mark.django_db


def test_the_current_forms_ship_as_data(db):
    commune = ReturnForm.objects.get(code="XHHT-XA", version=1)
    assert (commune.status, commune.level, commune.year_from) == ("published", "commune", 2024)
    assert commune.fields.count() == 19
    assert commune.rules.filter(kind="jump", severity="warning").count() == 5
    assert ReturnForm.objects.get(code="XHHT-THON").fields.count() == 7


def test_next_years_change_is_a_new_version_edited_in_the_app(world, clients):
    form = world["forms"]["commune"]
    officer = clients["officer"]
    # in use: locked
    field = form.fields.get(code="households")
    response = officer.get(f"/society/fields/{field.pk}/edit/")
    assert response.status_code == 302
    response = officer.post(f"/society/forms/{form.pk}/copy/", {"year_from": 2026})
    copy = ReturnForm.objects.get(code=form.code, version=2)
    assert response["Location"] == f"/society/forms/{copy.pk}/"
    assert (copy.status, copy.year_from, copy.fields.count(), copy.rules.count()) == (
        FormStatus.DRAFT,
        2026,
        19,
        18,
    )
    new_field = copy.fields.get(code="households")
    response = officer.post(
        f"/society/fields/{new_field.pk}/edit/",
        {
            "code": "households",
            "label": "Tổng số hộ gia đình thường trú",
            "label_en": "Resident households",
            "section": "Gia đình học tập",
            "kind": "count",
            "order": 10,
            "required": "on",
            "from_villages": "sum",
            "village_field": "households",
        },
    )
    assert response.status_code == 302
    assert copy.fields.get(code="households").label == "Tổng số hộ gia đình thường trú"
    assert form.fields.get(code="households").label == "Tổng số hộ gia đình"
    rule = copy.rules.get(kind="jump", field__code="households")
    officer.post(
        f"/society/rules/{rule.pk}/edit/",
        {"kind": "jump", "severity": "warning", "field": rule.field_id, "percent": "30"},
    )
    rule.refresh_from_db()
    assert rule.percent == Decimal("30")
    # a round cannot use a draft version
    response = officer.post(
        "/society/rounds/new/",
        {
            "year": 2026,
            "commune_form": copy.pk,
            "opens_on": "2026-11-01",
            "deadline": "2027-01-15",
            "map_date": "2026-07-01",
        },
    )
    assert CollectionRound.objects.filter(year=2026).count() == 0
    officer.post(f"/society/forms/{copy.pk}/publish/")
    copy.refresh_from_db()
    assert copy.status == FormStatus.PUBLISHED
    response = officer.post(
        "/society/rounds/new/",
        {
            "year": 2026,
            "commune_form": copy.pk,
            "opens_on": "2026-11-01",
            "deadline": "2027-01-15",
            "map_date": "2026-07-01",
        },
    )
    assert CollectionRound.objects.get(year=2026).commune_form == copy


@pytest.mark.parametrize("who", ["sec_a", "staff", "principal"])
def test_only_association_managers_edit_forms(world, clients, who):
    form = world["forms"]["commune"]
    response = clients[who].post(f"/society/forms/{form.pk}/copy/", {"year_from": 2026})
    assert response.status_code == 404
    assert ReturnForm.objects.filter(code=form.code).count() == 1


def test_rule_form_refuses_a_not_above_rule_without_its_field(world, clients):
    form = world["forms"]["commune"]
    clients["officer"].post(f"/society/forms/{form.pk}/copy/", {"year_from": 2026})
    copy = ReturnForm.objects.get(code=form.code, version=2)
    field = ReturnField.objects.get(form=copy, code="households")
    response = clients["officer"].post(
        f"/society/forms/{copy.pk}/rules/new/",
        {"kind": "not_above", "severity": "error", "field": field.pk},
    )
    assert response.status_code == 200
    assert copy.rules.count() == 18


def test_demo_returns_match_the_provinces_reported_shares(demo):
    from society import selectors

    total = selectors.rollup(2024)["total"]
    assert total["returns"] == 75
    assert total["citizens"] == Decimal("365706")
    assert (
        total["shares"]["families"],
        total["shares"]["clans"],
        total["shares"]["villages"],
    ) == (Decimal("81.7"), Decimal("78.3"), Decimal("88.8"))
    statuses = dict(
        CommuneReturn.objects.filter(round__year=2025).values_list("area__code", "status")
    )
    assert statuses["3646"] == ReturnStatus.DRAFT
    assert statuses["3667"] == ReturnStatus.RETURNED
    assert "4240" not in statuses
    late = CommuneReturn.objects.get(round__year=2025, area__code="4000")
    assert late.is_late is True
    returned = CommuneReturn.objects.get(round__year=2025, area__code="3667")
    assert returned.review_comment != ""


def test_demo_secretary_sees_only_to_hieu(demo):
    from django.contrib.auth.hashers import check_password

    assert check_password("learnsociety-demo", demo["commune"].password)
    client = Client()
    client.force_login(demo["commune"])
    to_hieu = CommuneReturn.objects.get(round__year=2025, area__code="3646")
    other = CommuneReturn.objects.get(round__year=2025, area__code="3667")
    assert client.get(f"/society/returns/{to_hieu.pk}/edit/").status_code == 200
    assert client.get(f"/society/returns/{other.pk}/").status_code == 404
    home = client.get("/").content.decode()
    assert 'data-testid="society-continue"' in home


def test_staff_dashboard_shows_the_learning_families_share(demo):
    from django.core.cache import cache

    cache.clear()
    client = Client()
    client.force_login(demo["staff"])
    page = client.get("/dashboard/?year=2025").content.decode()
    value = page[page.index('data-testid="value-learning_society"') :]
    value = value[: value.index("</p>")]
    assert value.endswith("83,4%</a>")
    assert "Gia đình học tập năm 2025" in page


def test_dashboard_area_filter_applies_to_the_learning_society_card(demo):
    """With the dashboard filtered to one commune, the card shows that commune's accepted
    return only; a commune without one shows no card rather than the province's."""
    from django.core.cache import cache

    from dashboard import figures
    from society import selectors as ss

    cache.clear()
    accepted = CommuneReturn.objects.filter(round__year=2024, status="accepted")
    one = accepted.select_related("area").first()
    own = ss.rollup(2024, area_id=one.area_id)["total"]
    assert own["returns"] == 1
    province = ss.rollup(2024)["total"]
    assert province["returns"] == accepted.count() > 1
    assert figures.compute(2024, one.area_id)["society"]["shares"] == own["shares"]
    client = Client()
    client.force_login(demo["staff"])
    page = client.get(f"/dashboard/?year=2024&area={one.area_id}").content.decode()
    value = page[page.index('data-testid="value-learning_society"') :]
    value = value[: value.index("</p>")]
    shown = own["shares"]["families"]
    assert value.endswith(f"{str(shown.quantize(Decimal('0.1'))).replace('.', ',')}%</a>")
    without = AdministrativeArea.objects.create(
        name="Xã chưa có phiếu", code="T-0001", level="commune", parent=one.area.parent
    )
    assert figures.compute(2024, without.pk)["society"] == {"results_year": None}


def test_learning_society_card_speaks_the_readers_language_from_the_shared_cache(demo):
    """The dashboard's figures are cached for every reader alike: the card's labels are
    translated when the page is drawn, not when the figures were first computed."""
    from django.core.cache import cache

    cache.clear()
    client = Client()
    client.force_login(demo["staff"])
    assert "Dòng họ học tập" in client.get("/dashboard/?year=2025").content.decode()
    demo["staff"].language = "en"
    demo["staff"].save(update_fields=["language"])
    english = client.get("/dashboard/?year=2025").content.decode()
    assert '<html lang="en">' in english
    card = english[english.index('data-testid="value-learning_society"') :]
    card = card[: card.index("</section>")]
    assert "Learning clans" in card
    assert "Dòng họ học tập" not in card
