"""The edit page saves the draft as the principal types (autosave): the same form, the
same version check and the same editing rules as the Save draft button, answered in JSON."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from learnsociety.concurrency import stale_message, version_of
from units import services
from units.models import CriterionResult, Evidence

from .test_views import _form_data, people  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _autosave_data(assessment, **kwargs):
    data = _form_data(assessment, **kwargs)
    data["action"] = "autosave"
    return data


def _result(assessment, code: str) -> CriterionResult:
    return assessment.results.select_related("criterion").get(criterion__code=code)


def test_autosave_saves_the_draft_and_returns_the_new_version(client, filled):
    assessment = filled["assessment"]
    client.force_login(filled["principal"])
    data = _autosave_data(assessment, share=39)
    c31 = _result(assessment, "3.1").criterion
    data[f"c{c31.id}-justification"] = "Danh sách đang cập nhật"

    response = client.post(f"/units/assessments/{assessment.pk}/edit/", data)

    assessment.refresh_from_db()
    body = response.json()
    assert response.status_code == 200
    assert body["saved"] is True
    assert body["version"] == version_of(assessment)
    assert body["version"] != data["version"]
    assert body["message"].startswith("Đã lưu lúc ")
    assert _result(assessment, "3.1").numerator == 39
    assert _result(assessment, "3.1").justification == "Danh sách đang cập nhật"
    assert assessment.status == "draft"


def test_autosave_with_the_returned_version_saves_again(client, filled):
    assessment = filled["assessment"]
    client.force_login(filled["principal"])
    data = _autosave_data(assessment, share=39)
    first = client.post(f"/units/assessments/{assessment.pk}/edit/", data).json()

    data["version"] = first["version"]
    data = {**data, **{k: "37" for k in data if k.endswith("-numerator")}}
    second = client.post(f"/units/assessments/{assessment.pk}/edit/", data)

    assert (second.status_code, second.json()["saved"]) == (200, True)
    assert _result(assessment, "3.1").numerator == 37


def test_autosave_refuses_a_stale_version_with_the_message_and_a_reload_link(client, filled):
    assessment = filled["assessment"]
    client.force_login(filled["principal"])
    data = _autosave_data(assessment, share=39)
    # someone else saves in between
    services.assessment_save_results(
        assessment=assessment,
        by=filled["principal"],
        entries={},
        version=version_of(assessment),
    )
    assessment.refresh_from_db()
    before = version_of(assessment)

    response = client.post(f"/units/assessments/{assessment.pk}/edit/", data)

    with translation.override("vi"):
        expected = stale_message(assessment)
    assert response.status_code == 409
    assert response.json() == {
        "saved": False,
        "stale": True,
        "messages": [expected],
        "reload": f"/units/assessments/{assessment.pk}/edit/",
    }
    assert "Thay đổi của bạn chưa được lưu" in expected
    assert _result(assessment, "3.1").numerator == 38
    assert version_of(assessment) == before


def test_autosave_without_a_version_is_refused_as_stale(client, filled):
    assessment = filled["assessment"]
    client.force_login(filled["principal"])
    data = _autosave_data(assessment, share=39)
    del data["version"]

    response = client.post(f"/units/assessments/{assessment.pk}/edit/", data)

    assert (response.status_code, response.json()["stale"]) == (409, True)
    assert _result(assessment, "3.1").numerator == 38


def test_autosave_with_invalid_values_saves_nothing_and_says_which(client, filled):
    assessment = filled["assessment"]
    client.force_login(filled["principal"])
    data = _autosave_data(assessment, share=39)
    c21 = _result(assessment, "2.1").criterion
    data[f"c{c21.id}-numerator"] = "45"

    response = client.post(f"/units/assessments/{assessment.pk}/edit/", data)

    assert response.status_code == 400
    assert response.json() == {
        "saved": False,
        "stale": False,
        "messages": [
            "Một số kết quả không hợp lệ: 2.1.",
            "2.1: Số đạt (45) không thể lớn hơn tổng số (40).",
        ],
        "reload": "",
    }
    assert _result(assessment, "2.1").numerator == 38
    assert _result(assessment, "3.1").numerator == 38


def test_autosave_of_a_submitted_dossier_is_refused(client, filled):
    assessment = filled["assessment"]
    services.assessment_submit(assessment=assessment, by=filled["principal"])
    client.force_login(filled["principal"])
    data = _autosave_data(assessment, share=39)

    response = client.post(f"/units/assessments/{assessment.pk}/edit/", data)

    assert response.status_code == 403
    assert response.json() == {
        "saved": False,
        "stale": False,
        "messages": ["Không thể sửa bản tự đánh giá này nữa: hồ sơ đã được nộp."],
        "reload": "",
    }
    assert _result(assessment, "3.1").numerator == 38


@pytest.mark.parametrize("who", ["colleague", "outsider"])
def test_autosave_by_someone_outside_the_school_is_not_found(client, people, who):  # noqa: F811
    assessment = people["assessment"]
    client.force_login(people[who])

    response = client.post(
        f"/units/assessments/{assessment.pk}/edit/", _autosave_data(assessment, share=39)
    )

    assert response.status_code == 404
    assert _result(assessment, "3.1").numerator == 38


def test_edit_page_marks_what_submitting_needs_without_blocking_a_draft(client, setting):
    assessment = services.assessment_start(
        school=setting["school"], cycle=setting["cycle"], by=setting["principal"]
    )
    client.force_login(setting["principal"])

    page = client.get(f"/units/assessments/{assessment.pk}/edit/").content.decode()

    required = _result(assessment, "1.1").criterion
    assert required.is_required
    assert (
        f'name="c{required.id}-answer" class="form-select" data-criterion="c{required.id}" '
        'aria-required="true"' in page
    )
    assert f'data-justification-for="c{required.id}" aria-required="true"' in page
    optional = next(
        r.criterion
        for r in assessment.results.select_related("criterion")
        if not r.criterion.is_required
    )
    assert f'data-justification-for="c{optional.id}" aria-required="false"' in page
    assert " required" not in page.split('id="results-form"')[1].split("</form>")[0]
    assert f'data-autosave="assessment:{assessment.pk}"' in page
    assert "js/autosave.js" in page


def test_upload_inputs_carry_the_server_limits_and_camera_friendly_types(client, filled, settings):
    settings.UPLOAD_MAX_MB = 7
    assessment = filled["assessment"]
    client.force_login(filled["principal"])

    page = client.get(f"/units/assessments/{assessment.pk}/edit/").content.decode()

    assert page.count('data-max-bytes="7340032"') == 3  # evidence and both documents
    assert 'accept="image/*,.pdf,.png,' in page
    assert "Tệp quá lớn ({size} MB); giới hạn là 7 MB." in page
    assert 'capture="environment"' in page


def test_upload_sent_by_the_page_script_gets_where_to_go_in_json(client, filled):
    assessment = filled["assessment"]
    client.force_login(filled["principal"])
    result = _result(assessment, "1.1")

    response = client.post(
        f"/units/assessments/{assessment.pk}/evidence/",
        {
            "title": "Kế hoạch",
            "file": SimpleUploadedFile("ke-hoach.pdf", PDF),
            "results": [result.pk],
        },
        HTTP_X_UPLOAD_PROGRESS="1",
    )

    assert response.json() == {"location": f"/units/assessments/{assessment.pk}/edit/"}
    assert Evidence.objects.get(assessment=assessment).title == "Kế hoạch"
    page = client.get(response.json()["location"])
    assert [str(m) for m in page.context["messages"]] == ["Đã thêm minh chứng."]
