import pytest
from django.core import mail
from django.urls import reverse

from accounts.enums import Role
from tests.factories.accounts import user_with_role

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def test_pages_require_login_and_redirect_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"
    response = client.get("/notifications/")
    assert response["Location"] == "/accounts/login/?next=/notifications/"


def test_login_page_is_in_vietnamese_by_default(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()
    assert "Đăng nhập" in response.content.decode()


def test_login_with_correct_password_shows_home_with_role(client):
    user = user_with_role(Role.DEPARTMENT_STAFF, full_name="Nguyễn Văn An")
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain == [("/", 302)]
    body = response.content.decode()
    assert "Xin chào, Nguyễn Văn An" in body
    assert "Cán bộ Sở" in body


def test_wrong_password_shows_translated_error_and_keeps_username(client):
    user = user_with_role(Role.PRINCIPAL)
    response = client.post("/accounts/login/", {"username": user.username, "password": "nope"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vui lòng nhập chính xác tên đăng nhập và mật khẩu" in body
    assert f'value="{user.username}"' in body


def test_repeated_failures_lock_the_account_with_a_translated_message(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = user_with_role(Role.PRINCIPAL)
    for _ in range(2):
        assert (
            client.post(
                "/accounts/login/", {"username": user.username, "password": "nope"}
            ).status_code
            == 200
        )
    locked = client.post("/accounts/login/", {"username": user.username, "password": "nope"})
    assert locked.status_code == 429
    assert "Tài khoản bị tạm khóa" in locked.content.decode()
    # Even the right password is refused while locked.
    again = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_logout_requires_post(client):
    user = user_with_role(Role.PRINCIPAL)
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    user = user_with_role(Role.PRINCIPAL, email="lan@example.org")
    response = client.post("/accounts/password-reset/", {"email": "lan@example.org"})
    assert response["Location"] == "/accounts/password-reset/done/"
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    post_to = form_page.redirect_chain[-1][0]
    done = client.post(
        post_to,
        {"new_password1": "a-much-better-pass-42", "new_password2": "a-much-better-pass-42"},
    )
    assert done["Location"] == "/accounts/reset/done/"
    user.refresh_from_db()
    assert user.check_password("a-much-better-pass-42") is True


def test_session_expires_after_inactivity_setting(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 120 * 60


def test_password_change_rejects_short_password(client):
    user = user_with_role(Role.PRINCIPAL)
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "Mật khẩu này quá ngắn" in response.content.decode()


def test_failed_logins_from_many_addresses_lock_the_account(client, settings):
    """The lockout counts per account whatever the address the guesses come from."""
    settings.AXES_FAILURE_LIMIT = 3
    user = user_with_role(Role.PRINCIPAL)

    def attempt(password: str, address: str) -> int:
        return client.post(
            "/accounts/login/",
            {"username": user.username, "password": password},
            REMOTE_ADDR=address,
        ).status_code

    assert [attempt("nope", f"203.0.113.{n}") for n in (1, 2, 3)] == [200, 200, 429]
    assert attempt(PASSWORD, "198.51.100.7") == 429
    assert "_auth_user_id" not in client.session


def test_password_reset_is_rate_limited_per_address_and_per_email(client, settings):
    from django.core.cache import cache

    from tests.factories.accounts import UserFactory

    cache.clear()
    settings.PASSWORD_RESET_LIMIT = 2
    UserFactory(email="lan@example.org")
    statuses = [
        client.post("/accounts/password-reset/", {"email": "lan@example.org"}).status_code
        for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2
    refused = client.post("/accounts/password-reset/", {"email": "lan@example.org"})
    assert "Quá nhiều yêu cầu đặt lại mật khẩu" in refused.content.decode()
    # Another address asking for the same e-mail is refused too.
    other = client.post(
        "/accounts/password-reset/", {"email": "lan@example.org"}, REMOTE_ADDR="198.51.100.9"
    )
    assert other.status_code == 429
    assert len(mail.outbox) == 2
    cache.clear()
