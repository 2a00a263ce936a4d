"""Pages read from the end give exactly the rows the forward reading would, in order."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.models import AdministrativeArea
from learnsociety.paging import paginate
from tests.factories.accounts import AreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    # many ties on the sort key, so only the primary key tells the rows apart
    for i in range(53):
        AreaFactory(code=f"T{i:03d}", name=f"Xã {i % 4}", level="commune")
    return AdministrativeArea.objects.filter(code__startswith="T").order_by("name")


def _page(qs, number, size=10):
    return paginate(RequestFactory().get("/", {"page": number}), qs, size)


def test_every_page_from_either_end_gives_the_forward_sequence(areas):
    expected = list(areas.order_by("name", "pk").values_list("pk", flat=True))
    seen = []
    for number in range(1, 7):
        seen += [a.pk for a in _page(areas, number).object_list]
    assert seen == expected
    assert len(_page(areas, 6).object_list) == 3
    assert _page(areas, "x").number == 1
    assert _page(areas, 99).number == 6


def test_the_last_page_reads_from_the_end_without_a_large_offset(areas):
    with CaptureQueriesContext(connection) as queries:
        list(_page(areas, 6).object_list)
    select = [q["sql"] for q in queries.captured_queries if "COUNT" not in q["sql"]][-1]
    assert "DESC" in select
    assert "OFFSET" not in select.upper() or "OFFSET 0" in select.upper()
