"""Every write of the awards app: keyword-only, atomic, checking permission and state."""

from __future__ import annotations

import logging
import secrets
import statistics
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import roles
from accounts.enums import Role
from notifications.services import notification_create

from . import eligibility
from .enums import (
    EDITABLE,
    GRANTED,
    REQUIRED_DOCUMENTS,
    UNDER_REVIEW,
    CollectiveKind,
    DocumentKind,
    NominationStatus,
    NomineeKind,
    Recommendation,
    RubricKind,
)
from .models import (
    SCORE_MAX,
    Commendation,
    Decision,
    DisciplineFlag,
    Nomination,
    NominationDocument,
    NominationRound,
    NominationTransition,
    ReviewAssignment,
    ReviewScore,
    RoundForm,
    normalise_name,
)
from .rules import conflict_reason, nominating_organisation_ids

logger = logging.getLogger(__name__)


class AwardsError(ValidationError):
    """A refused awards action, with a translated message for the user."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise AwardsError(message)


def _transition(
    *, nomination: Nomination, to: str, by, comment: str = "", fields: tuple = ()
) -> None:
    from_status = nomination.status
    nomination.status = to
    nomination.save(update_fields=["status", "updated", *fields])
    NominationTransition.objects.create(
        nomination=nomination, from_status=from_status, to_status=to, by=by, comment=comment
    )


def _locked(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update().select_related("round", "form").get(pk=nomination.pk)
    )


def _notify_nominators(nomination: Nomination, title) -> None:
    from accounts.models import User

    url = nomination.get_absolute_url()
    users = User.objects.filter(
        memberships__organisation_id=nomination.nominating_organisation_id,
        memberships__role__in=[Role.PRINCIPAL, Role.ASSOCIATION_OFFICER, Role.DEPARTMENT_STAFF],
        memberships__is_active=True,
        is_active=True,
    ).distinct()
    for user in users:
        notification_create(recipient=user, kind="awards.nomination", title=title, url=url)


# --- Nominations ---------------------------------------------------------------------


NOMINATION_FIELDS = (
    "round",
    "form",
    "nominee_kind",
    "collective_kind",
    "nominee_name",
    "gender",
    "date_of_birth",
    "position",
    "nominee_organisation",
    "group_size",
    "women_percent",
    "nominating_organisation",
    "achievement_start",
    "achievement_end",
    "summary",
)


def _check_nomination_data(*, by, data: dict, creating: bool) -> None:
    nominating = data["nominating_organisation"]
    own = nominating_organisation_ids(by)
    _require(
        nominating.pk in own,
        _("You can only nominate for your own organisation."),
    )
    principal_of = roles.organisation_ids(by, Role.PRINCIPAL)
    if nominating.pk in principal_of:
        _require(
            data["nominee_organisation"].pk == nominating.pk,
            _("A principal nominates only people and collectives of their own school."),
        )
    round_ = data["round"]
    form = data["form"]
    _require(
        RoundForm.objects.filter(round=round_, form=form).exists(),
        _("This award form is not offered in this round."),
    )
    _require(
        form.accepts(data["nominee_kind"]),
        _("This award form does not accept this kind of nominee."),
    )
    if creating:
        _require(
            round_.is_open_on(timezone.localdate()),
            _("This round is not open for nominations."),
        )
    _require(
        data["achievement_end"] >= data["achievement_start"],
        _("The achievement period ends before it starts."),
    )
    if data["nominee_kind"] == NomineeKind.INDIVIDUAL:
        _require(
            bool(data.get("gender")) and data.get("date_of_birth") is not None,
            _("Give the nominee's gender and date of birth."),
        )
    else:
        _require(
            data.get("collective_kind") in CollectiveKind.values,
            _("Say whether the collective is a whole organisation or a named group."),
        )


@transaction.atomic
def nomination_save(*, by, data: dict, nomination: Nomination | None = None) -> Nomination:
    """Create a draft nomination or update one the nominator may still change."""
    creating = nomination is None
    if not creating:
        nomination = _locked(nomination)
        _require(
            nomination.nominating_organisation_id in nominating_organisation_ids(by),
            _("You can only nominate for your own organisation."),
        )
        _require(
            nomination.status in EDITABLE,
            _("A submitted nomination can only be changed when more information is requested."),
        )
    _check_nomination_data(by=by, data=data, creating=creating)
    if creating:
        nomination = Nomination(created_by=by)
    for field in NOMINATION_FIELDS:
        setattr(nomination, field, data.get(field) if data.get(field) is not None else "")
    for nullable in ("date_of_birth", "group_size", "women_percent"):
        setattr(nomination, nullable, data.get(nullable))
    if nomination.nominee_kind == NomineeKind.INDIVIDUAL:
        nomination.collective_kind = ""
        nomination.group_size = nomination.women_percent = None
    else:
        nomination.gender = nomination.position = ""
        nomination.date_of_birth = None
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
def document_add(*, by, nomination: Nomination, kind: str, file) -> NominationDocument:
    nomination = _locked(nomination)
    _require(
        nomination.nominating_organisation_id in nominating_organisation_ids(by),
        _("You can only nominate for your own organisation."),
    )
    _require(
        nomination.status in EDITABLE,
        _("A submitted nomination can only be changed when more information is requested."),
    )
    _require(kind in DocumentKind.values, _("Choose the kind of document."))
    document = NominationDocument(nomination=nomination, kind=kind, file=file, uploaded_by=by)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_delete(*, by, document: NominationDocument) -> None:
    nomination = _locked(document.nomination)
    _require(
        nomination.nominating_organisation_id in nominating_organisation_ids(by)
        and nomination.status in EDITABLE,
        _("A submitted nomination can only be changed when more information is requested."),
    )
    document.file.delete(save=False)
    document.delete()


def missing_documents(nomination: Nomination) -> list[str]:
    present = set(nomination.documents.values_list("kind", flat=True))
    return [str(DocumentKind(k).label) for k in REQUIRED_DOCUMENTS if k not in present]


def _store_flags(nomination: Nomination, found) -> None:
    nomination.flags = [{"code": f.code, "level": f.level} for f in found]


@transaction.atomic
def nomination_submit(*, by, nomination: Nomination) -> Nomination:
    """Submit a draft, or resubmit after more information was requested. Refused while a
    required document is missing or an eligibility rule refuses the nominee."""
    nomination = _locked(nomination)
    _require(
        nomination.nominating_organisation_id in nominating_organisation_ids(by),
        _("You can only nominate for your own organisation."),
    )
    _require(
        nomination.status in EDITABLE,
        _("This nomination cannot be submitted in its current state."),
    )
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
    to = (
        NominationStatus.SUBMITTED
        if nomination.status == NominationStatus.DRAFT
        else NominationStatus.RESUBMITTED
    )
    _transition(
        nomination=nomination,
        to=to,
        by=by,
        fields=("flags", "status_comment", "submitted_at"),
    )
    for assignment in nomination.assignments.filter(conflict_declared=False).select_related(
        "reviewer"
    ):
        notification_create(
            recipient=assignment.reviewer,
            kind="awards.resubmitted",
            title=gettext_lazy("A nomination you review was resubmitted: %(name)s")
            % {"name": nomination.nominee_name},
            url=reverse("awards:review-form", args=[nomination.pk]),
        )
    return nomination


@transaction.atomic
def nomination_withdraw(*, by, nomination: Nomination) -> Nomination:
    nomination = _locked(nomination)
    _require(
        nomination.nominating_organisation_id in nominating_organisation_ids(by),
        _("You can only nominate for your own organisation."),
    )
    _require(
        nomination.status in (*EDITABLE, *UNDER_REVIEW),
        _("This nomination can no longer be withdrawn."),
    )
    _transition(nomination=nomination, to=NominationStatus.WITHDRAWN, by=by)
    return nomination


def _require_manager(by) -> None:
    _require(by.has_perm("awards.manage_nominations"), _("Only the council may do this."))


@transaction.atomic
def nomination_request_info(*, by, nomination: Nomination, comment: str) -> Nomination:
    _require_manager(by)
    nomination = _locked(nomination)
    _require(
        nomination.status in UNDER_REVIEW,
        _("More information can only be requested while the nomination is under review."),
    )
    comment = (comment or "").strip()
    _require(bool(comment), _("Say what information is needed."))
    nomination.status_comment = comment
    _transition(
        nomination=nomination,
        to=NominationStatus.MORE_INFO,
        by=by,
        comment=comment,
        fields=("status_comment",),
    )
    _notify_nominators(
        nomination,
        gettext_lazy("More information is requested for the nomination of %(name)s")
        % {"name": nomination.nominee_name},
    )
    return nomination


def quota_use(*, round_id: int, form_id: int) -> tuple[int, int]:
    """(granted, quota) for a form in a round."""
    quota = RoundForm.objects.get(round_id=round_id, form_id=form_id).quota
    used = Nomination.objects.filter(round_id=round_id, form_id=form_id, status__in=GRANTED).count()
    return used, quota


@transaction.atomic
def nomination_approve(*, by, nomination: Nomination) -> Nomination:
    """Approve for commendation. The row of the form's quota is locked so that two
    officers approving at once cannot exceed it."""
    _require_manager(by)
    # Lock the quota first, then the nomination: every approval takes locks in this order.
    round_form = RoundForm.objects.select_for_update().get(
        round_id=nomination.round_id, form_id=nomination.form_id
    )
    nomination = _locked(nomination)
    _require(
        nomination.status in UNDER_REVIEW,
        _("Only a nomination under review can be approved (it is now: %(status)s).")
        % {"status": nomination.get_status_display()},
    )
    done = nomination.assignments.filter(
        conflict_declared=False, submitted_at__isnull=False
    ).count()
    required = nomination.round.reviews_required
    _require(
        done >= required,
        _("Approval needs %(required)s reviews; %(done)s submitted so far.")
        % {"required": required, "done": done},
    )
    refused = eligibility.refusals(eligibility.findings(nomination))
    _require(not refused, " ".join(f.message for f in refused))
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
    _transition(nomination=nomination, to=NominationStatus.APPROVED, by=by)
    return nomination


@transaction.atomic
def nomination_reject(*, by, nomination: Nomination, comment: str) -> Nomination:
    _require_manager(by)
    nomination = _locked(nomination)
    _require(
        nomination.status in (*UNDER_REVIEW, NominationStatus.APPROVED),
        _("This nomination cannot be rejected in its current state."),
    )
    comment = (comment or "").strip()
    _require(bool(comment), _("Give the reason for the rejection."))
    nomination.status_comment = comment
    _transition(
        nomination=nomination,
        to=NominationStatus.REJECTED,
        by=by,
        comment=comment,
        fields=("status_comment",),
    )
    _notify_nominators(
        nomination,
        gettext_lazy("The nomination of %(name)s was not approved")
        % {"name": nomination.nominee_name},
    )
    return nomination


# --- Reviewers -----------------------------------------------------------------------


def _is_round_reviewer(user, round_: NominationRound) -> bool:
    return round_.reviewers.filter(pk=user.pk).exists() and Role.ASSOCIATION_OFFICER in roles.roles(
        user
    )


@transaction.atomic
def assignment_create(*, by, nomination: Nomination, reviewer) -> ReviewAssignment:
    """Assign a reviewer by hand; conflicts from the organisation structure refuse it."""
    _require_manager(by)
    nomination = _locked(nomination)
    _require(
        nomination.status in (*UNDER_REVIEW, NominationStatus.MORE_INFO),
        _("Reviewers can only be assigned to a submitted nomination."),
    )
    _require(
        _is_round_reviewer(reviewer, nomination.round),
        _("%(name)s is not a reviewer of this round.") % {"name": reviewer.get_full_name()},
    )
    reason = conflict_reason(reviewer, nomination)
    _require(
        reason is None,
        _("Conflict of interest for %(name)s: %(reason)s")
        % {"name": reviewer.get_full_name(), "reason": reason},
    )
    _require(
        not nomination.assignments.filter(reviewer=reviewer).exists(),
        _("%(name)s is already assigned to this nomination.") % {"name": reviewer.get_full_name()},
    )
    return _assign(by=by, nomination=nomination, reviewer=reviewer)


def _assign(*, by, nomination: Nomination, reviewer) -> ReviewAssignment:
    assignment = ReviewAssignment.objects.create(
        nomination=nomination, reviewer=reviewer, assigned_by=by
    )
    if nomination.status in (NominationStatus.SUBMITTED, NominationStatus.RESUBMITTED):
        _transition(nomination=nomination, to=NominationStatus.IN_REVIEW, by=by)
    notification_create(
        recipient=reviewer,
        kind="awards.assigned",
        title=gettext_lazy("You are asked to review the nomination of %(name)s")
        % {"name": nomination.nominee_name},
        url=reverse("awards:review-form", args=[nomination.pk]),
    )
    return assignment


@transaction.atomic
def round_autoassign(*, by, round_: NominationRound) -> tuple[int, int]:
    """Give every nomination under review its N reviewers, each time choosing the
    non-conflicted reviewer with the lightest load in the round. Returns (assigned,
    nominations still short of reviewers)."""
    _require_manager(by)
    reviewers = [
        r
        for r in round_.reviewers.filter(is_active=True).order_by("id")
        if Role.ASSOCIATION_OFFICER in roles.roles(r)
    ]
    load = dict.fromkeys((r.pk for r in reviewers), 0)
    for row in (
        ReviewAssignment.objects.filter(nomination__round=round_, conflict_declared=False)
        .values("reviewer_id")
        .annotate(n=Count("id"))
    ):
        if row["reviewer_id"] in load:
            load[row["reviewer_id"]] = row["n"]
    nominations = (
        Nomination.objects.select_for_update()
        .filter(round=round_, status__in=UNDER_REVIEW)
        .order_by("submitted_at", "id")
    )
    assigned = short = 0
    for nomination in nominations:
        current = list(nomination.assignments.all())
        taken = {a.reviewer_id for a in current}
        needed = round_.reviews_required - sum(1 for a in current if not a.conflict_declared)
        candidates = [
            r for r in reviewers if r.pk not in taken and conflict_reason(r, nomination) is None
        ]
        candidates.sort(key=lambda r: (load[r.pk], r.pk))
        for reviewer in candidates[: max(needed, 0)]:
            _assign(by=by, nomination=nomination, reviewer=reviewer)
            load[reviewer.pk] += 1
            assigned += 1
        if needed > len(candidates):
            short += 1
    return assigned, short


@transaction.atomic
def assignment_declare_conflict(*, by, assignment: ReviewAssignment, reason: str) -> None:
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    _require(assignment.reviewer_id == by.pk, _("Only the reviewer can declare a conflict."))
    reason = (reason or "").strip()
    _require(bool(reason), _("Say briefly why you have a conflict of interest."))
    assignment.conflict_declared = True
    assignment.conflict_reason = reason[:255]
    assignment.save(update_fields=["conflict_declared", "conflict_reason"])


def weighted_score(scores: dict, criteria) -> Decimal:
    total_weight = sum((c.weight for c in criteria), Decimal(0))
    total = sum((Decimal(scores[c.pk]) * c.weight for c in criteria), Decimal(0))
    return (total / total_weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def review_submit(
    *, by, assignment: ReviewAssignment, scores: dict, recommendation: str, comment: str
) -> ReviewAssignment:
    """Record (or revise, while the council still works) a review: one score per
    criterion on the round's scale, a recommendation and a comment."""
    assignment = (
        ReviewAssignment.objects.select_for_update()
        .select_related("nomination__round")
        .get(pk=assignment.pk)
    )
    nomination = assignment.nomination
    _require(
        assignment.reviewer_id == by.pk
        and not assignment.conflict_declared
        and conflict_reason(by, nomination) is None,
        _("You are not a reviewer of this nomination."),
    )
    _require(
        nomination.status in UNDER_REVIEW,
        _("This nomination is not open for review."),
    )
    _require(recommendation in Recommendation.values, _("Choose a recommendation."))
    criteria = list(nomination.round.criteria.all())
    _require(bool(criteria), _("This round has no scoring rubric yet."))
    pass_fail = nomination.round.rubric_kind == RubricKind.PASS_FAIL
    clean: dict[int, Decimal] = {}
    for criterion in criteria:
        raw = scores.get(criterion.pk)
        try:
            value = Decimal(str(raw))
        except (ArithmeticError, ValueError, TypeError):
            value = None
        if value is None or not value.is_finite():
            raise AwardsError(
                _("Give a score for “%(criterion)s”.") % {"criterion": criterion.name}
            )
        allowed = value in (0, SCORE_MAX) if pass_fail else 0 <= value <= SCORE_MAX
        _require(
            allowed,
            _("The score for “%(criterion)s” must be between 0 and 10.")
            % {"criterion": criterion.name},
        )
        clean[criterion.pk] = value.quantize(Decimal("0.1"))
    ReviewScore.objects.filter(assignment=assignment).delete()
    ReviewScore.objects.bulk_create(
        [ReviewScore(assignment=assignment, criterion_id=pk, score=v) for pk, v in clean.items()]
    )
    assignment.weighted_score = weighted_score(clean, criteria)
    assignment.recommendation = recommendation
    assignment.comment = (comment or "").strip()
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["weighted_score", "recommendation", "comment", "submitted_at"])
    return assignment


