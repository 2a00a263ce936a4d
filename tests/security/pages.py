"""Every GET page each role can open, derived from the URL x role permission matrix.

One description shared by the query-budget tests (``tests/performance``) and the benchmark
(``bench/``), so that a new URL is measured as soon as it has its matrix row (which
``test_every_url_has_a_matrix_row`` already demands), with no list to edit:

- the pages are the URL names (``urlmatrix.url_names``) whose matrix cell answers 200 to
  GET for the role, their arguments filled by ``urlmatrix.url_kwargs``;
- a page whose HTML shows the shared pagination (``templates/partials/pagination.html``)
  is also measured at its last page (``?page=N``, N read from that page's count), and a
  page with a ``q`` search field also with a search (``?q=…``): see ``variants``.

It lives under ``tests/`` because the matrix is the test suite's statement of who may open
what, and imports only Django and plain-data modules (``matrix``, ``urlmatrix``): no pytest,
no factories, no fixtures. The benchmark runs from a checkout of the repository, so it
imports it in ``manage.py shell`` (``bench/pagelist.py``); locust itself only reads the
JSON that script writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from .matrix import MATRIX, PUBLISHED, ROLES
from .urlmatrix import url_kwargs

# URLs that answer with a file (PDF, Word, spreadsheet, download) rather than a page (HTML,
# or JSON for the search-as-you-type endpoints): the
# benchmark measures documents in bench/documents.py and exports in run.sh, and a PDF costs
# seconds of WeasyPrint, so neither the page bench nor the page query budgets request them.
# The budget test fails for a 200 answer that is not HTML and is not named here.
FILE_URLS = frozenset(
    {
        "awards:certificate-download",
        "awards:decision-docx",
        "awards:decision-pdf",
        "awards:decision-scan",
        "awards:document-download",
        "dashboard:export",
        "dashboard:report-pdf",
        "dashboard:report-xlsx",
        "export-download",
        "programme:evidence-download",
        "programme:feature-evidence",
        "programme:signed-document",
        "programme:target-vs-actual-pdf",
        "programme:target-vs-actual-xlsx",
        "society:export",
        "society:return-template",
        "units:assessment-document",
        "units:assessment-summary",
        "units:certificate",
        "units:decision-docx",
        "units:decision-document",
        "units:decision-pdf",
        "units:evidence-download",
    }
)

# A search that matches most names (Vietnamese names nearly all hold an "a"), so that the
# searched list has rows (an empty page runs fewer queries) and the database does the most
# work for it.
SEARCH = "a"

_LAST_PAGE = re.compile(r'aria-current="page"><span class="page-link">\d+ / (\d+)</span>')
_SEARCH_FIELD = re.compile(r'<input[^>]*\bname="q"')


@dataclass(frozen=True)
class Page:
    """One GET page for one role: ``name`` is the URL name, ``variant`` "" (as linked),
    "last page" or "search"."""

    name: str
    role: str
    url: str
    variant: str = ""

    @property
    def label(self) -> str:
        """A unique, readable name (bench reports, test failures)."""
        variant = f", {self.variant}" if self.variant else ""
        return f"{self.name}{variant} ({self.role})"


def openable(
    roles: tuple[str, ...] = ROLES, *, files: bool = False, published: bool = True
) -> dict[str, list[str]]:
    """{URL name: roles whose matrix cell is 200} for every URL that some role opens; with
    ``published``, the public pages as they are once published (``matrix.PUBLISHED``)."""
    found: dict[str, list[str]] = {}
    rows = {**MATRIX, **PUBLISHED} if published else MATRIX
    for name, row in sorted(rows.items()):
        if name in FILE_URLS and not files:
            continue
        cells = dict(zip(ROLES, row.split(), strict=True))
        who = [role for role in roles if cells[role] == "200"]
        if who:
            found[name] = who
    return found


def pages(
    objects: dict, roles: tuple[str, ...] = ROLES, *, files: bool = False, published: bool = True
) -> tuple[list[Page], dict[str, str]]:
    """The pages (as linked, no variants) each of ``roles`` opens, arguments from
    ``objects`` (the security tests' ``world`` objects or ``existing_objects()``), the
    public pages published (see ``publish_public_site``) unless ``published`` is False; and
    {URL name: why it is left out} for those whose arguments cannot be filled (an object
    the data set does not hold)."""
    from django.urls import reverse

    found, missing = [], {}
    known = _Objects(objects)
    for name, who in openable(roles, files=files, published=published).items():
        kwargs = url_kwargs(name, known)
        absent = sorted(str(v) for v in kwargs.values() if isinstance(v, _Absent))
        if absent:
            missing[name] = f"the data set holds no {', '.join(absent)}"
            continue
        url = reverse(name, kwargs=kwargs)
        found.extend(Page(name, role, url) for role in who)
    return found, missing


class _Absent:
    """Stands for an object the data set does not hold: ``url_kwargs`` builds every URL's
    arguments at once, so a missing object must not stop the others."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __getattr__(self, name: str) -> _Absent:
        return self

    def __str__(self) -> str:
        return self.key


class _Objects(dict):
    def __missing__(self, key: str) -> _Absent:
        return _Absent(key)


def publish_public_site() -> None:
    """Turn on every publication switch of the public site (what an administrator does on
    dashboard:public-settings), so that the public pages answer."""
    from dashboard.models import PublicSite

    site = PublicSite.load()
    switches = [f.name for f in PublicSite._meta.fields if f.name.startswith("show_")]
    for name in switches:
        setattr(site, name, True)
    site.save()


def variants(page: Page, html: str) -> list[Page]:
    """The extra pages a list shows in ``html`` (the page as linked): its last page when it
    has more than one, and a search when it has a ``q`` field."""
    extra = []
    base = page.url
    sep = "&" if urlsplit(base).query else "?"
    last = _LAST_PAGE.search(html)
    if last and int(last.group(1)) > 1:
        extra.append(
            Page(
                page.name,
                page.role,
                f"{base}{sep}{urlencode({'page': last.group(1)})}",
                "last page",
            )
        )
    if _SEARCH_FIELD.search(html):
        extra.append(Page(page.name, page.role, f"{base}{sep}{urlencode({'q': SEARCH})}", "search"))
    return extra


def with_variants(found: list[Page], get) -> list[Page]:
    """``found`` plus the variants of each page; ``get(page)`` returns the HTML of a page
    (a test client's or the benchmark's request)."""
    result = []
    for page in found:
        result.append(page)
        result.extend(variants(page, get(page)))
    return result


def existing_objects() -> dict:
    """The objects the URL arguments need, looked up (never created) in the current data
    set: the demo province's, as the security tests' ``world`` fixture chooses them. Objects
    that only the fixture creates (a user's notification, evidence, import and export jobs)
    are taken from the data when there are some, else left out."""
    from accounts.models import Organisation
    from awards.models import Commendation, CouncilMember, Decision, DisciplineFlag, Nomination
    from learnsociety.models import ExportJob
    from notifications.models import Notification
    from programme.models import (
        Commitment,
        EvidenceFile,
        Indicator,
        LearningCityFeature,
        Milestone,
        Programme,
        ProgressReport,
    )
    from society.models import CommuneReturn
    from units.models import (
        Evidence,
        Framework,
        ImportJob,
        Recognition,
        RecognitionDecision,
        School,
        SelfAssessment,
    )

    school = Organisation.objects.get(code="SL-THCS-CHIENGLE")
    assessment = SelfAssessment.objects.filter(school__organisation=school).order_by("pk").first()
    commitment = Commitment.objects.order_by("pk").first()
    report = ProgressReport.objects.filter(commitment=commitment).order_by("pk").first() or (
        ProgressReport.objects.order_by("pk").first()
    )
    nomination = Nomination.objects.filter(nominating_organisation=school).order_by("-pk").first()
    award_decision = Decision.objects.order_by("pk").first()
    objects = {
        "school_org": school,
        "assessment": assessment,
        "commitment": commitment,
        "indicator": Indicator.objects.filter(commitment=commitment).order_by("pk").first(),
        "milestone": Milestone.objects.filter(commitment=commitment).order_by("pk").first(),
        "report": report,
        "evidence_file": EvidenceFile.objects.order_by("pk").first(),
        "programme": Programme.objects.order_by("pk").first(),
        "feature": LearningCityFeature.objects.order_by("pk").first(),
        "school": School.objects.get(organisation=school),
        "framework": Framework.objects.order_by("pk").first(),
        "cycle": assessment.cycle,
        "recognition_decision": RecognitionDecision.objects.order_by("pk").first(),
        "recognition": Recognition.objects.filter(school__organisation=school)
        .exclude(certificate_code="")
        .order_by("pk")
        .first(),
        "nomination": nomination,
        "document": nomination.documents.order_by("pk").first(),
        "round": nomination.round,
        "award_decision": award_decision,
        "higher_body": Organisation.objects.get(code="UBND-14"),
        "council_member": CouncilMember.objects.filter(
            council__organisation=award_decision.issuing_organisation
        )
        .order_by("pk")
        .first(),
        "commendation": Commendation.objects.order_by("pk").first(),
        "discipline": DisciplineFlag.objects.order_by("pk").first(),
        "notification": Notification.objects.filter(recipient__username="principal")
        .order_by("pk")
        .first(),
        "unit_evidence": Evidence.objects.filter(assessment=assessment).order_by("pk").first(),
        "import_job": ImportJob.objects.filter(user__username="staff").order_by("pk").first(),
        "export_job": ExportJob.objects.filter(user__username="staff").order_by("pk").first(),
    }
    ret = CommuneReturn.objects.select_related("round__commune_form").get(
        round__year=2025, area__code="3646"
    )
    form = ret.round.commune_form
    objects.update(
        society_return=ret,
        society_round=ret.round,
        society_form=form,
        society_field=form.fields.order_by("pk").first(),
        society_rule=form.rules.order_by("pk").first(),
    )
    return {key: value for key, value in objects.items() if value is not None}
