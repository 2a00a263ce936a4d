"""Who may do what in the programme.

Everyone logged in reads. DOET staff edit DOET-led commitments, Association officers edit
Association-led ones, both edit joint ones, administrators edit everything. A submitted
report is reviewed by the other party's staff (or an administrator), never by its own side.
"""

from __future__ import annotations

import rules

from accounts import roles
from accounts.enums import Role
from accounts.rules import is_administrator, is_logged_in

from .enums import Party, ReportStatus
from .models import Programme

# The states a report is written and sent in.
REPORT_OPEN = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def parties_of(user) -> set[str]:
    """The programme parties a user acts for through their roles."""
    found: set[str] = set()
    if roles.has_role(user, Role.DEPARTMENT_STAFF):
        found.add(Party.DOET)
    if roles.has_role(user, Role.ASSOCIATION_OFFICER):
        found.add(Party.ASSOCIATION)
    return found


def editable_parties(user) -> set[str]:
    """Lead parties of the commitments this user may edit."""
    if roles.has_role(user, Role.ADMINISTRATOR):
        return {Party.DOET, Party.ASSOCIATION, Party.JOINT}
    mine = parties_of(user)
    return mine | {Party.JOINT} if mine else set()


def _commitment_of(obj):
    return getattr(obj, "commitment", obj)


def acts_for(user, programme_id: int | None) -> bool:
    """The user belongs to one of the programme's signatory organisations (its DOET or
    Association: the staff of another province's do not act for it), or is an
    administrator. A programme that names no parties is everyone's with a party role."""
    if programme_id is None or roles.has_role(user, Role.ADMINISTRATOR):
        return True
    cache = user.__dict__.setdefault("_ls_programme_parties", {})
    if programme_id not in cache:
        cache[programme_id] = set(
            Programme.parties.through.objects.filter(programme_id=programme_id).values_list(
                "organisation_id", flat=True
            )
        )
    parties = cache[programme_id]
    return not parties or bool(parties & roles.organisation_ids(user))


def _current_programme_id() -> int | None:
    return Programme.objects.order_by("-start_year", "id").values_list("pk", flat=True).first()


@rules.predicate
def edits_commitment(user, obj) -> bool:
    if obj is None:
        return False
    commitment = _commitment_of(obj)
    return commitment.lead_party in editable_parties(user) and acts_for(
        user, commitment.programme_id
    )


@rules.predicate
def is_programme_party(user) -> bool:
    """A DOET or Association role (the dashboard and reports read by them)."""
    return bool(editable_parties(user))


@rules.predicate
def adds_commitments(user) -> bool:
    return bool(editable_parties(user)) and acts_for(user, _current_programme_id())


@rules.predicate
def is_report_open(user, report) -> bool:
    """A draft, or a report returned to its authors."""
    return report is not None and report.status in REPORT_OPEN


@rules.predicate
def reviews_report(user, report) -> bool:
    """The other party's staff, or an administrator, when the report is submitted; never
    someone who wrote or edited the report (on a joint commitment both parties may edit it:
    its editors cannot then accept their own text)."""
    if report is None or report.created_by_id == user.pk:
        return False
    if report.editors.filter(pk=user.pk).exists():
        return False
    return roles.has_role(user, Role.ADMINISTRATOR) or (
        bool(parties_of(user) - {report.author_party})
        and acts_for(user, report.commitment.programme_id)
    )


rules.add_perm("programme.view_programme", is_logged_in)
rules.add_perm("programme.add_commitment", adds_commitments)
rules.add_perm("programme.change_commitment", edits_commitment)
rules.add_perm("programme.view_report", is_logged_in)
rules.add_perm("programme.change_report", edits_commitment)
rules.add_perm("programme.review_report", reviews_report)
rules.add_perm("programme.submit_report", edits_commitment & is_report_open)
rules.add_perm("programme.view_evidence", is_logged_in)
rules.add_perm("programme.manage_programme", is_administrator)
