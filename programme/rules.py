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


@rules.predicate
def edits_commitment(user, obj) -> bool:
    if obj is None:
        return False
    return _commitment_of(obj).lead_party in editable_parties(user)


@rules.predicate
def is_programme_party(user) -> bool:
    return bool(editable_parties(user))


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
    return roles.has_role(user, Role.ADMINISTRATOR) or bool(
        parties_of(user) - {report.author_party}
    )


rules.add_perm("programme.view_programme", is_logged_in)
rules.add_perm("programme.add_commitment", is_programme_party)
rules.add_perm("programme.change_commitment", edits_commitment)
rules.add_perm("programme.view_report", is_logged_in)
rules.add_perm("programme.change_report", edits_commitment)
rules.add_perm("programme.review_report", reviews_report)
rules.add_perm("programme.submit_report", edits_commitment & is_report_open)
rules.add_perm("programme.view_evidence", is_logged_in)
rules.add_perm("programme.manage_programme", is_administrator)
