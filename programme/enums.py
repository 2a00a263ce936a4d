from django.db import models
from django.utils.translation import gettext_lazy as _


class Party(models.TextChoices):
    DOET = "doet", _("DOET")
    ASSOCIATION = "association", _("Association")
    JOINT = "joint", _("Joint (DOET and Association)")


class Area(models.TextChoices):
    COMMUNICATION = "communication", _("Communication and media")
    EDUCATION = "education", _("Quality of education and continuing education")
    LEARNING_UNITS = "learning_units", _("Learning Units")
    RECOGNITION = "recognition", _("Commendation and rewards")
    LEARNING_CITY = "learning_city", _("Learning city")


class Unit(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage")
    YES_NO = "yes_no", _("Yes / no")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")


class Source(models.TextChoices):
    MANUAL = "manual", _("Reported manually")
    COMPUTED = "computed", _("Computed from LearnSociety data")


class ComputedSource(models.TextChoices):
    RECOGNISED_SHARE = "recognised_share", _("Share of schools recognised as Learning Units")
    RECOGNISED_SHARE_DISTRICT = (
        "recognised_share_district",
        _("Share of district-tier schools recognised as Learning Units"),
    )
    RECOGNISED_SHARE_PROVINCIAL = (
        "recognised_share_provincial",
        _("Share of provincial-tier schools recognised as Learning Units"),
    )
    ASSESSMENTS_SUBMITTED = (
        "assessments_submitted",
        _("Schools that submitted a self-assessment in the cycle"),
    )
    COMMENDATIONS_GRANTED = "commendations_granted", _("Commendations granted")
    LEARNING_CITY_SHARE = "learning_city_share", _("Share of learning-city key features in place")
    SOCIETY_FAMILIES = (
        "society_families",
        _("Share of households recognised as learning families (communes' returns)"),
    )
    SOCIETY_CLANS = (
        "society_clans",
        _("Share of clans recognised as learning clans (communes' returns)"),
    )
    SOCIETY_COMMUNITIES = (
        "society_communities",
        _("Share of communes recognised as learning communities (communes' returns)"),
    )
    SOCIETY_VILLAGES = (
        "society_villages",
        _("Share of villages recognised as learning communities (communes' returns)"),
    )
    SOCIETY_CITIZENS = "society_citizens", _("Learning Citizens recognised (communes' returns)")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class PeriodKind(models.TextChoices):
    HALF_YEAR = "half_year", _("Half-year")
    YEAR = "year", _("Year")
    MID_TERM = "mid_term", _("Mid-term review")
    FINAL = "final", _("Final review")


# Within one year, a later kind of report supersedes an earlier one for "latest actual".
PERIOD_ORDER = {
    PeriodKind.HALF_YEAR: 1,
    PeriodKind.YEAR: 2,
    PeriodKind.MID_TERM: 3,
    PeriodKind.FINAL: 4,
}
MID_TERM_YEAR = 2027
FINAL_YEAR = 2030


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for corrections")
    ACCEPTED = "accepted", _("Accepted")


# The progress-report workflow: the moves its transition function allows. An accepted
# report goes back to submitted only through a correction with a written reason.
REPORT_TRANSITIONS = {
    ReportStatus.DRAFT: {ReportStatus.SUBMITTED},
    ReportStatus.RETURNED: {ReportStatus.SUBMITTED},
    ReportStatus.SUBMITTED: {ReportStatus.RETURNED, ReportStatus.ACCEPTED},
    ReportStatus.ACCEPTED: {ReportStatus.SUBMITTED},
}
# States in which the authors edit the report and submit it.
REPORT_EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
REPORT_BADGE: dict[str, str] = {
    ReportStatus.DRAFT: "text-bg-secondary",
    ReportStatus.SUBMITTED: "text-bg-primary",
    ReportStatus.RETURNED: "text-bg-warning",
    ReportStatus.ACCEPTED: "text-bg-success",
}


class CommitmentStatus(models.TextChoices):
    DONE = "done", _("Done")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OVERDUE = "overdue", _("Overdue")
    NOT_STARTED = "not_started", _("Not started")


STATUS_BADGE: dict[str, str] = {
    CommitmentStatus.DONE: "text-bg-success",
    CommitmentStatus.ON_TRACK: "text-bg-primary",
    CommitmentStatus.AT_RISK: "text-bg-warning",
    CommitmentStatus.OVERDUE: "text-bg-danger",
    CommitmentStatus.NOT_STARTED: "text-bg-secondary",
}


class FeatureGroup(models.TextChoices):
    BENEFIT = "benefit", _("Wider benefits of building a learning city")
    BUILDING_BLOCK = "building_block", _("Major building blocks of a learning city")
    CONDITION = "condition", _("Fundamental conditions for building a learning city")


class FeatureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    IN_PLACE = "in_place", _("In place")


FEATURE_BADGE: dict[str, str] = {
    FeatureStatus.NOT_STARTED: "text-bg-secondary",
    FeatureStatus.IN_PROGRESS: "text-bg-primary",
    FeatureStatus.IN_PLACE: "text-bg-success",
}


class FeatureTheme(models.TextChoices):
    """The twelve headings of the UNESCO Key Features of Learning Cities."""

    EMPOWERMENT = "empowerment", _("Individual empowerment and social cohesion")
    ECONOMY = "economy", _("Economic development and cultural prosperity")
    SUSTAINABILITY = "sustainability", _("Sustainable development")
    EDUCATION_SYSTEM = "education_system", _("Inclusive learning in the education system")
    FAMILIES = "families", _("Revitalised learning in families and communities")
    WORKPLACES = "workplaces", _("Effective learning for and in the workplace")
    TECHNOLOGIES = "technologies", _("Extended use of modern learning technologies")
    QUALITY = "quality", _("Enhanced quality in learning")
    CULTURE = "culture", _("A vibrant culture of learning throughout life")
    POLITICAL_WILL = "political_will", _("Strong political will and commitment")
    GOVERNANCE = "governance", _("Governance and participation of all stakeholders")
    RESOURCES = "resources", _("Mobilisation and utilisation of resources")


THEME_GROUP = {
    FeatureTheme.EMPOWERMENT: FeatureGroup.BENEFIT,
    FeatureTheme.ECONOMY: FeatureGroup.BENEFIT,
    FeatureTheme.SUSTAINABILITY: FeatureGroup.BENEFIT,
    FeatureTheme.EDUCATION_SYSTEM: FeatureGroup.BUILDING_BLOCK,
    FeatureTheme.FAMILIES: FeatureGroup.BUILDING_BLOCK,
    FeatureTheme.WORKPLACES: FeatureGroup.BUILDING_BLOCK,
    FeatureTheme.TECHNOLOGIES: FeatureGroup.BUILDING_BLOCK,
    FeatureTheme.QUALITY: FeatureGroup.BUILDING_BLOCK,
    FeatureTheme.CULTURE: FeatureGroup.BUILDING_BLOCK,
    FeatureTheme.POLITICAL_WILL: FeatureGroup.CONDITION,
    FeatureTheme.GOVERNANCE: FeatureGroup.CONDITION,
    FeatureTheme.RESOURCES: FeatureGroup.CONDITION,
}
