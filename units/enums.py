from django.db import models
from django.utils.translation import gettext_lazy as _


class EducationLevel(models.TextChoices):
    PRESCHOOL = "preschool", _("Preschool")
    PRIMARY = "primary", _("Primary")
    PRIMARY_LOWER_SECONDARY = "primary_lower_secondary", _("Primary and lower-secondary")
    LOWER_SECONDARY = "lower_secondary", _("Lower-secondary")
    LOWER_UPPER_SECONDARY = "lower_upper_secondary", _("Lower- and upper-secondary")
    UPPER_SECONDARY = "upper_secondary", _("Upper-secondary")
    MULTI_LEVEL = "multi_level", _("Multi-level")
    ETHNIC_BOARDING = "ethnic_boarding", _("Ethnic boarding school")
    CONTINUING_EDUCATION = "continuing_education", _("Continuing-education centre")
    VOCATIONAL = "vocational", _("Vocational school or college")
    UNIVERSITY = "university", _("University")


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


FRAMEWORK_BADGE: dict[str, str] = {
    FrameworkStatus.DRAFT: "text-bg-warning",
    FrameworkStatus.PUBLISHED: "text-bg-success",
}


class FrameworkKind(models.TextChoices):
    POINTS = "points", _("Points and grades")
    THRESHOLD = "threshold", _("Thresholds and levels")


class CriterionKind(models.TextChoices):
    POINTS = "points", _("Points")
    THRESHOLD = "threshold", _("Percentage threshold")
    YES_NO = "yes_no", _("Yes / no")


class DenominatorSource(models.TextChoices):
    FREE = "", _("Entered freely")
    STAFF = "staff", _("Number of staff")
    LEARNERS = "learners", _("Number of learners")


class CycleState(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    IN_REVIEW = "in_review", _("In review")
    CLOSED = "closed", _("Closed")


CYCLE_BADGE: dict[str, str] = {
    CycleState.UPCOMING: "text-bg-secondary",
    CycleState.OPEN: "text-bg-success",
    CycleState.IN_REVIEW: "text-bg-info",
    CycleState.CLOSED: "text-bg-dark",
}


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    RETURNED = "returned", _("Returned for corrections")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    VERIFIED = "verified", _("Verified")
    RECOGNISED = "recognised", _("Recognised")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")


# States in which the school may still change its dossier.
SCHOOL_EDITABLE = {AssessmentStatus.DRAFT, AssessmentStatus.RETURNED}
# States waiting for the reviewer.
AWAITING_REVIEW = {
    AssessmentStatus.SUBMITTED,
    AssessmentStatus.IN_REVIEW,
    AssessmentStatus.RESUBMITTED,
}
# States that count as "submitted" for coverage and indicators.
SUBMITTED_STATES = AWAITING_REVIEW | {
    AssessmentStatus.RETURNED,
    AssessmentStatus.VERIFIED,
    AssessmentStatus.RECOGNISED,
    AssessmentStatus.NOT_RECOGNISED,
}

# The self-assessment workflow: the moves its transition function allows.
ASSESSMENT_TRANSITIONS = {
    AssessmentStatus.DRAFT: {AssessmentStatus.SUBMITTED},
    AssessmentStatus.RETURNED: {AssessmentStatus.RESUBMITTED},
    AssessmentStatus.SUBMITTED: {
        AssessmentStatus.IN_REVIEW,
        AssessmentStatus.RETURNED,
        AssessmentStatus.VERIFIED,
    },
    AssessmentStatus.RESUBMITTED: {
        AssessmentStatus.IN_REVIEW,
        AssessmentStatus.RETURNED,
        AssessmentStatus.VERIFIED,
    },
    AssessmentStatus.IN_REVIEW: {AssessmentStatus.RETURNED, AssessmentStatus.VERIFIED},
    AssessmentStatus.VERIFIED: {AssessmentStatus.RECOGNISED, AssessmentStatus.NOT_RECOGNISED},
}

ASSESSMENT_BADGE: dict[str, str] = {
    AssessmentStatus.DRAFT: "text-bg-secondary",
    AssessmentStatus.SUBMITTED: "text-bg-primary",
    AssessmentStatus.IN_REVIEW: "text-bg-info",
    AssessmentStatus.RETURNED: "text-bg-warning",
    AssessmentStatus.RESUBMITTED: "text-bg-primary",
    AssessmentStatus.VERIFIED: "text-bg-success",
    AssessmentStatus.RECOGNISED: "text-bg-success",
    AssessmentStatus.NOT_RECOGNISED: "text-bg-danger",
}
