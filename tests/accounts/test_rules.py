import pytest

from accounts import roles
from accounts.enums import OrganisationKind, Role
from accounts.rules import (
    is_administrator,
    is_association_officer,
    is_department_staff,
    is_member_of_organisation,
    is_principal,
    is_principal_of,
    is_tier_reviewer,
    reviews_area_of,
)
from tests.factories.accounts import (
    AreaFactory,
    MembershipFactory,
    OrganisationFactory,
    SchoolFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def test_role_predicates_follow_active_memberships():
    staff = user_with_role(Role.DEPARTMENT_STAFF)
    officer = user_with_role(Role.ASSOCIATION_OFFICER)
    assert [is_department_staff(staff), is_association_officer(staff)] == [True, False]
    assert [is_department_staff(officer), is_association_officer(officer)] == [False, True]
    assert [is_principal(staff), is_tier_reviewer(staff), is_administrator(staff)] == [
        False,
        False,
        False,
    ]


def test_inactive_membership_grants_nothing():
    user = UserFactory()
    MembershipFactory(user=user, role=Role.DEPARTMENT_STAFF, is_active=False)
    assert is_department_staff(user) is False


def test_membership_of_inactive_organisation_grants_nothing():
    org = OrganisationFactory(is_active=False)
    user = user_with_role(Role.DEPARTMENT_STAFF, org)
    assert is_department_staff(user) is False


def test_superuser_is_administrator_without_membership():
    assert is_administrator(UserFactory(is_superuser=True)) is True


def test_principal_of_own_school_only():
    alice_school, charlie_school = SchoolFactory(), SchoolFactory()
    alice = user_with_role(Role.PRINCIPAL, alice_school)
    assert is_principal_of(alice, alice_school) is True
    assert is_principal_of(alice, charlie_school) is False
    assert is_member_of_organisation(alice, alice_school.pk) is True
    assert is_member_of_organisation(alice, charlie_school) is False


def test_tier_reviewer_covers_only_the_area_of_their_office():
    area, other_area = AreaFactory(), AreaFactory()
    office = OrganisationFactory(kind=OrganisationKind.EDUCATION_OFFICE, area=area)
    reviewer = user_with_role(Role.TIER_REVIEWER, office)
    assert reviews_area_of(reviewer, SchoolFactory(area=area)) is True
    assert reviews_area_of(reviewer, SchoolFactory(area=other_area)) is False
    # A principal of a school in that area is no reviewer of it.
    school = SchoolFactory(area=area)
    principal = user_with_role(Role.PRINCIPAL, school)
    assert reviews_area_of(principal, school) is False


def test_memberships_are_loaded_once_per_user_object(django_assert_num_queries):
    user = user_with_role(Role.DEPARTMENT_STAFF)
    with django_assert_num_queries(1):
        assert roles.roles(user) == {Role.DEPARTMENT_STAFF}
        assert is_department_staff(user) is True
        assert is_principal(user) is False
