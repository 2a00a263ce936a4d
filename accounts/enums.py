from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DEPARTMENT_STAFF = "staff", _("Department staff")
    ASSOCIATION_OFFICER = "officer", _("Association officer")
    PRINCIPAL = "principal", _("Principal")
    TIER_REVIEWER = "reviewer", _("Tier reviewer")
    COMMUNE_SECRETARY = "secretary", _("Commune branch secretary")
    ADMINISTRATOR = "admin", _("Administrator")
    # The Ministry or the central Association: reads every province, changes nothing.
    NATIONAL_VIEWER = "national", _("National viewer (read-only)")


class OrganisationKind(models.TextChoices):
    DEPARTMENT = "department", _("Department of Education and Training")
    ASSOCIATION = "association", _("Association for Learning Promotion")
    EDUCATION_OFFICE = "education_office", _("Education office")
    SCHOOL = "school", _("School")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    CULTURE_SOCIETY_OFFICE = "culture_office", _("Culture and society office")
    PARTNER = "partner", _("Partner")
    ASSOCIATION_BRANCH = "association_branch", _("Commune Association branch")
    MINISTRY = "ministry", _("Ministry of Education and Training")
    CENTRAL_ASSOCIATION = "central_association", _("Vietnam Association for Learning Promotion")


class Tier(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial tier")
    DISTRICT = "district", _("District tier")
    COMMUNE = "commune", _("Commune tier")


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
