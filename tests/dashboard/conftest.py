import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Figures are cached for a minute: every test starts from the database.
    cache.clear()
    yield
    cache.clear()


def multiply_demo(factor: int = 10) -> None:
    """Copy the demo's schools (with their recognitions and self-assessments), nominations
    (with their commendations) and milestones so that there are ``factor`` times as many."""
    from accounts.models import Organisation
    from awards.models import Commendation, Nomination
    from programme.models import Milestone
    from units.models import Recognition, School, SelfAssessment

    schools = list(School.objects.select_related("organisation"))
    recognitions = list(Recognition.objects.all())
    assessments = list(SelfAssessment.objects.all())
    for copy in range(1, factor):
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"{s.organisation.name} ({copy})",
                    kind=s.organisation.kind,
                    tier=s.organisation.tier,
                    code=f"{s.organisation.code}-{copy}",
                    parent_id=s.organisation.parent_id,
                    area_id=s.organisation.area_id,
                    is_active=s.organisation.is_active,
                )
                for s in schools
            ]
        )
        new_id = {s.pk: org.pk for s, org in zip(schools, orgs, strict=True)}
        School.objects.bulk_create(
            [
                School(organisation_id=new_id[s.pk], education_level=s.education_level)
                for s in schools
            ]
        )
        Recognition.objects.bulk_create(
            [
                Recognition(
                    school_id=new_id[r.school_id],
                    year=r.year,
                    framework_id=r.framework_id,
                    outcome_id=r.outcome_id,
                    cycle_id=r.cycle_id,
                    decision_id=r.decision_id,
                    decision_number=r.decision_number,
                    decision_date=r.decision_date,
                    revoked=r.revoked,
                )
                for r in recognitions
            ]
        )
        SelfAssessment.objects.bulk_create(
            [
                SelfAssessment(
                    cycle_id=a.cycle_id,
                    school_id=new_id[a.school_id],
                    area_id=a.area_id,
                    authority_id=a.authority_id,
                    status=a.status,
                    submitted_at=a.submitted_at,
                    created_by_id=a.created_by_id,
                )
                for a in assessments
            ]
        )
    nominations = list(Nomination.objects.all())
    commendations = {c.nomination_id: c for c in Commendation.objects.all()}
    for copy in range(1, factor):
        made = []
        for n in nominations:
            original = n.pk
            n.pk = None
            n.id = None
            n.nominee_name = f"{n.nominee_name.split(' #')[0]} #{copy}"
            n._original = original
            made.append(n)
        created = Nomination.objects.bulk_create(made)
        Commendation.objects.bulk_create(
            [
                Commendation(
                    nomination_id=n.pk,
                    decision_id=commendations[n._original].decision_id,
                    code=f"{commendations[n._original].code}-{copy}",
                    nominee_name=n.nominee_name,
                    nominee_kind=commendations[n._original].nominee_kind,
                    organisation_name=commendations[n._original].organisation_name,
                    form_id=commendations[n._original].form_id,
                    achievement="-",
                    revoked=commendations[n._original].revoked,
                )
                for n in created
                if n._original in commendations
            ]
        )
        Commendation.fill_provinces()  # bulk_create skips Commendation.save
        for n in created:
            n.pk = n.id = n._original
    milestones = list(Milestone.objects.all())
    for _copy in range(1, factor):
        Milestone.objects.bulk_create(
            [
                Milestone(
                    commitment_id=m.commitment_id,
                    title=m.title,
                    due_date=m.due_date,
                    status=m.status,
                    done_on=m.done_on,
                )
                for m in milestones
            ]
        )
