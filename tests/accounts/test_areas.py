"""The administrative map loaded from the statistics office's list (vietnam-provinces)."""

import time
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.areas import commune_code, pre_reform_code, province_code
from accounts.models import AdministrativeArea

pytestmark = pytest.mark.django_db


def _load(*args) -> str:
    out = StringIO()
    call_command("load_areas", *args, stdout=out)
    return out.getvalue().strip()


def test_load_areas_creates_son_la_with_official_codes_and_is_idempotent():
    first = _load("--province", "14")

    assert first == ("1 province(s), 75 communes and wards: 76 created, 0 updated, 0 unchanged.")
    province = AdministrativeArea.objects.get(code="14")
    assert (province.name, province.level, province.valid_from) == (
        "Tỉnh Sơn La",
        "province",
        date(2025, 7, 1),
    )
    communes = AdministrativeArea.objects.filter(parent=province)
    assert communes.count() == 75
    assert communes.filter(name__startswith="Phường ").count() == 8
    assert communes.filter(name__startswith="Xã ").count() == 67
    assert {
        code: AdministrativeArea.objects.get(code=code).name for code in ["3646", "4000", "4240"]
    } == {"3646": "Phường Tô Hiệu", "4000": "Xã Đoàn Kết", "4240": "Xã Mường Lèo"}
    assert set(communes.values_list("valid_from", "valid_to", "level").distinct()) == {
        (date(2025, 7, 1), None, "commune")
    }

    assert _load("--province", "14") == (
        "1 province(s), 75 communes and wards: 0 created, 0 updated, 76 unchanged."
    )
    assert AdministrativeArea.objects.count() == 76


def test_load_areas_repairs_a_renamed_unit_and_keeps_an_existing_provinces_dates():
    AdministrativeArea.objects.create(code="14", name="Sơn La", level="province")
    _load("--province", "14")
    AdministrativeArea.objects.filter(code="3646").update(name="Tô Hiệu (cũ)")

    assert _load("--province", "14") == (
        "1 province(s), 75 communes and wards: 0 created, 1 updated, 75 unchanged."
    )
    assert AdministrativeArea.objects.get(code="3646").name == "Phường Tô Hiệu"
    # Sơn La existed before the reform: its row keeps having no start date.
    assert AdministrativeArea.objects.get(code="14").valid_from is None


def test_load_areas_all_provinces_in_under_30_seconds_without_code_collisions():
    started = time.monotonic()
    output = _load("--all")
    elapsed = time.monotonic() - started

    assert output == (
        "34 province(s), 3321 communes and wards: 3355 created, 0 updated, 0 unchanged."
    )
    assert elapsed < 30
    assert AdministrativeArea.objects.filter(level="province").count() == 34
    assert AdministrativeArea.objects.filter(level="commune").count() == 3321
    # The package numbers provinces and communes separately: Cao Bằng is 4 and so is
    # Phường Ba Đình (Hà Nội). Provinces have two digits, low commune codes five.
    assert AdministrativeArea.objects.get(code="04").name == "Tỉnh Cao Bằng"
    assert AdministrativeArea.objects.get(code="00004").name == "Phường Ba Đình"
    assert AdministrativeArea.objects.get(code="01").name == "Thành phố Hà Nội"
    assert AdministrativeArea.objects.get(code="00004").parent.code == "01"


def test_load_areas_refuses_an_unknown_province_or_no_choice():
    with pytest.raises(CommandError, match="Unknown province code 99"):
        _load("--province", "99")
    with pytest.raises(CommandError, match="--province CODE"):
        _load()
    assert AdministrativeArea.objects.count() == 0


def test_code_scheme_keeps_pre_reform_units_apart_from_official_codes():
    assert province_code(14) == "14"
    assert province_code("1") == "01"
    assert commune_code("03646") == "3646"
    assert commune_code(25) == "00025"
    assert pre_reform_code("14", "116") == "14-116"
    assert pre_reform_code("14", "116", "Phường Chiềng Lề") == "14-116-phuong-chieng-le"


