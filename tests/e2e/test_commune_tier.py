"""The commune tier since 1 July 2025: the reviewer of Phường Tô Hiệu's culture and society
office verifies a dossier of its ward and records the ward People's Committee's decision;
a dossier of another ward answers 404."""

from .conftest import login


def _dossier(code: str):
    """The school's dossier in last year's cycle: the one in review (legal calendar)."""
    from django.utils import timezone

    from units.models import SelfAssessment

    return SelfAssessment.objects.select_related("cycle", "authority").get(
        school__organisation__code=code, cycle__year=timezone.localdate().year - 1
    )


def test_commune_reviewer_verifies_and_records_the_wards_decision(page, demo_live, shot):
    base = demo_live.url
    page.on("dialog", lambda dialog: dialog.accept())
    dossier = _dossier("SL-THCS-QUYETTHANG")
    other = _dossier("MC-THCS-MOCLY")
    assert (dossier.status, dossier.authority.name) == (
        "submitted",
        "Ủy ban nhân dân phường Tô Hiệu",
    )

    login(page, base, "reviewer")
    page.goto(f"{base}/units/review/")
    queue = page.locator("[data-testid=queue-row]").all_inner_texts()
    assert any("Trường THCS Quyết Thắng" in row for row in queue)
    assert not any("Mộc Lỵ" in row for row in queue)
    shot(page, "commune-01-reviewer-queue")

    # Another ward's dossier does not exist for this reviewer.
    response = page.goto(f"{base}/units/assessments/{other.pk}/")
    assert response.status == 404

    page.goto(f"{base}/units/assessments/{dossier.pk}/review/")
    page.click("[data-testid=review-verify]")
    assert page.locator("[data-testid=status-verified]").count() == 1
    shot(page, "commune-02-reviewer-verified")

    page.goto(f"{base}/units/cycles/{dossier.cycle_id}/")
    page.click("[data-testid=record-decision]")
    assert (
        page.locator("[data-testid=decision-authority]").inner_text()
        == "Ủy ban nhân dân phường Tô Hiệu"
    )
    assert "Mộc Lỵ" not in page.locator("main").inner_text()
    page.fill("input[name=number]", "12/QĐ-UBND")
    page.fill("input[name=decided_on]", f"{dossier.cycle.year + 1}-02-10")
    page.fill("input[name=signer]", "Lò Văn Hùng")
    page.check("[data-testid=pick-SL-THCS-QUYETTHANG]")
    row = page.locator("[data-testid=decision-row]", has_text="Trường THCS Quyết Thắng")
    row.locator("select").select_option("level1")
    shot(page, "commune-03-reviewer-decision-form")
    page.click("[data-testid=decision-submit]")

    assert "Quyết định 12/QĐ-UBND" in page.locator("h1").inner_text()
    assert (
        page.locator("[data-testid=decision-authority]").inner_text()
        == "Ủy ban nhân dân phường Tô Hiệu"
    )
    row = page.locator("[data-testid=recognition-row]", has_text="Trường THCS Quyết Thắng")
    assert "Mức độ 1" in row.inner_text()
    assert "Phường Tô Hiệu" in row.inner_text()
    shot(page, "commune-04-decision-recorded")
