"""A principal starts this year's dossier from last year's: blank criteria take last
year's answers and justifications, evidence is copied with its files, and nothing already
filled in changes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.awards import PDF
from units.models import Evidence, SelfAssessment


@pytest.fixture
def dossiers(demo):
    drafts = SelfAssessment.objects.filter(school__organisation__code="SL-THCS-CHIENGLE")
    current = drafts.order_by("-cycle__year").first()
    earlier = drafts.exclude(pk=current.pk).order_by("-cycle__year").first()
    piece = Evidence.objects.create(
        assessment=earlier,
        title="Kế hoạch học tập năm học",
        file=SimpleUploadedFile("ke-hoach.pdf", PDF),
        uploaded_by=demo["principal"],
    )
    piece.results.set(earlier.results.filter(criterion__code="1.1"))
    return current, earlier


def test_the_principal_copies_last_year_into_blank_criteria(client, demo, dossiers):
    current, earlier = dossiers
    # one criterion already filled this year stays as it is
    own = current.results.get(criterion__code="1.2")
    own.answer, own.justification = False, "Năm nay chưa có."
    own.save()
    client.force_login(demo["principal"])
    page = client.get(f"/units/assessments/{current.pk}/edit/").content.decode()
    assert f"Sao chép từ năm {earlier.cycle.year}" in page
    response = client.post(f"/units/assessments/{current.pk}/copy-previous/", follow=True)
    assert "Đã sao chép từ năm trước" in response.content.decode()
    before = {r.criterion.code: r for r in earlier.results.select_related("criterion")}
    for result in current.results.select_related("criterion"):
        old = before[result.criterion.code]
        if result.criterion.code == "1.2":
            assert (result.answer, result.justification) == (False, "Năm nay chưa có.")
        else:
            assert result.justification == old.justification
    [copy] = current.evidence.all()
    assert copy.title == "Kế hoạch học tập năm học"
    assert copy.file.name != earlier.evidence.get().file.name
    assert copy.file.read() == PDF
    assert [r.criterion.code for r in copy.results.all()] == ["1.1"]
    # A second copy adds nothing twice.
    client.post(f"/units/assessments/{current.pk}/copy-previous/")
    assert current.evidence.count() == 1


def test_others_and_closed_dossiers_cannot_copy(client, demo, dossiers):
    current, earlier = dossiers
    client.force_login(demo["principal2"])
    assert client.post(f"/units/assessments/{current.pk}/copy-previous/").status_code == 404
    client.force_login(demo["principal"])
    response = client.post(f"/units/assessments/{earlier.pk}/copy-previous/", follow=True)
    assert "Không thể sửa bản tự đánh giá này nữa: hồ sơ đã được nộp." in response.content.decode()
    assert earlier.evidence.count() == 1