def test_demo_places_schools_in_official_communes_with_dated_districts(demo):
    from units.models import School

    chieng_le = School.objects.get(organisation__code="SL-THCS-CHIENGLE")
    assert chieng_le.organisation.area.code == "3646"
    assert [
        (row.area.code, row.valid_from, row.valid_to) for row in chieng_le.area_history.all()
    ] == [
        ("14-116-phuong-chieng-le", date(2020, 1, 1), date(2025, 6, 30)),
        ("3646", date(2025, 7, 1), None),
    ]
    # The old ward, by its name in the statistics office's list, under the old city and
    # followed by the new ward.
    old_ward = AdministrativeArea.objects.get(code="14-116-phuong-chieng-le")
    assert (old_ward.name, old_ward.level, old_ward.parent.code, old_ward.valid_to) == (
        "Phường Chiềng Lề",
        "commune",
        "14-116",
        date(2025, 6, 30),
    )
    assert list(old_ward.successors.values_list("code", flat=True)) == ["3646"]
    assert not old_ward.is_valid_on(date(2025, 7, 1))
    # Every demo school has its old commune, each one valid until the reform only.
    old_communes = AdministrativeArea.objects.filter(
        level="commune", parent__level="district", valid_to=date(2025, 6, 30)
    )
    assert School.objects.exclude(area_history__area__in=old_communes).count() == 0
    assert all(a.successors.exists() for a in old_communes)
    # every code fits its column (SQLite would not say; PostgreSQL refuses)
    longest = AdministrativeArea._meta.get_field("code").max_length
    assert max(len(c) for c in AdministrativeArea.objects.values_list("code", flat=True)) <= longest
    moc_chau = AdministrativeArea.objects.get(code="14-123")
    assert (moc_chau.name, moc_chau.valid_to) == ("Thị xã Mộc Châu", date(2025, 6, 30))
    city = AdministrativeArea.objects.get(code="14-116")
    assert sorted(city.successors.values_list("code", flat=True)) == [
        "3646",
        "3667",
        "3670",
        "3679",
    ]
    assert AdministrativeArea.objects.filter(parent__code="14", level="commune").count() == 75
    assert not AdministrativeArea.objects.filter(code__startswith="14-W").exists()


def test_an_old_commune_counts_under_its_district_for_the_district_tier_years(demo):
    """The schools' history names their old commune, but until 30 June 2025 the district
    managed and recognised them: dossiers, reviewers and figures of those years go by the
    district."""
    from units.models import Cycle, School
    from units.selectors import area_in_year, areas_on, dossier_place

    school = School.objects.get(organisation__code="SL-THCS-CHIENGLE")
    city = AdministrativeArea.objects.get(code="14-116")
    ward = AdministrativeArea.objects.get(code="3646")
    assert areas_on(date(2024, 12, 31), [school.pk]) == {school.pk: city.pk}
    assert areas_on(date(2025, 12, 31), [school.pk]) == {school.pk: ward.pk}
    counted = School.objects.filter(pk=school.pk).annotate(a=area_in_year(2024)).get()
    assert counted.a == city.pk
    cycle_2024 = Cycle.objects.get(year=2024, tier="district")
    area_id, authority = dossier_place(school=school, cycle=cycle_2024)
    assert area_id == city.pk
    assert authority.code == "UBND-116"


def test_the_schools_list_finds_a_district_s_schools_in_its_old_communes(client, demo):
    from units.models import School

    client.force_login(demo["staff"])
    city = AdministrativeArea.objects.get(code="14-116")
    page = client.get("/units/schools/", {"area": city.pk}).content.decode()
    assert "Trường THCS Chiềng Lề" in page
    assert "Trường THCS Mộc Lỵ" not in page
    school = School.objects.get(organisation__code="SL-THCS-CHIENGLE")
    detail = client.get(f"/units/schools/{school.pk}/").content.decode()
    assert "Phường Chiềng Lề (Thành phố Sơn La): 01/01/2020 – 30/06/2025" in detail
