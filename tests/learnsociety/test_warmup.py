"""A web worker warms up before its first request (learnsociety/warmup.py)."""

from django.template import engines
from django.urls import get_resolver
from django.utils import translation

from learnsociety.warmup import warm


def _compiled() -> set[str]:
    loader = engines["django"].engine.template_loaders[0]
    return {key.split("-")[0] for key in loader.get_template_cache}


def test_warm_up_compiles_the_pages_templates_and_fills_the_url_tables_without_the_database():
    # no `db` fixture: any query would fail the test
    engines["django"].engine.template_loaders[0].reset()
    resolver = get_resolver()
    resolver._reverse_dict.clear()
    assert "base.html" not in _compiled()

    took = warm()

    compiled = _compiled()
    assert {"base.html", "units/school_list.html", "bootstrap5/field.html"} <= compiled
    assert any(step.endswith("templates") for step in took)
    for code in ("vi", "en"):
        assert code in resolver._reverse_dict
    units = resolver.namespace_dict["units"][1]
    with translation.override("en"):
        assert "en" in units._reverse_dict
