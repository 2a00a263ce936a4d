"""The pages the benchmark drives: label -> (role, url).

Two references measured in the same run, then every GET page each role can open, generated
by bench/pagelist.py from the permission matrix (tests/security/pages.py) into the JSON file
named by BENCH_PAGES: a new page is measured without editing this file. BENCH_ONLY (a
regular expression searched in the labels) keeps a subset; the references always stay."""

import json
import os
import re

# The matrix's roles without its outsider columns (principal2, reviewer2, commune2): those
# are the same roles in another school, area or commune and open the same pages.
BENCH_ROLES = (
    "anonymous",
    "staff",
    "officer",
    "principal",
    "reviewer",
    "admin",
    "commune",
    "national",
)
# Further bench roles when seed_scale made them: a generated province's own department staff
# and Association officer (username -> the matrix role they hold), measured on that role's
# pages that name no object (homes, lists, queues, dashboards), whose cost is their
# province's once lists are scoped to it (issue 18). Their objects' detail pages stay the
# demo staff's and officer's: the demo objects lie in Son La, outside their province.
PROVINCE_ACCOUNTS = {"staff_p01": "staff", "officer_p01": "officer"}

TRIVIAL = "trivial view (ceiling)"
ADMIN = "admin changelist of schools"
REFERENCES = {
    TRIVIAL: ("staff", "/bench/trivial/"),
    ADMIN: ("admin", "/bench/admin/units/school/"),
}


def load(path: str | None = None) -> dict[str, tuple[str, str]]:
    path = path or os.environ.get("BENCH_PAGES")
    if not path:
        return dict(REFERENCES)
    only = re.compile(os.environ.get("BENCH_ONLY", ""))
    with open(path, encoding="utf-8") as f:
        return {
            page["label"]: (page["role"], page["url"])
            for page in json.load(f)
            if page["label"] in REFERENCES or only.search(page["label"])
        }


PAGES = load()


AGAIN = " (again)"


def sweep_order() -> list[tuple[str, str]]:
    """The sweep's windows as (page, name of its statistics): the two references, every other
    page, then the references again under their own names (the report divides by the mean of
    both windows and shows how far the machine drifted over the run)."""
    pages = [(name, name) for name in PAGES if name not in REFERENCES]
    return [
        *((name, name) for name in REFERENCES),
        *pages,
        *((name, name + AGAIN) for name in REFERENCES),
    ]
