"""Nothing typed is lost: the principal's self-assessment saves itself as she types, keeps
what could not be sent on the phone while the line is down, and sends it when it is back
(or when the page is opened again)."""

import re

from playwright.sync_api import expect

from learnsociety.concurrency import version_of
from units import services

from .conftest import SCREENSHOTS as shot_dir
from .conftest import login

KEPT = "learnsociety:assessment:"
SAVED = re.compile(r"^Đã lưu lúc \d\d:\d\d$")


def _open_assessment():
    from units.models import SelfAssessment

    return SelfAssessment.objects.get(
        school__organisation__code="SL-THCS-CHIENGLE", cycle__state="open"
    )


def _saved(assessment, code: str):
    result = assessment.results.get(criterion__code=code)
    return result.answer, result.justification


def _kept_keys(page) -> list[str]:
    return page.evaluate(f"Object.keys(localStorage).filter(k => k.startsWith('{KEPT}'))")


def test_units_autosave_keeps_answers_offline_and_sends_them_when_back_online(
    page, demo_live, shot, tmp_path
):
    base = demo_live.url
    assessment = _open_assessment()
    assert assessment.status == "draft"
    login(page, base, "principal")
    page.goto(f"{base}/units/assessments/{assessment.pk}/edit/")
    status = page.locator("[data-testid=autosave-status]")
    kept = page.locator("[data-testid=autosave-kept]")

    # Typing is saved by itself a few seconds later, without pressing Save draft.
    page.select_option("[data-testid='criterion-1.1'] select", "yes")
    page.fill("[data-testid='criterion-1.1'] textarea", "Kế hoạch năm học đã ban hành.")
    expect(status).to_have_text(SAVED, timeout=15000)
    assert _saved(assessment, "1.1") == (True, "Kế hoạch năm học đã ban hành.")
    version = page.input_value("#results-form input[name=version]")

    # The line drops: what is typed now stays on the phone, with a notice.
    page.context.set_offline(True)
    page.select_option("[data-testid='criterion-1.2'] select", "yes")
    page.fill("[data-testid='criterion-1.2'] textarea", "Biên bản họp hội đồng trường.")
    expect(kept).to_be_visible(timeout=15000)
    assert "Chưa gửi được: đã giữ lại trên thiết bị này" in kept.inner_text()
    shot(page, "units-autosave-01-offline-kept")
    assert _kept_keys(page) == [f"{KEPT}{assessment.pk}:{version}"]
    assert _saved(assessment, "1.2") == (None, "")

    # Back online: sent at once, the notice goes and the kept copy is cleared.
    page.context.set_offline(False)
    expect(kept).to_be_hidden(timeout=15000)
    expect(status).to_have_text(SAVED)
    assert _saved(assessment, "1.2") == (True, "Biên bản họp hội đồng trường.")
    assert _kept_keys(page) == []
    shot(page, "units-autosave-02-back-online")

    page.reload()
    assert page.input_value("[data-testid='criterion-1.2'] textarea") == (
        "Biên bản họp hội đồng trường."
    )
    assert page.input_value("[data-testid='criterion-1.2'] select") == "yes"

    # A save lost on the way (the request fails): the next opening of the page puts the
    # kept answers back into the form and sends them.
    page.route(
        "**/edit/",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    page.fill("[data-testid='criterion-1.3'] textarea", "Sổ theo dõi học tập.")
    expect(kept).to_be_visible(timeout=15000)
    page.unroute("**/edit/")
    page.goto(f"{base}/")
    page.goto(f"{base}/units/assessments/{assessment.pk}/edit/")
    expect(status).to_have_text(SAVED, timeout=15000)
    assert page.input_value("[data-testid='criterion-1.3'] textarea") == "Sổ theo dõi học tập."
    assert _saved(assessment, "1.3")[1] == "Sổ theo dõi học tập."
    assert _kept_keys(page) == []

    # Evidence is checked before it crosses the line, then sent with a progress bar.
    sent = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    bad = tmp_path / "bao-cao.heic"
    bad.write_bytes(b"\x00\x00\x00\x18ftypheic")
    form = page.locator("[data-testid=evidence-form]")
    form.locator("input[name=title]").fill("Ảnh buổi học")
    form.locator("input[name=file]").set_input_files(str(bad))
    form.locator("input[type=checkbox]").first.check()
    form.locator("button[type=submit]").click()
    expect(form.locator("[data-testid=upload-error]")).to_contain_text(
        "Không chấp nhận loại tệp này"
    )
    assert [url for url in sent if "/evidence/" in url] == []
    form.scroll_into_view_if_needed()
    page.screenshot(path=str(shot_dir / "units-autosave-03-upload-refused.png"))
    photo = tmp_path / "buoi-hoc.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 2000)
    form.locator("[data-testid=evidence-photo]").set_input_files(str(photo))
    expect(form.locator("[data-testid=upload-error]")).to_have_text("")
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=evidence-list]")).to_contain_text("Ảnh buổi học")
    assert "Đã thêm minh chứng." in page.locator(".alert-success").inner_text()

    # Someone else saves the dossier meanwhile: the autosave is refused with who and when,
    # nothing is overwritten, and the reload offers the answers kept here.
    assessment.refresh_from_db()
    services.assessment_save_results(
        assessment=assessment,
        by=assessment.created_by,  # the principal again, on another device
        entries={},
        version=version_of(assessment),
    )
    page.fill("[data-testid='criterion-1.4'] textarea", "Phòng máy tính 20 bộ.")
    refused = page.locator("[data-testid=autosave-refused]")
    expect(refused).to_be_visible(timeout=15000)
    assert "đã được người khác sửa" in refused.inner_text()
    assert _saved(assessment, "1.4")[1] == ""
    shot(page, "units-autosave-04-stale-refused")
    refused.get_by_role("link").click()
    older = page.locator("[data-testid=autosave-older]")
    expect(older).to_be_visible()
    assert page.input_value("[data-testid='criterion-1.4'] textarea") == ""
    # what differs, side by side: the answer kept here and the saved (empty) one
    compare = older.locator("[data-testid=autosave-compare]").inner_text()
    assert "1.4" in compare
    assert "Trên thiết bị này: Phòng máy tính 20 bộ." in compare
    assert "Đã lưu trên máy chủ: (để trống)" in compare
    shot(page, "units-autosave-05-compare")
    older.get_by_role("button").first.click()
    assert page.input_value("[data-testid='criterion-1.4'] textarea") == "Phòng máy tính 20 bộ."
    expect(page.locator("[data-testid=autosave-status]")).to_have_text(SAVED, timeout=15000)
    assert _saved(assessment, "1.4")[1] == "Phòng máy tính 20 bộ."
