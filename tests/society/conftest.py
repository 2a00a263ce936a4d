"""A small world for the learning-society tests: two provinces, their communes, the
communes' Association branches with a secretary each, officers and staff, and a round."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from accounts.enums import AreaLevel, OrganisationKind, Role, Tier
from tests.factories.accounts import AreaFactory, OrganisationFactory, user_with_role

# Figures of a valid commune return (every rule holds).
GOOD = {
    "households": 1000,
    "families_registered": 900,
    "families_recognised": 800,
    "clans_total": 20,
    "clans_registered": 18,
    "clans_recognised": 15,
    "villages_total": 10,
    "villages_registered": 9,
    "villages_recognised": 8,
    "commune_recognised": 1,
    "citizens_registered": 3000,
    "citizens_recognised": 2500,
    "citizens_officials": 300,
    "citizens_enterprise": 500,
    "citizens_other": 1700,
    "citizens_digital_share": 70,
    "units_total": 20,
    "units_registered": 18,
    "units_recognised": 16,
}


def commune_area(province, name: str, code: str, **fields):
    return AreaFactory(code=code, name=name, level=AreaLevel.COMMUNE, parent=province, **fields)


def branch(area):
    return OrganisationFactory(
        kind=OrganisationKind.ASSOCIATION_BRANCH,
        tier=Tier.COMMUNE,
        area=area,
        name=f"Hội Khuyến học {area.name}",
    )


@pytest.fixture
def world(db):
    from society.models import CollectionRound, ReturnForm

    province = AreaFactory(code="P14", name="Tỉnh Thử", level=AreaLevel.PROVINCE)
    other_province = AreaFactory(code="P99", name="Tỉnh Khác", level=AreaLevel.PROVINCE)
    a = commune_area(province, "Phường An", "C1")
    b = commune_area(province, "Xã Bình", "C2")
    c = commune_area(other_province, "Xã Cao", "C3")
    association = OrganisationFactory(
        kind=OrganisationKind.ASSOCIATION, area=province, name="Hội Khuyến học tỉnh"
    )
    other_association = OrganisationFactory(
        kind=OrganisationKind.ASSOCIATION, area=other_province, name="Hội Khuyến học tỉnh khác"
    )
    doet = OrganisationFactory(kind=OrganisationKind.DEPARTMENT, area=province)
    users = {
        "sec_a": user_with_role(Role.COMMUNE_SECRETARY, branch(a), username="sec_a"),
        "sec_b": user_with_role(Role.COMMUNE_SECRETARY, branch(b), username="sec_b"),
        "sec_c": user_with_role(Role.COMMUNE_SECRETARY, branch(c), username="sec_c"),
        "officer": user_with_role(Role.ASSOCIATION_OFFICER, association, username="officer"),
        "officer2": user_with_role(
            Role.ASSOCIATION_OFFICER, other_association, username="officer2"
        ),
        "staff": user_with_role(Role.DEPARTMENT_STAFF, doet, username="staff"),
        "principal": user_with_role(Role.PRINCIPAL, username="principal"),
    }
    forms = {f.level: f for f in ReturnForm.objects.filter(version=1)}
    round_ = CollectionRound.objects.create(
        year=2025,
        commune_form=forms["commune"],
        village_form=forms["village"],
        opens_on=date(2025, 11, 1),
        deadline=date(2026, 1, 15),
        map_date=date(2025, 7, 1),
    )
    return {
        "province": province,
        "other_province": other_province,
        "a": a,
        "b": b,
        "c": c,
        "users": users,
        "forms": forms,
        "round": round_,
    }


@pytest.fixture
def clients(world):
    made = {}
    for name, user in world["users"].items():
        client = Client()
        client.force_login(user)
        made[name] = client
    return made


def start(world, area, user=None):
    from society import services

    user = user or world["users"]["sec_a"]
    return services.return_start(by=user, round_=world["round"], area=area)


def post_values(client, ret, values: dict, notes: dict | None = None, action: str = "save"):
    data = {f"v_{k}": "" if v is None else str(v) for k, v in values.items()}
    for k, v in (notes or {}).items():
        data[f"n_{k}"] = v
    data[action] = "1"
    return client.post(f"/society/returns/{ret.pk}/edit/", data)


def accepted(world, area, values: dict, round_=None, by=None):
    """A return accepted through the services (figures as given)."""
    from society import services
    from society.models import CommuneReturn

    round_ = round_ or world["round"]
    secretary = by or world["users"]["sec_a"]
    ret = CommuneReturn.objects.create(round=round_, area=area, created_by=secretary)
    admin = _admin()
    services.return_save(by=admin, ret=ret, values={k: Decimal(v) for k, v in values.items()})
    services.return_submit(by=admin, ret=ret)
    services.return_review(by=admin, ret=ret, accept=True)
    ret.refresh_from_db()
    return ret


def _admin():
    from accounts.models import User

    user, created = User.objects.get_or_create(
        username="root", defaults={"is_superuser": True, "is_staff": True}
    )
    return user
