"""Who may award what, only the issuer decides, a council per issuer, in Vietnamese:
department staff see the forms as data, prepare the proposal for the provincial People's
Committee's bằng khen and record the decision that came back (no certificate); an
Association officer is refused the DOET's decision page; each organisation manages its
own council, and automatic assignment uses it."""

import pytest

from .conftest import LAUNCH_ARGS, login  # noqa: F401

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _as(browser, base, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20000)
    login(page, base, username)
    return page


def _pick(page, name: str, typed: str, label: str) -> None:
    """Choose from a picker as a person would: a long list searches the server as you type
    (the page carries only the chosen option), a short one is a plain select."""
    box = page.locator(f"[data-testid=search-{name}]")
    if box.count():
        box.fill(typed)
        option = page.locator(f"#id_{name} option", has_text=label)
        option.first.wait_for(state="attached")
    page.select_option(f"#id_{name}", label=label)


@pytest.mark.django_db(transaction=True)
def test_issuers_and_councils_journey(browser, demo_live, shot):
    from accounts.models import Organisation
    from awards.models import CouncilMember, Decision, NominationRound

    base = demo_live.url
    current = NominationRound.objects.order_by("-year").first()
    doet = Organisation.objects.get(code="SO-GDDT")
    province = Organisation.objects.get(code="UBND-14")
    association = Organisation.objects.get(code="HOI-KH")

    # 6. Department staff: the award forms as data — no "Bằng khen của Sở".
    staff = _as(browser, base, "staff")
    staff.goto(f"{base}/awards/councils/")
    forms = staff.locator("[data-testid=award-forms]").inner_text()
    assert "Bằng khen của Chủ tịch UBND tỉnh" in forms
    assert "Bằng khen của Sở" not in forms
    assert "Đề nghị cấp trên" in staff.locator("[data-testid=form-UBND-BK]").inner_text()
    assert "Quyết định trên ứng dụng" in staff.locator("[data-testid=form-SGD-GK]").inner_text()
    shot(staff, "issuers-01-award-forms-staff")

    # The proposal to the provincial People's Committee, then its decision as it came back.
    staff.goto(f"{base}/awards/rounds/{current.pk}/")
    staff.click(f"[data-testid=proposal-{province.pk}]")
    staff.wait_for_load_state("networkidle")
    letter = staff.locator("[data-testid=proposal]").inner_text()
    assert "TỜ TRÌNH" in letter
    assert "Kính gửi: Ủy ban nhân dân tỉnh Sơn La" in letter
    assert "Cầm Thị Phương" in staff.locator("[data-testid=proposal-list]").inner_text()
    shot(staff, "issuers-02-proposal-staff")
    staff.goto(f"{base}/awards/rounds/{current.pk}/decide/{province.pk}/")
    assert staff.locator("[data-testid=external-decision]").is_visible()
    staff.fill("#id_number", "1520")
    staff.fill("#id_code", "UBND")
    staff.fill("#id_signer", "Chủ tịch UBND tỉnh")
    staff.set_input_files(
        "#id_scanned_document",
        {"name": "qd-ubnd.pdf", "mimeType": "application/pdf", "buffer": PDF},
    )
    shot(staff, "issuers-03-record-higher-decision-staff")
    staff.click("[data-testid=decision-save]")
    staff.wait_for_load_state("networkidle")
    assert "1520/QĐ-UBND" in staff.locator("[data-testid=decision-label]").inner_text()
    assert "cấp giấy chứng nhận" in staff.locator("[data-testid=external-decision]").inner_text()
    assert staff.locator("table[data-testid=commendations] a.btn").count() == 0
    decision = Decision.objects.get(number=1520)
    assert (decision.proposing_organisation, decision.certificates_total) == (doet, 0)
    shot(staff, "issuers-04-higher-decision-recorded-staff")

    # 7. An Association officer does not decide for the DOET or the People's Committee.
    officer = _as(browser, base, "officer")
    for org in (doet, province):
        response = officer.goto(f"{base}/awards/rounds/{current.pk}/decide/{org.pk}/")
        assert response.status == 404
    shot(officer, "issuers-05-doet-decision-404-officer")
    staff.goto(f"{base}/awards/rounds/{current.pk}/decide/{association.pk}/")
    assert staff.title  # the page answered
    assert staff.locator("[data-testid=decision-form]").count() == 0

    # 8. The Association manages its own council: add a member from a school, remove them.
    officer.goto(f"{base}/awards/councils/{association.pk}/")
    members = officer.locator("[data-testid=council-members]").inner_text()
    assert "Quàng Thị Duyên" in members
    assert "Lê Thị Hạnh" in members
    _pick(officer, "user", "principal2", "Hà Văn Tuấn (principal2)")
    _pick(officer, "organisation", "Mộc Lỵ", "Trường THCS Mộc Lỵ")
    officer.select_option("#id_position", "member")
    officer.click("[data-testid=council-add-submit]")
    officer.wait_for_load_state("networkidle")
    assert "Hà Văn Tuấn" in officer.locator("[data-testid=council-members]").inner_text()
    shot(officer, "issuers-06-council-officer")
    officer.click("[data-testid=remove-principal2]")
    officer.wait_for_load_state("networkidle")
    assert "Hà Văn Tuấn" not in officer.locator("[data-testid=council-members]").inner_text()
    assert not CouncilMember.objects.filter(user__username="principal2").exists()
    # ... but not the DOET's.
    assert officer.goto(f"{base}/awards/councils/{doet.pk}/").status == 404

    # Automatic assignment gives each nomination its reviews from the council.
    officer.goto(f"{base}/awards/rounds/{current.pk}/")
    assert "Quàng Thị Duyên" in officer.locator("[data-testid=round-councils]").inner_text()
    officer.click("[data-testid=autoassign]")
    officer.wait_for_load_state("networkidle")
    assert "thiếu người chấm" not in officer.locator("main").inner_text()
    shot(officer, "issuers-07-autoassigned-officer")
    officer.goto(f"{base}/awards/rounds/{current.pk}/ranking/")
    assert officer.locator("[data-testid=tie-rule]").is_visible()
    shot(officer, "issuers-08-ranking-officer")
    for p in (staff, officer):
        p.context.close()