def score_summary(values: list[Decimal]) -> dict:
    if not values:
        return {"mean": None, "median": None, "spread": None, "count": 0}
    floats = [Decimal(v) for v in values]
    return {
        "mean": (sum(floats) / len(floats)).quantize(Decimal("0.01")),
        "median": Decimal(statistics.median(floats)).quantize(Decimal("0.01")),
        "spread": (max(floats) - min(floats)).quantize(Decimal("0.01")),
        "count": len(floats),
    }


# --- Decisions and certificates ------------------------------------------------------


def decision_next_number(*, issuing_organisation, year: int) -> int:
    last = Decision.objects.filter(issuing_organisation=issuing_organisation, year=year).aggregate(
        n=Max("number")
    )["n"]
    return (last or 0) + 1


def new_certificate_code() -> str:
    return "AW-" + secrets.token_hex(4).upper()


def decision_record(
    *,
    by,
    round_: NominationRound,
    issuing_organisation,
    number: int,
    day: date,
    signer: str,
    scanned_document,
    nominations: list[Nomination],
) -> Decision:
    """Record a numbered decision commending the chosen approved nominations, all in one
    step: the number is unique per issuing organisation and year (a constraint decides
    between two officers acting at once), and each nominee gets a verification code."""
    _require(
        by.has_perm("awards.decide", issuing_organisation),
        _("You may not record decisions for this organisation."),
    )
    _require(bool(nominations), _("Choose at least one approved nomination."))
    _require(bool(number) and number > 0, _("Give the decision number."))
    _require(bool(scanned_document), _("Attach the scanned decision."))
    _require(bool((signer or "").strip()), _("Give the name of the signer."))
    reused = _("Decision number %(number)s of %(year)s is already used by %(org)s.") % {
        "number": number,
        "year": day.year,
        "org": issuing_organisation.name,
    }
    try:
        with transaction.atomic():
            _require(
                not Decision.objects.filter(
                    issuing_organisation=issuing_organisation, year=day.year, number=number
                ).exists(),
                reused,
            )
            locked = list(
                Nomination.objects.select_for_update()
                .filter(pk__in=[n.pk for n in nominations])
                .select_related("form", "nominee_organisation")
                .order_by("pk")
            )
            _require(len(locked) == len(nominations), _("Choose at least one approved nomination."))
            for nomination in locked:
                _require(
                    nomination.status == NominationStatus.APPROVED
                    and nomination.round_id == round_.pk,
                    _("%(name)s is not an approved nomination of this round.")
                    % {"name": nomination.nominee_name},
                )
                _require(
                    nomination.form.issuing_organisation_id == issuing_organisation.pk,
                    _("“%(form)s” is not issued by %(org)s.")
                    % {"form": nomination.form.name, "org": issuing_organisation.name},
                )
            decision = Decision(
                round=round_,
                issuing_organisation=issuing_organisation,
                year=day.year,
                number=number,
                date=day,
                signer=signer.strip(),
                scanned_document=scanned_document,
                created_by=by,
                certificates_total=len(locked),
            )
            decision.full_clean(exclude=["issuing_organisation", "year", "number", "round"])
            decision.save()
            for nomination in locked:
                Commendation.objects.create(
                    nomination=nomination,
                    decision=decision,
                    code=new_certificate_code(),
                    nominee_name=nomination.nominee_name,
                    nominee_kind=nomination.nominee_kind,
                    organisation_name=nomination.nominee_organisation.name,
                    form=nomination.form,
                    achievement=nomination.summary,
                )
                _transition(
                    nomination=nomination,
                    to=NominationStatus.COMMENDED,
                    by=by,
                    comment=_("Decision %(label)s") % {"label": decision.label},
                )
                _notify_nominators(
                    nomination,
                    gettext_lazy("%(name)s is commended by decision %(label)s")
                    % {"name": nomination.nominee_name, "label": decision.label},
                )
            decision_id = decision.pk
            transaction.on_commit(lambda: _enqueue_certificates(decision_id))
    except IntegrityError:
        # Another officer took the number between our check and our insert.
        raise AwardsError(reused)
    return decision


