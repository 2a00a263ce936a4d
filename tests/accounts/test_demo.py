import pytest
from django.core.management import CommandError, call_command

from accounts.enums import OrganisationKind, Role
from accounts.models import AdministrativeArea, Membership, Organisation, User
from accounts.roles import province_scope
from accounts.rules import reviews_area_of

pytestmark = pytest.mark.django_db

# the README's accounts, with the two further members of the awards councils
DEMO_USERS = [
    "admin",
    "commune",
    "national",
    "officer",
    "officer2",
    "principal",
    "principal2",
    "reviewer",
    "staff",
    "staff2",
]
HISTORY_USERS = ["reviewer_city"]


def _counts():
    return (
        User.objects.count(),
        Organisation.objects.count(),
        AdministrativeArea.objects.count(),
        Membership.objects.count(),
    )


def test_load_demo_creates_the_province_and_is_idempotent(demo):
    first = _counts()
    call_command("load_demo", "--force", verbosity=0)
    assert _counts() == first
    assert sorted(User.objects.values_list("username", flat=True)) == sorted(
        DEMO_USERS + HISTORY_USERS
    )
    assert sorted(User.objects.filter(is_active=False).values_list("username", flat=True)) == (
        HISTORY_USERS
    )
    assert AdministrativeArea.objects.filter(level="district").count() == 12
    schools = Organisation.objects.filter(kind=OrganisationKind.SCHOOL)
    assert schools.count() == 60
    assert set(schools.values_list("tier", flat=True)) == {"commune", "provincial"}


def test_demo_accounts_log_in_with_the_demo_password(client, demo):
    for username in DEMO_USERS:
        client.post("/accounts/login/", {"username": username, "password": "learnsociety-demo"})
        assert client.session["_auth_user_id"] == str(demo[username].pk), username
        client.post("/accounts/logout/")


def test_demo_roles_match_the_brief(demo):
    principal_school = Membership.objects.get(user=demo["principal"]).organisation
    other_school = Membership.objects.get(user=demo["principal2"]).organisation
    assert principal_school.name == "Trường THCS Chiềng Lề"
    assert (principal_school.area.code, principal_school.area.name) == ("3646", "Phường Tô Hiệu")
    assert (other_school.area.code, other_school.area.name) == ("3980", "Phường Mộc Châu")
    office = Membership.objects.get(user=demo["reviewer"], is_active=True).organisation
    assert (office.name, office.kind, office.area.code) == (
        "Phòng Văn hóa - Xã hội phường Tô Hiệu",
        OrganisationKind.CULTURE_SOCIETY_OFFICE,
        "3646",
    )
    city_reviewer = User.objects.get(username="reviewer_city")
    assert city_reviewer.is_active is False
    assert Membership.objects.get(user=city_reviewer).organisation.name == (
        "Phòng Giáo dục và Đào tạo thành phố Sơn La"
    )
    assert reviews_area_of(demo["reviewer"], principal_school) is True
    assert reviews_area_of(demo["reviewer"], other_school) is False
    assert demo["admin"].is_superuser is True
    assert Membership.objects.get(user=demo["officer"]).role == Role.ASSOCIATION_OFFICER


def test_demo_national_viewer_belongs_to_the_ministry_of_no_province(demo):
    membership = Membership.objects.select_related("organisation").get(user=demo["national"])
    ministry = membership.organisation
    assert membership.role == Role.NATIONAL_VIEWER
    assert (ministry.name, ministry.kind, ministry.tier) == (
        "Bộ Giáo dục và Đào tạo",
        OrganisationKind.MINISTRY,
        "",
    )
    assert (ministry.area_id, ministry.province_id) == (None, None)
    assert demo["national"].language == "vi"
    assert province_scope(demo["national"]) is None


def test_demo_keeps_districts_after_the_2025_reorganisation(demo):
    city = AdministrativeArea.objects.get(name="Thành phố Sơn La")
    assert str(city.valid_to) == "2025-06-30"
    assert city.successors.count() == 4


def test_load_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("load_demo", verbosity=0)
    assert User.objects.count() == 0
    call_command("load_demo", "--force", verbosity=0)
    # with the two further members of the awards councils (officer2, staff2), the commune
    # secretary and the national viewer
    assert User.objects.count() == 11


def test_load_demo_if_empty_leaves_an_existing_database_alone(db):
    User.objects.create_user("existing", password="x-long-password-1")
    call_command("load_demo", "--if-empty", "--force", verbosity=0)
    assert list(User.objects.values_list("username", flat=True)) == ["existing"]
    assert Organisation.objects.count() == 0
