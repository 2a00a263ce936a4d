from datetime import date, timedelta
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.enums import OrganisationKind, Role
from awards.enums import REQUIRED_DOCUMENTS, Gender, NominationStatus, NomineeKind
from awards.models import (
    AwardForm,
    Council,
    CouncilMember,
    Nomination,
    NominationDocument,
    NominationRound,
    RoundForm,
    RubricCriterion,
)
from tests.factories.accounts import OrganisationFactory, user_with_role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name: str = "doc.pdf") -> ContentFile:
    return ContentFile(PDF, name=name)


class AwardFormFactory(DjangoModelFactory):
    class Meta:
        model = AwardForm

    code = factory.Sequence(lambda n: f"F{n:03d}")
    name_vi = factory.Sequence(lambda n: f"Giấy khen {n}")
    name_en = factory.Sequence(lambda n: f"Certificate of merit {n}")
    issuing_organisation = factory.SubFactory(
        OrganisationFactory, kind=OrganisationKind.ASSOCIATION
    )
    nominee_kind = NomineeKind.BOTH
    default_quota = 5


class RoundFactory(DjangoModelFactory):
    class Meta:
        model = NominationRound
        skip_postgeneration_save = True

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    title = factory.Sequence(lambda n: f"Đợt xét {n}")
    opening_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    submission_deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))
    review_deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=40))
    reviews_required = 2


def make_round(*, forms=None, quota: int = 5, reviewers=(), **fields) -> NominationRound:
    """A round offering ``forms`` (one new form if omitted) with a two-criterion rubric
    (weights 2 and 1)."""
    round_ = RoundFactory(**fields)
    for form in forms or [AwardFormFactory()]:
        RoundForm.objects.create(round=round_, form=form, quota=quota)
    RubricCriterion.objects.create(
        round=round_, name_vi="Thành tích", name_en="Achievement", weight=Decimal("2"), order=0
    )
    RubricCriterion.objects.create(
        round=round_, name_vi="Lan tỏa", name_en="Influence", weight=Decimal("1"), order=1
    )
    for reviewer in reviewers:
        seat_on_councils(round_, reviewer)
    return round_


def seat_on_councils(round_: NominationRound, user, organisation=None) -> None:
    """Seat ``user`` on the council of every organisation that runs a form of the round,
    their council seat at ``organisation`` (their own organisation by default)."""
    from accounts.models import Membership

    seat_org = (
        organisation or Membership.objects.filter(user=user).order_by("id").first().organisation
    )
    for rf in round_.round_forms.select_related("form"):
        council, _ = Council.objects.get_or_create(organisation_id=rf.form.acting_organisation_id)
        CouncilMember.objects.get_or_create(
            council=council, user=user, defaults={"organisation": seat_org, "added_by": user}
        )


def officer(**fields):
    """An association officer in their own association (so reviewing schools is no conflict)."""
    return user_with_role(Role.ASSOCIATION_OFFICER, **fields)


class NominationFactory(DjangoModelFactory):
    class Meta:
        model = Nomination

    round = factory.LazyFunction(make_round)
    form = factory.LazyAttribute(lambda n: n.round.round_forms.first().form)
    nominee_kind = NomineeKind.INDIVIDUAL
    nominee_name = factory.Sequence(lambda n: f"Giáo viên {n}")
    gender = Gender.FEMALE
    date_of_birth = date(1985, 5, 5)
    position = "Giáo viên"
    nominee_organisation = factory.LazyAttribute(lambda n: n.nominating_organisation)
    nominating_organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.SCHOOL)
    created_by = factory.LazyAttribute(
        lambda n: user_with_role(Role.PRINCIPAL, n.nominating_organisation)
    )
    achievement_start = date(2024, 9, 1)
    achievement_end = date(2025, 5, 31)
    summary = "Thành tích xuất sắc."
    status = NominationStatus.DRAFT
    nominee_key = factory.LazyAttribute(lambda n: "")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = model_class(*args, **kwargs)
        obj.nominee_key = obj.compute_nominee_key()
        obj.save()
        return obj


def add_documents(nomination, kinds=REQUIRED_DOCUMENTS) -> None:
    for kind in kinds:
        doc = NominationDocument(
            nomination=nomination, kind=kind, uploaded_by=nomination.created_by
        )
        doc.file.save(f"{kind}.pdf", pdf_file(), save=False)
        doc.save()


def submitted(**fields) -> Nomination:
    """A nomination with its dossier, submitted."""
    fields.setdefault("status", NominationStatus.SUBMITTED)
    fields.setdefault("submitted_at", timezone.now())
    nomination = NominationFactory(**fields)
    add_documents(nomination)
    return nomination