def _enqueue_certificates(decision_id: int) -> None:
    from .tasks import generate_certificates

    Decision.objects.filter(pk=decision_id).update(certificates_running=True)
    generate_certificates.delay(decision_id=decision_id)


def certificate_context(commendation: Commendation) -> dict:
    from learnsociety.pdf import absolute_url, qr_data_uri

    url = absolute_url(reverse("verify-certificate", args=[commendation.code]))
    return {
        "c": commendation,
        "decision": commendation.decision,
        "verify_url": url,
        "qr": qr_data_uri(url),
    }


def commendation_certificate(*, commendation: Commendation) -> Commendation:
    """Render and store the certificate PDF (in Vietnamese, the official language)."""
    from learnsociety.pdf import render_pdf_bytes

    with translation.override("vi"):
        pdf = render_pdf_bytes("awards/certificate.html", certificate_context(commendation))
    commendation.certificate.save(f"{commendation.code}.pdf", ContentFile(pdf), save=False)
    commendation.save(update_fields=["certificate"])
    return commendation


def decision_generate_certificates(*, decision_id: int) -> int:
    """Generate the missing certificates of a decision, counting progress as it goes."""
    decision = Decision.objects.get(pk=decision_id)
    pending = (
        Commendation.objects.filter(decision=decision)
        .select_related("decision__issuing_organisation", "form__issuing_organisation")
        .order_by("id")
    )
    made = 0
    for commendation in pending:
        if not commendation.certificate:
            commendation_certificate(commendation=commendation)
            made += 1
        done = Commendation.objects.filter(decision=decision).exclude(certificate="").count()
        Decision.objects.filter(pk=decision.pk).update(certificates_done=done)
    Decision.objects.filter(pk=decision.pk).update(certificates_running=False)
    logger.info("awards: %s certificates generated for decision %s", made, decision_id)
    return made


