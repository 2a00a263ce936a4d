"""Nominations: dossiers, submission with eligibility checks, council decisions on them."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from accounts.enums import Role
from accounts.models import Organisation, User
from learnsociety.concurrency import check_version
from learnsociety.i18n import lazy_format
from learnsociety.uploads import delete_on_commit
from notifications.services import notifications_after_commit

from .. import eligibility
from ..enums import (
    EDITABLE,
    GRANTED,
    REQUIRED_DOCUMENTS,
    UNDER_REVIEW,
    CollectiveKind,
    DocumentKind,
    NominationStatus,
    NomineeKind,
)
from ..models import (
    AwardForm,
    Nomination,
    NominationDocument,
    NominationRound,
    NominationTransition,
    RoundForm,
)
from ..rules import nominating_organisation_ids
from .base import (
    NOMINATION_WORKFLOW,
    AwardsError,
    _locked,
    _nominators_notification,
    _require,
    _require_manager,
    nomination_transition,
)

# --- Nominations ---------------------------------------------------------------------


# who the nominee is, as the nomination form asks it
NOMINEE_FIELDS = (
    "nominee_kind",
    "collective_kind",
    "nominee_name",
    "gender",
    "date_of_birth",
    "position",
)


@dataclass(frozen=True, kw_only=True)
class NominationData:
    """What the nominator says about a nomination, built by the caller from a form's
    cleaned data: the service never sees the form. Empty text is ``""``; an unknown date
    or number is ``None``."""

    round: NominationRound
    form: AwardForm
    nominee_kind: str
    collective_kind: str
    nominee_name: str
    gender: str
    date_of_birth: date | None
    position: str
    nominee_organisation: Organisation
    group_size: int | None
    women_percent: Decimal | None
    nominating_organisation: Organisation
    achievement_start: date
    achievement_end: date
    summary: str
    identity_number: str
    is_pupil: bool
    grade: int | None
    public_consent: bool


# The nomination's fields the nominator fills in, in the form's order (NOMINEE_FIELDS
# among them).
NOMINATION_FIELDS = tuple(f.name for f in fields(NominationData))


def _check_nomination_data(*, by: User, data: NominationData, creating: bool) -> None:
    nominating = data.nominating_organisation
    own = nominating_organisation_ids(by)
    _require(
        nominating.pk in own,
        _("You can only nominate for your own organisation."),
    )
    principal_of = roles.organisation_ids(by, Role.PRINCIPAL)
    if nominating.pk in principal_of:
        _require(
            data.nominee_organisation.pk == nominating.pk,
            _("A principal nominates only people and collectives of their own school."),
        )
    round_ = data.round
    form = data.form
    _require(
        RoundForm.objects.filter(round=round_, form=form).exists(),
        _("This award form is not offered in this round."),
    )
    _require(
        form.accepts(data.nominee_kind),
        _("This award form does not accept this kind of nominee."),
    )
    if creating:
        _require(
            round_.is_open_on(timezone.localdate()),
            _("This round is not open for nominations."),
        )
    _require(
        data.achievement_end >= data.achievement_start,
        _("The achievement period ends before it starts."),
    )
    if data.nominee_kind == NomineeKind.INDIVIDUAL:
        _require(
            bool(data.gender) and data.date_of_birth is not None,
            _("Give the nominee's gender and date of birth."),
        )
        identity = data.identity_number.strip()
        _require(
            not identity or (identity.isdigit() and len(identity) == 12),
            _("An identity number has 12 digits."),
        )
        grade = data.grade
        _require(
            grade is None or 1 <= grade <= 12,
            _("A pupil's grade is between 1 and 12."),
        )
    else:
        _require(
            data.collective_kind in CollectiveKind.values,
            _("Say whether the collective is a whole organisation or a named group."),
        )


def _require_editable_by(by: User, nomination: Nomination) -> None:
    """Only the nominating organisation changes a nomination, and only while it is a
    draft or more information is requested."""
    _require(
        nomination.nominating_organisation_id in nominating_organisation_ids(by),
        _("You can only nominate for your own organisation."),
    )
    _require(
        nomination.status in EDITABLE,
        _("A submitted nomination can only be changed when more information is requested."),
    )


@transaction.atomic
def nomination_save(
    *,
    by: User,
    data: NominationData,
    nomination: Nomination | None = None,
    version: str | None = None,
) -> Nomination:
    """Create a draft nomination or update one the nominator may still change. ``version``
    (from the edit form) is checked under the row lock: a nomination changed by someone
    else since the form was opened is not overwritten."""
    creating = nomination is None
    if nomination is not None:
        nomination = _locked(nomination)
        if version is not None:
            check_version(nomination, version, error=AwardsError)
        _require_editable_by(by, nomination)
    _check_nomination_data(by=by, data=data, creating=creating)
    if nomination is None:
        nomination = Nomination(created_by=by)
    for field in NOMINATION_FIELDS:
        value = getattr(data, field)
        setattr(nomination, field, value if value is not None else "")
    for nullable in ("date_of_birth", "group_size", "women_percent", "grade"):
        setattr(nomination, nullable, getattr(data, nullable))
    nomination.is_pupil = data.is_pupil
    nomination.public_consent = data.public_consent
    if nomination.nominee_kind == NomineeKind.INDIVIDUAL:
        nomination.collective_kind = ""
        nomination.group_size = nomination.women_percent = None
    else:
        nomination.gender = nomination.position = nomination.identity_number = ""
        nomination.date_of_birth = nomination.grade = None
        nomination.is_pupil = nomination.public_consent = False
    if not nomination.is_pupil:
        nomination.grade = None
    else:
        # a minor is never named in public, whatever was ticked
        nomination.public_consent = False
    if nomination.public_consent and nomination.consent_recorded_at is None:
        nomination.consent_recorded_at = timezone.now()
    elif not nomination.public_consent:
        nomination.consent_recorded_at = None
        if nomination.collective_kind == CollectiveKind.ORGANISATION:
            nomination.nominee_name = nomination.nominee_organisation.name
    nomination.nominee_key = nomination.compute_nominee_key()
    nomination.save()
    if creating:
        NominationTransition.objects.create(
            nomination=nomination, from_status="", to_status=NominationStatus.DRAFT, by=by
        )
    return nomination


@transaction.atomic
def document_add(*, by: User, nomination: Nomination, kind: str, file) -> NominationDocument:
    nomination = _locked(nomination)
    _require_editable_by(by, nomination)
    _require(kind in DocumentKind.values, _("Choose the kind of document."))
    document = NominationDocument(nomination=nomination, kind=kind, file=file, uploaded_by=by)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_delete(*, by: User, document: NominationDocument) -> None:
    nomination = _locked(document.nomination)
    _require(
        nomination.nominating_organisation_id in nominating_organisation_ids(by)
        and nomination.status in EDITABLE,
        _("A submitted nomination can only be changed when more information is requested."),
    )
    delete_on_commit(document.file)  # after the commit: a rollback keeps row and file
    document.delete()


def missing_documents(nomination: Nomination) -> list[str]:
    present = set(nomination.documents.values_list("kind", flat=True))
    return [str(DocumentKind(k).label) for k in REQUIRED_DOCUMENTS if k not in present]


def _store_flags(nomination: Nomination, found) -> None:
    nomination.flags = [{"code": f.code, "level": f.level} for f in found]


@transaction.atomic
def nomination_submit(*, by: User, nomination: Nomination) -> Nomination:
    """Submit a draft, or resubmit after more information was requested. Refused while a
    required document is missing or an eligibility rule refuses the nominee."""
    nomination = _locked(nomination)
    _require(
        nomination.nominating_organisation_id in nominating_organisation_ids(by),
        _("You can only nominate for your own organisation."),
    )
    to = (
        NominationStatus.SUBMITTED
        if nomination.status == NominationStatus.DRAFT
        else NominationStatus.RESUBMITTED
    )
    NOMINATION_WORKFLOW.check(nomination, to)
    missing = missing_documents(nomination)
    _require(
        not missing,
        _("The dossier is incomplete. Missing: %(documents)s.") % {"documents": ", ".join(missing)},
    )
    today = timezone.localdate()
    if nomination.status == NominationStatus.DRAFT:
        _require(
            today <= nomination.round.submission_deadline,
            _("The submission deadline of this round has passed."),
        )
    found = eligibility.findings(nomination)
    refused = eligibility.refusals(found)
    _require(not refused, " ".join(f.message for f in refused))
    _store_flags(nomination, found)
    nomination.status_comment = ""
    nomination.submitted_at = timezone.now()
    reviewers = [
        assignment.reviewer
        for assignment in nomination.assignments.filter(conflict_declared=False).select_related(
            "reviewer"
        )
    ]
    nomination_transition(
        obj=nomination,
        to=to,
        by=by,
        fields=("flags", "status_comment", "submitted_at"),
        notify=notifications_after_commit(
            reviewers,
            kind="awards.resubmitted",
            title=lazy_format(
                gettext_lazy("A nomination you review was resubmitted: %(name)s"),
                name=nomination.nominee_name,
            ),
            url=reverse("awards:review-form", args=[nomination.pk]),
        ),
    )
    return nomination


@transaction.atomic
def nomination_withdraw(*, by: User, nomination: Nomination) -> Nomination:
    nomination = _locked(nomination)
    _require(
        nomination.nominating_organisation_id in nominating_organisation_ids(by),
        _("You can only nominate for your own organisation."),
    )
    nomination_transition(obj=nomination, to=NominationStatus.WITHDRAWN, by=by)
    return nomination


@transaction.atomic
def nomination_request_info(*, by: User, nomination: Nomination, comment: str) -> Nomination:
    missing = _("Say what information is needed.")
    title = gettext_lazy("More information is requested for the nomination of %(name)s")
    return _answer_with_comment(by, nomination, NominationStatus.MORE_INFO, comment, missing, title)


def _answer_with_comment(by: User, nomination: Nomination, to: str, comment: str, missing, title):
    """The council's answer that must say why (more information, rejection): the comment
    is kept on the nomination and the nominators are told ``title`` (with ``%(name)s``)
    after the commit; ``missing`` refuses an empty comment."""
    _require_manager(by, nomination)
    nomination = _locked(nomination)
    NOMINATION_WORKFLOW.check(nomination, to)
    comment = (comment or "").strip()
    _require(bool(comment), missing)
    nomination.status_comment = comment
    nomination_transition(
        obj=nomination,
        to=to,
        by=by,
        comment=comment,
        fields=("status_comment",),
        notify=_nominators_notification(
            nomination, lazy_format(title, name=nomination.nominee_name)
        ),
    )
    return nomination


def quota_use(*, round_id: int, form_id: int) -> tuple[int, int]:
    """(granted, quota) for a form in a round."""
    quota = RoundForm.objects.get(round_id=round_id, form_id=form_id).quota
    used = Nomination.objects.filter(round_id=round_id, form_id=form_id, status__in=GRANTED).count()
    return used, quota


@transaction.atomic
def nomination_approve(*, by: User, nomination: Nomination) -> Nomination:
    """Approve for commendation. The row of the form's quota is locked so that two
    officers approving at once cannot exceed it."""
    _require_manager(by, nomination)
    # Lock the quota first, then the nomination: every approval takes locks in this order.
    round_form = RoundForm.objects.select_for_update().get(
        round_id=nomination.round_id, form_id=nomination.form_id
    )
    nomination = _locked(nomination)
    NOMINATION_WORKFLOW.check(nomination, NominationStatus.APPROVED)
    done = nomination.assignments.filter(
        conflict_declared=False, submitted_at__isnull=False
    ).count()
    required = nomination.round.reviews_required
    _require(
        done >= required,
        _("Approval needs %(required)s reviews; %(done)s submitted so far.")
        % {"required": required, "done": done},
    )
    found = eligibility.findings(nomination)
    refused = eligibility.refusals(found)
    _require(not refused, " ".join(f.message for f in refused))
    pending = eligibility.unresolved(found)
    _require(not pending, " ".join(f.message for f in pending))
    used = Nomination.objects.filter(
        round_id=nomination.round_id, form_id=nomination.form_id, status__in=GRANTED
    ).count()
    _require(
        used < round_form.quota,
        _(
            "The quota of %(quota)s for “%(form)s” in this round is used up: reject "
            "another approved nomination first."
        )
        % {"quota": round_form.quota, "form": nomination.form.name},
    )
    nomination_transition(obj=nomination, to=NominationStatus.APPROVED, by=by)
    return nomination


@transaction.atomic
def nomination_reject(*, by: User, nomination: Nomination, comment: str) -> Nomination:
    missing = _("Give the reason for the rejection.")
    title = gettext_lazy("The nomination of %(name)s was not approved")
    return _answer_with_comment(by, nomination, NominationStatus.REJECTED, comment, missing, title)


@transaction.atomic
def nomination_resolve_overlap(*, by: User, nomination: Nomination, reason: str) -> Nomination:
    """The council records why an award over an overlapping period rewards a different
    achievement (kept in the nomination's history); approval is refused until then."""
    _require_manager(by, nomination)
    nomination = _locked(nomination)
    _require(
        nomination.status in UNDER_REVIEW,
        _("Only a nomination under review can be resolved by the council."),
    )
    _require(
        any(f.code == "overlap" for f in eligibility.findings(nomination)),
        _("This nomination has no overlapping award to resolve."),
    )
    reason = (reason or "").strip()
    _require(
        bool(reason),
        _("Say why the overlapping award rewards a different achievement."),
    )
    nomination.overlap_reason = reason
    nomination.overlap_resolved_by = by
    nomination.overlap_resolved_at = timezone.now()
    nomination.save(
        update_fields=["overlap_reason", "overlap_resolved_by", "overlap_resolved_at", "updated"]
    )
    return nomination
