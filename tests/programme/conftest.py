import pytest

from accounts.enums import Role
from tests.factories.accounts import user_with_role
from tests.factories.programme import ProgrammeFactory, officer_user, staff_user


@pytest.fixture
def programme(db):
    return ProgrammeFactory()


@pytest.fixture
def staff(db):
    return staff_user(username="t-staff")


@pytest.fixture
def officer(db):
    return officer_user(username="t-officer")


@pytest.fixture
def principal(db):
    return user_with_role(Role.PRINCIPAL, username="t-principal")


@pytest.fixture
def admin_user(db):
    return user_with_role(Role.ADMINISTRATOR, username="t-admin")


def client_for(client, user):
    client.force_login(user)
    return client
