"""The nomination form saves itself as the nominator types (static/js/autosave.js): the
same form, checks and version as "Save draft", answered in JSON. Half-filled answers wait
on the device without an alarm; someone else's newer save is never overwritten."""

import re

import pytest

from awards.enums import NominationStatus
from awards.models import Nomination
from learnsociety.concurrency import version_of
from tests.factories.awards import submitted

from .conftest import upload
from .test_nominations import _data

pytestmark = pytest.mark.django_db


def _autosave(client, url, data):
    return client.post(url, {**data, "action": "autosave"}, HTTP_ACCEPT="application/json")


def test_first_autosave_creates_the_draft_and_moves_the_form_to_it(client, world):
    client.force_login(world["principal"])
    response = _autosave(client, "/awards/nominations/new/", _data(world))
    assert response.status_code == 200
    nomination = Nomination.objects.get()
    body = response.json()
    assert body["saved"] is True
    assert body["location"] == f"/awards/nominations/{nomination.pk}/edit/"
    assert body["key"] == f"nomination:{nomination.pk}"
    assert body["version"] == version_of(nomination)
    assert body["message"].startswith("Đã lưu lúc ")
    assert (nomination.status, nomination.nominee_name) == (
        NominationStatus.DRAFT,
        "Lường Thị Hoa",
    )

    # the next autosave posts to the draft's own page with the version it was given
    response = _autosave(
        client,
        body["location"],
        _data(world, position="Tổ trưởng chuyên môn", version=body["version"]),
    )
    nomination.refresh_from_db()
    assert response.json()["saved"] is True
    assert response.json()["location"] == ""
    assert nomination.position == "Tổ trưởng chuyên môn"
    assert response.json()["version"] == version_of(nomination)
    assert Nomination.objects.count() == 1


def test_half_filled_form_is_not_saved_and_says_what_is_missing_without_alarm(client, world):
    client.force_login(world["principal"])
    response = _autosave(
        client, "/awards/nominations/new/", _data(world, nominee_name="", summary="")
    )
    assert response.status_code == 400
    body = response.json()
    assert (body["saved"], body.get("incomplete"), body["stale"]) == (False, True, False)
    assert body["messages"][0].startswith("Chưa lưu: cần điền hoặc sửa ")
    assert "Tóm tắt thành tích" in body["messages"][0]
    assert not Nomination.objects.exists()


def test_autosave_on_a_stale_version_overwrites_nothing(client, world):
    client.force_login(world["principal"])
    client.post("/awards/nominations/new/", _data(world))
    nomination = Nomination.objects.get()
    old = version_of(nomination)
    client.post(
        f"/awards/nominations/{nomination.pk}/edit/",
        _data(world, position="Phó hiệu trưởng", version=old),
    )
    response = _autosave(
        client,
        f"/awards/nominations/{nomination.pk}/edit/",
        _data(world, position="Giáo viên", version=old),
    )
    nomination.refresh_from_db()
    assert response.status_code == 409
    body = response.json()
    assert (body["saved"], body["stale"]) == (False, True)
    assert body["reload"] == f"/awards/nominations/{nomination.pk}/edit/"
    assert "người khác sửa" in " ".join(body["messages"])
    assert nomination.position == "Phó hiệu trưởng"


def test_autosave_of_a_submitted_nomination_is_refused(client, world):
    nomination = submitted(
        round=world["round"], nominating_organisation=world["school"], created_by=world["principal"]
    )
    client.force_login(world["principal"])
    response = _autosave(
        client,
        f"/awards/nominations/{nomination.pk}/edit/",
        _data(world, nominee_name="Tên khác", version=version_of(nomination)),
    )
    nomination.refresh_from_db()
    assert response.status_code == 403
    assert response.json()["saved"] is False
    assert nomination.nominee_name != "Tên khác"


def test_form_pages_carry_the_autosave_and_the_upload_checks(client, world):
    client.force_login(world["principal"])
    page = client.get("/awards/nominations/new/").content.decode()
    assert 'data-autosave="nomination:new"' in page
    assert 'action="/awards/nominations/new/"' in page
    assert "js/autosave.js" in page
    # needed for one kind of nominee only: marked by the page as the kind is chosen
    gender = re.search(r'<select name="gender"[^>]*>', page).group(0)
    assert 'data-required-for="individual"' in gender
    kind = re.search(r'<select name="collective_kind"[^>]*>', page).group(0)
    assert 'data-required-for="collective"' in kind
    client.post("/awards/nominations/new/", _data(world))
    nomination = Nomination.objects.get()
    page = client.get(f"/awards/nominations/{nomination.pk}/edit/").content.decode()
    assert f'data-autosave="nomination:{nomination.pk}"' in page
    detail = client.get(f"/awards/nominations/{nomination.pk}/").content.decode()
    assert "data-upload-check" in detail
    assert "data-upload-progress" in detail
    assert 'data-max-bytes="' in detail


def test_document_sent_with_progress_answers_where_to_go(client, world):
    client.force_login(world["principal"])
    client.post("/awards/nominations/new/", _data(world))
    nomination = Nomination.objects.get()
    response = client.post(
        f"/awards/nominations/{nomination.pk}/documents/",
        {"kind": "proof", "file": upload()},
        HTTP_X_UPLOAD_PROGRESS="1",
    )
    assert response.status_code == 200
    assert response.json() == {"location": f"/awards/nominations/{nomination.pk}/"}
    assert nomination.documents.count() == 1