# --- Discipline register -------------------------------------------------------------


@transaction.atomic
def discipline_flag_create(
    *, by, organisation, person_name: str, date_of_birth, reason: str
) -> DisciplineFlag:
    _require(by.has_perm("awards.manage_discipline"), _("You may not change the register."))
    _require(bool((reason or "").strip()), _("Give the reason."))
    return DisciplineFlag.objects.create(
        organisation=organisation,
        person_name=(person_name or "").strip(),
        normalised_name=normalise_name(person_name or ""),
        date_of_birth=date_of_birth,
        reason=reason.strip(),
        created_by=by,
    )


@transaction.atomic
def discipline_flag_lift(*, by, flag: DisciplineFlag) -> None:
    _require(by.has_perm("awards.manage_discipline"), _("You may not change the register."))
    flag.is_active = False
    flag.save(update_fields=["is_active"])


@transaction.atomic
def round_save(*, by, form, offered, criteria) -> NominationRound:
    """Save a round with the forms it offers (and their quotas) and its rubric, all at
    once. The rubric is frozen once a review has been scored."""
    _require_manager(by)
    round_ = form.save()
    offered.instance = round_
    offered.save()
    if criteria is not None:
        _require(
            not ReviewScore.objects.filter(assignment__nomination__round=round_).exists(),
            _("The rubric cannot change once reviews have been scored."),
        )
        criteria.instance = round_
        criteria.save()
    return round_
