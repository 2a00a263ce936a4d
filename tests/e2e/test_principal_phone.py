"""The principal of a mountain school, on a 390 px phone and a slow line (50 KB/s, 400 ms,
Chromium's network throttling), in Vietnamese and in English: every page she opens fits
the screen and has no serious accessibility violation (axe-core), what she types in the
self-assessment survives a dropped connection, and the nomination form keeps a half-typed
nominee on the phone until it can be saved."""

import re

from playwright.sync_api import expect

from .conftest import login
from .phone import assert_fits, serious_violations

SLOW = {"latency": 400, "downloadThroughput": 50 * 1024, "uploadThroughput": 50 * 1024}
SAVED = {"vi": re.compile(r"^Đã lưu lúc \d\d:\d\d$"), "en": re.compile(r"^Saved at \d\d:\d\d$")}
KEPT = {"vi": "Chưa gửi được", "en": "Not sent yet"}
INCOMPLETE = {"vi": "Chưa lưu: cần điền hoặc sửa", "en": "Not saved yet: fill in or correct"}
# criteria typed in each language's pass: online, then offline
CRITERIA = {"vi": ("1.1", "1.2"), "en": ("1.3", "1.4")}


def _line(cdp, *, offline: bool) -> None:
    cdp.send("Network.emulateNetworkConditions", {"offline": offline, **SLOW})


def _check(page, label: str, lang: str) -> None:
    assert page.locator("html").get_attribute("lang") == lang, label
    assert_fits(page, label)
    assert serious_violations(page) == [], label


def test_principal_on_a_slow_phone_loses_nothing(browser, demo_live, shot):
    from accounts.models import User
    from units.models import SelfAssessment

    base = demo_live.url
    assessment = SelfAssessment.objects.get(
        school__organisation__code="SL-THCS-CHIENGLE", cycle__state="open"
    )
    edit = f"/units/assessments/{assessment.pk}/edit/"

    def saved(code: str) -> str:
        return assessment.results.get(criterion__code=code).justification

    for lang in ("vi", "en"):
        User.objects.filter(username="principal").update(language=lang)
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
            locale="vi-VN",
            bypass_csp=True,  # axe-core is injected
        )
        page = context.new_page()
        page.set_default_timeout(30000)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        _line(cdp, offline=False)
        login(page, base, "principal")
        _check(page, f"home {lang}", lang)

        page.goto(base + edit)
        _check(page, f"self-assessment {lang}", lang)
        status = page.locator("[data-testid=autosave-status]")
        kept = page.locator("[data-testid=autosave-kept]")
        online, offline = CRITERIA[lang]

        # typed and saved by itself, over the slow line
        page.select_option(f"[data-testid='criterion-{online}'] select", "yes")
        page.fill(f"[data-testid='criterion-{online}'] textarea", f"Đã lưu tự động ({lang}).")
        expect(status).to_have_text(SAVED[lang], timeout=30000)
        assert saved(online) == f"Đã lưu tự động ({lang})."

        # the line drops: the answer stays on the phone, and is sent when it is back
        _line(cdp, offline=True)
        page.fill(f"[data-testid='criterion-{offline}'] textarea", f"Gõ khi mất sóng ({lang}).")
        expect(kept).to_be_visible(timeout=30000)
        assert KEPT[lang] in kept.inner_text()
        assert saved(offline) == ""
        shot(page, f"principal-phone-{lang}-01-offline")
        _line(cdp, offline=False)
        expect(kept).to_be_hidden(timeout=30000)
        expect(status).to_have_text(SAVED[lang], timeout=30000)
        assert saved(offline) == f"Gõ khi mất sóng ({lang})."
        _check(page, f"self-assessment after the drop {lang}", lang)

        # a new nomination, half typed: nothing is saved yet and nothing is lost
        page.goto(base + "/awards/nominations/new/")
        _check(page, f"new nomination {lang}", lang)
        # an individual needs a name, a gender and a date of birth: marked as required
        assert page.locator("label[for=id_gender] [data-kind-mark]").count() == 1
        page.fill("#id_nominee_name", f"Lò Thị Mai ({lang})")
        expect(page.locator("[data-testid=autosave-status]")).to_contain_text(
            INCOMPLETE[lang], timeout=30000
        )
        expect(page.locator("[data-testid=autosave-refused]")).to_be_hidden()
        shot(page, f"principal-phone-{lang}-02-nomination-kept")
        page.reload()
        assert page.input_value("#id_nominee_name") == f"Lò Thị Mai ({lang})"
        _check(page, f"new nomination reopened {lang}", lang)
        context.close()
