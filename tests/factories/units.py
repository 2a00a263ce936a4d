"""Factories for the units app. Frameworks come from the data migration (Circulars
24/2023 and 22/2020), looked up by code."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from accounts.enums import OrganisationKind, Role, Tier
from tests.factories.accounts import OrganisationFactory, SchoolFactory, user_with_role
from units.models import Cycle, Framework, School, SchoolYearFigures


def framework(code: str = "TT24-2023") -> Framework:
    return Framework.objects.filter(code=code).order_by("version").first()


class SchoolProfileFactory(DjangoModelFactory):
    class Meta:
        model = School

    organisation = factory.SubFactory(SchoolFactory)
    education_level = "lower_secondary"


class FiguresFactory(DjangoModelFactory):
    class Meta:
        model = SchoolYearFigures

    school = factory.SubFactory(SchoolProfileFactory)
    year = 2025
    staff = 40
    learners = 600


class CycleFactory(DjangoModelFactory):
    class Meta:
        model = Cycle

    year = 2025
    tier = Tier.DISTRICT
    framework = factory.LazyFunction(framework)
    opens_on = date(2025, 1, 1)
    submission_deadline = date(2026, 1, 15)
    review_deadline = date(2026, 2, 28)
    authority = factory.SubFactory(
        OrganisationFactory, kind=OrganisationKind.PEOPLES_COMMITTEE, tier=Tier.DISTRICT
    )
    state = "open"


def school_with_people(
    *,
    level: str = "lower_secondary",
    tier: str = Tier.DISTRICT,
    year: int = 2025,
    staff: int = 40,
    learners: int = 600,
):
    """A school profile with figures, its principal, and the reviewer of its area."""
    org = SchoolFactory(tier=tier)
    school = SchoolProfileFactory(organisation=org, education_level=level)
    FiguresFactory(school=school, year=year, staff=staff, learners=learners)
    principal = user_with_role(Role.PRINCIPAL, org)
    office = OrganisationFactory(kind=OrganisationKind.EDUCATION_OFFICE, area=org.area)
    reviewer = user_with_role(Role.TIER_REVIEWER, office)
    return school, principal, reviewer
