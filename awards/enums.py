from django.db import models
from django.utils.translation import gettext_lazy as _


class NomineeKind(models.TextChoices):
    """Who a form can reward (``both`` only on forms)."""

    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    BOTH = "both", _("Individual or collective")


class CollectiveKind(models.TextChoices):
    ORGANISATION = "organisation", _("A whole organisation")
    GROUP = "group", _("A named group")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class RubricKind(models.TextChoices):
    SCORED = "scored", _("Weighted scores from 0 to 10")
    PASS_FAIL = "pass_fail", _("Pass or fail")


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    MORE_INFO = "more_info", _("More information requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    COMMENDED = "commended", _("Commended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States in which the council is working on a nomination.
UNDER_REVIEW = (
    NominationStatus.SUBMITTED,
    NominationStatus.IN_REVIEW,
    NominationStatus.RESUBMITTED,
)
# States in which the nominator may change the dossier.
EDITABLE = (NominationStatus.DRAFT, NominationStatus.MORE_INFO)
# States that count against an achievement (never rewarded twice) and a quota.
GRANTED = (NominationStatus.APPROVED, NominationStatus.COMMENDED)
# The nomination workflow: the moves its transition function allows.
NOMINATION_TRANSITIONS: dict[str, set[str]] = {
    NominationStatus.DRAFT: {NominationStatus.SUBMITTED, NominationStatus.WITHDRAWN},
    NominationStatus.MORE_INFO: {NominationStatus.RESUBMITTED, NominationStatus.WITHDRAWN},
    NominationStatus.SUBMITTED: {
        NominationStatus.IN_REVIEW,
        NominationStatus.MORE_INFO,
        NominationStatus.APPROVED,
        NominationStatus.REJECTED,
        NominationStatus.WITHDRAWN,
    },
    NominationStatus.IN_REVIEW: {
        NominationStatus.MORE_INFO,
        NominationStatus.APPROVED,
        NominationStatus.REJECTED,
        NominationStatus.WITHDRAWN,
    },
    NominationStatus.RESUBMITTED: {
        NominationStatus.IN_REVIEW,
        NominationStatus.MORE_INFO,
        NominationStatus.APPROVED,
        NominationStatus.REJECTED,
        NominationStatus.WITHDRAWN,
    },
    NominationStatus.APPROVED: {NominationStatus.REJECTED, NominationStatus.COMMENDED},
}
STATUS_BADGE: dict[str, str] = {
    NominationStatus.DRAFT: "text-bg-secondary",
    NominationStatus.SUBMITTED: "text-bg-primary",
    NominationStatus.IN_REVIEW: "text-bg-info",
    NominationStatus.MORE_INFO: "text-bg-warning",
    NominationStatus.RESUBMITTED: "text-bg-primary",
    NominationStatus.APPROVED: "text-bg-success",
    NominationStatus.REJECTED: "text-bg-danger",
    NominationStatus.COMMENDED: "text-bg-success",
    NominationStatus.WITHDRAWN: "text-bg-dark",
}


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    MORE_INFO = "more_info", _("Ask for more information")


class DocumentKind(models.TextChoices):
    PROPOSAL_LETTER = "proposal_letter", _("Proposal letter")
    ACHIEVEMENT_REPORT = "achievement_report", _("Achievement report")
    MEETING_MINUTES = "meeting_minutes", _("Review meeting minutes")
    PROOF = "proof", _("Proof")


REQUIRED_DOCUMENTS = (
    DocumentKind.PROPOSAL_LETTER,
    DocumentKind.ACHIEVEMENT_REPORT,
    DocumentKind.MEETING_MINUTES,
)


class Procedure(models.TextChoices):
    """Whether the organisation using the app gives a form itself or only proposes it to
    the higher body that gives it (Law 06/2022/QH15 Art. 80; Decree 98/2023/NĐ-CP)."""

    DECIDED = "decided", _("Decided by the issuer in the app")
    PROPOSED = "proposed", _("Proposed to the issuer, which decides")


class AchievementKind(models.TextChoices):
    """What a form rewards. One achievement is rewarded once: two forms for the same kind
    of achievement of the same nominee over overlapping periods are the same achievement.
    Years of service are not a yearly achievement and never conflict with one."""

    YEARLY = "yearly", _("Achievement of a school or calendar year")
    OCCASIONAL = "occasional", _("A particular achievement (competition, special feat)")
    STUDY = "study", _("A pupil's learning and effort")
    SERVICE = "service", _("Years of service or contribution")


class CouncilPosition(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")
