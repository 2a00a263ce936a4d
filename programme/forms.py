from __future__ import annotations

from decimal import Decimal
from typing import cast

from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import OrganisationKind, Role
from accounts.models import Membership, Organisation, User
from accounts.widgets import SearchSelectMultiple
from learnsociety.concurrency import VersionCheckMixin
from learnsociety.uploads import validate_upload

from .enums import Party, PeriodKind, Unit
from .models import (
    YEARS,
    Commitment,
    Indicator,
    LearningCityFeature,
    Milestone,
    Programme,
    ProgressReport,
)
from .rules import editable_parties
from .services import (
    ValueInput,
    indicator_errors,
    milestone_errors,
    report_period_errors,
    value_range_error,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several uploads in one field; each is checked by validate_upload."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(item, initial) for item in data if item]
        else:
            files = [single(data, initial)] if data else []
        errors = []
        for upload in files:
            try:
                validate_upload(upload)
            except forms.ValidationError as exc:
                errors.append(
                    forms.ValidationError(
                        "%(name)s: %(error)s",
                        params={"name": upload.name, "error": exc.messages[0]},
                    )
                )
        if errors:
            raise forms.ValidationError(errors)
        return files


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


def _party_provinces(programme: Programme | None) -> list[int] | None:
    """The provinces of ``programme``'s parties; None (no limit) for a programme without
    parties or with a central party (a Ministry's or the central Association's)."""
    if programme is None:
        return None
    found = set(programme.party_provinces.values())
    if not found or None in found:
        return None
    return sorted(p for p in found if p is not None)


def partner_choices(
    programme: Programme | None, commitment: Commitment | None = None
) -> QuerySet[Organisation]:
    """The organisations a commitment of ``programme`` may name as partners: every active
    one but schools and education offices, of the province of the programme's parties or of
    none (a central body), and those ``commitment`` already names (a partner dissolved since,
    as Son La city's People's Committee on 1 July 2025, stays valid there). A national
    deployment holds every province's committees and offices: Son La's programme does not
    sign with Lai Chau's."""
    current = commitment.partners.values("pk") if commitment is not None else []
    # kinds named, not excluded: the (kind, name) index finds them among the schools
    kinds = [
        kind
        for kind in OrganisationKind.values
        if kind not in (OrganisationKind.SCHOOL, OrganisationKind.EDUCATION_OFFICE)
    ]
    eligible = Q(is_active=True)
    provinces = _party_provinces(programme)
    if provinces is not None:
        eligible &= Q(province__in=provinces) | Q(province__isnull=True)
    return Organisation.objects.filter(eligible | Q(pk__in=current), kind__in=kinds)


# The roles whose holders answer for a commitment or own a milestone.
PROGRAMME_ROLES = (Role.DEPARTMENT_STAFF, Role.ASSOCIATION_OFFICER, Role.ADMINISTRATOR)


def programme_people(programme: Programme | None, named=()) -> QuerySet[User]:
    """The people a commitment of ``programme`` may name as responsible, or a milestone as
    owner: the active staff, officers and administrators of the programme's parties (its
    DOET and Association; of every organisation for a programme that names no parties, as
    ``rules.acts_for``), and ``named``, the ones already named (a person since moved or
    gone stays valid where named)."""
    memberships = Membership.objects.filter(
        is_active=True, user__is_active=True, role__in=PROGRAMME_ROLES
    )
    if programme is not None and programme.party_provinces:
        memberships = memberships.filter(organisation__in=list(programme.party_provinces))
    # the ids first (tens of people, from the memberships' index), then the users by
    # primary key: an OR of "has such a membership" with "already named" made PostgreSQL
    # test every user of a national deployment (tens of thousands of principals)
    pks = set(memberships.values_list("user_id", flat=True))
    pks.update(person.pk for person in named if person is not None)
    return User.objects.filter(pk__in=pks).order_by("full_name", "username")


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "title_vi",
            "title_en",
            "parties",
            "start_year",
            "end_year",
            "signed_on",
            "signed_document",
        ]
        widgets = {"signed_on": DateInput(), "parties": forms.SelectMultiple(attrs={"size": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["parties"]).queryset = Organisation.objects.filter(
            kind__in=[OrganisationKind.DEPARTMENT, OrganisationKind.ASSOCIATION], is_active=True
        )
        self.helper = _helper()

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last year cannot be before the first year."))
        return cleaned


class _BoundedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids no database column can hold before querying (SQLite raised
    OverflowError, a 500, for an id past 2**63 - 1)."""

    def _check_values(self, value):
        for pk in value or ():
            text = str(pk)
            if not text.isdigit() or int(text) > 2**63 - 1:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]  # Django's, not in its stubs


class CommitmentForm(VersionCheckMixin, forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["code", "title", "description", "area", "lead_party", "partners", "responsible"]
        field_classes = {
            "partners": _BoundedMultipleChoiceField,
            "responsible": _BoundedMultipleChoiceField,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            # a national deployment has thousands of communes' committees and offices:
            # searched as one types past SEARCH_LIMIT
            "partners": SearchSelectMultiple(
                search_url=reverse_lazy("programme:partner-search"), attrs={"size": 6}
            ),
            "responsible": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        allowed = editable_parties(user)
        cast(forms.ChoiceField, self.fields["lead_party"]).choices = [
            c for c in Party.choices if c[0] in allowed
        ]
        named = self.instance if self.instance.pk else None
        partners = cast(forms.ModelChoiceField, self.fields["partners"])
        partners.queryset = partner_choices(programme, named)
        # the search answers from this programme's choices (an older programme's parties
        # may differ from the current one's)
        search = reverse("programme:partner-search")
        query = urlencode({"programme": programme.pk})
        cast(SearchSelectMultiple, partners.widget).search_url = f"{search}?{query}"
        cast(forms.ModelChoiceField, self.fields["responsible"]).queryset = programme_people(
            programme, named.responsible.all() if named is not None else ()
        )
        self.helper = _helper()

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = Commitment.objects.filter(programme=self.programme, code=code).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise forms.ValidationError(_("Another commitment already has this code."))
        return code


class IndicatorForm(VersionCheckMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "unit",
            "numerator_label",
            "denominator_label",
            "direction",
            "baseline_year",
            "baseline_value",
            *[f"target_{year}" for year in YEARS],
            "target_mid_term",
            "target_final",
            "means_of_verification",
            "source",
            "computed_source",
        ]
        widgets = {"means_of_verification": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commitment = commitment
        self.helper = _helper()

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        clash = Indicator.objects.filter(commitment=self.instance.commitment, code=code).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise forms.ValidationError(_("Another indicator of this commitment has this code."))
        return code

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        candidate = Indicator(commitment=self.instance.commitment)
        for name, value in cleaned.items():
            setattr(candidate, name, value)
        if cleaned.get("source") == "manual":
            candidate.computed_source = ""
            cleaned["computed_source"] = ""
        for name, message in indicator_errors(candidate).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return cleaned


class MilestoneForm(VersionCheckMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "owner", "status", "done_on"]
        widgets = {"due_date": DateInput(), "done_on": DateInput()}

    def __init__(self, *args, commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commitment = commitment
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = programme_people(
            commitment.programme, [self.instance.owner] if self.instance.owner_id else ()
        )
        self.helper = _helper()

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        candidate = Milestone(commitment=self.instance.commitment)
        for name, value in cleaned.items():
            setattr(candidate, name, value)
        for name, message in milestone_errors(candidate).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return cleaned


class FeatureForm(forms.ModelForm):
    class Meta:
        model = LearningCityFeature
        fields = ["theme", "title", "status", "evidence_note", "evidence_file", "position"]
        widgets = {"evidence_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commitment = commitment
        self.helper = _helper()


class ReportForm(VersionCheckMixin, forms.Form):
    """A progress report: period, narrative, files, and each manual indicator's value with
    its own evidence (existing files of the report, ticked, and new uploads)."""

    period = forms.ChoiceField(label=gettext_lazy("Reporting period"), choices=PeriodKind.choices)
    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"), coerce=int, choices=[(y, y) for y in YEARS]
    )
    narrative = forms.CharField(
        label=gettext_lazy("Narrative"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "What was done in the period, results, difficulties and next steps."
        ),
    )
    files = MultipleFileField(  # type: ignore[assignment]  # a form field, not BaseForm.files
        label=gettext_lazy("Evidence files for the report"),
        help_text=gettext_lazy("PDF, images or Office documents; several files allowed."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    version_object_attr = "report"

    def __init__(self, *args, commitment, report: ProgressReport | None = None, **kwargs):
        self.report = report  # before super(): the version check reads it
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        self.helper = _helper()
        self.indicators = [i for i in commitment.indicators.all() if not i.is_computed]
        existing = list(report.evidence.all()) if report else []
        current = {v.indicator_id: v for v in report.values.all()} if report else {}
        if report is not None:
            # The period of an existing report is fixed; it is part of its identity.
            del self.fields["period"]
            del self.fields["year"]
            self.initial.setdefault("narrative", report.narrative)
        if report is None or report.status != "accepted":
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True
        self.value_rows = [
            (indicator, self._value_fields(indicator, current.get(indicator.pk), existing))
            for indicator in self.indicators
        ]
        self._existing = {str(e.pk): e for e in existing}

    def _value_fields(self, indicator, value_row, existing) -> dict:
        """The fields of one indicator's value (with numerator and denominator for a
        percentage, and the files of the report it rests on), bound by name."""
        pk = indicator.pk
        names = {"value": f"value_{pk}"}
        self.fields[names["value"]] = forms.DecimalField(
            label=_("Actual value"),
            required=False,
            max_digits=12,
            decimal_places=2,
            initial=value_row.value if value_row else None,
        )
        if indicator.unit == Unit.PERCENTAGE:
            names["numerator"] = f"numerator_{pk}"
            names["denominator"] = f"denominator_{pk}"
            self.fields[names["numerator"]] = forms.DecimalField(
                label=indicator.numerator_label or _("Numerator"),
                required=False,
                max_digits=12,
                decimal_places=2,
                min_value=0,
                initial=value_row.numerator if value_row else None,
            )
            self.fields[names["denominator"]] = forms.DecimalField(
                label=indicator.denominator_label or _("Denominator"),
                required=False,
                max_digits=12,
                decimal_places=2,
                min_value=0,
                initial=value_row.denominator if value_row else None,
            )
        if existing:
            names["evidence"] = f"evidence_{pk}"
            self.fields[names["evidence"]] = forms.MultipleChoiceField(
                label=_("Supported by these files of the report"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[(str(e.pk), e.filename) for e in existing],
                initial=[str(e.pk) for e in value_row.evidence.all()] if value_row else [],
            )
        names["files"] = f"files_{pk}"
        self.fields[names["files"]] = MultipleFileField(label=_("New evidence for this value"))
        return {k: self[v] for k, v in names.items()}

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if self.report is None and "period" in cleaned and "year" in cleaned:
            for name, message in report_period_errors(
                commitment=self.commitment, period=cleaned["period"], year=cleaned["year"]
            ).items():
                self.add_error(name, message)
        for indicator in self.indicators:
            pk = indicator.pk
            value = cleaned.get(f"value_{pk}")
            numerator = cleaned.get(f"numerator_{pk}")
            denominator = cleaned.get(f"denominator_{pk}")
            if numerator is not None or denominator is not None:
                if numerator is None or not denominator:
                    self.add_error(
                        f"denominator_{pk}",
                        _("Give both the numerator and a denominator above zero."),
                    )
                    continue
                value = (numerator * 100 / denominator).quantize(Decimal("0.01"))
                cleaned[f"value_{pk}"] = value
            message = value_range_error(indicator.unit, value)
            if message:
                self.add_error(f"value_{pk}", message)
        return cleaned

    def value_inputs(self) -> list[ValueInput]:
        data = self.cleaned_data
        items = []
        for indicator in self.indicators:
            pk = indicator.pk
            items.append(
                ValueInput(
                    indicator=indicator,
                    value=data.get(f"value_{pk}"),
                    numerator=data.get(f"numerator_{pk}"),
                    denominator=data.get(f"denominator_{pk}"),
                    evidence=[self._existing[i] for i in data.get(f"evidence_{pk}", [])],
                    new_files=data.get(f"files_{pk}", []),
                )
            )
        return items


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
