from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, cast

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.areas import lower_tier_on
from accounts.enums import OrganisationKind, Tier
from accounts.models import Organisation
from accounts.selectors import areas_for_filters, is_province
from accounts.widgets import SearchSelect
from learnsociety.concurrency import VersionCheckMixin
from learnsociety.filters import StyledFilterSet
from learnsociety.params import DAYS_MAX, longest_column
from learnsociety.uploads import upload_input_attrs

from . import selectors, services
from .enums import AssessmentStatus, CriterionKind, EducationLevel, FrameworkStatus
from .models import Cycle, Evidence, Framework, School, SchoolAreaHistory, SelfAssessment
from .outcomes import Value

YES_NO = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


def _to_bool(value):
    return {"yes": True, "no": False}.get(value)


def _from_bool(value) -> str:
    return {True: "yes", False: "no"}.get(value, "")


class _CriteriaForm(forms.Form):
    """A form with one set of value fields per criterion, named ``<prefix><criterion id>-…``."""

    value_prefix = "c"

    def __init__(self, *args, criteria, figures, initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.figures = figures
        initial_values = initial_values or {}
        for criterion in criteria:
            key = f"{self.value_prefix}{criterion.id}"
            value = initial_values.get(criterion.id, Value())
            if criterion.kind == CriterionKind.POINTS:
                self.fields[f"{key}-points"] = forms.DecimalField(
                    label=_("Points"),
                    required=False,
                    max_digits=6,
                    decimal_places=2,
                    initial=value.points,
                    widget=forms.NumberInput(attrs={"step": "0.5", "class": "form-control"}),
                )
            elif criterion.kind == CriterionKind.THRESHOLD:
                self.fields[f"{key}-numerator"] = forms.IntegerField(
                    label=_("Meeting the target"),
                    required=False,
                    initial=value.numerator,
                    widget=forms.NumberInput(attrs={"class": "form-control"}),
                )
                self.fields[f"{key}-denominator"] = forms.IntegerField(
                    label=_("Out of"),
                    required=False,
                    initial=value.denominator,
                    widget=forms.NumberInput(attrs={"class": "form-control"}),
                )
            else:
                self.fields[f"{key}-answer"] = forms.ChoiceField(
                    label=_("Met"),
                    required=False,
                    choices=YES_NO,
                    initial=_from_bool(value.answer),
                    widget=forms.Select(attrs={"class": "form-select"}),
                )

    def value_of(self, criterion) -> Value:
        key = f"{self.value_prefix}{criterion.id}"
        data = self.cleaned_data
        if criterion.kind == CriterionKind.POINTS:
            return Value(points=data.get(f"{key}-points"))
        if criterion.kind == CriterionKind.THRESHOLD:
            return Value(
                numerator=data.get(f"{key}-numerator"), denominator=data.get(f"{key}-denominator")
            )
        return Value(answer=_to_bool(data.get(f"{key}-answer")))

    def first_field(self, criterion) -> str:
        key = f"{self.value_prefix}{criterion.id}"
        suffix = {"points": "points", "threshold": "denominator", "yes_no": "answer"}
        return f"{key}-{suffix[criterion.kind]}"

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        self.values = {}
        for criterion in self.criteria:
            try:
                value = self.value_of(criterion)
            except KeyError:
                continue
            self.values[criterion.id] = value
            for message in services.value_errors(criterion, value, self.figures):
                self.add_error(self.first_field(criterion), message)
        return cleaned

    def rows(self):
        """(criterion, [bound value fields], extra bound fields) for templates."""
        out = []
        for criterion in self.criteria:
            key = f"{self.value_prefix}{criterion.id}"
            fields = [
                self[name]
                for name in self.fields
                if name.startswith(f"{key}-")
                and not name.endswith(("-justification", "-reason", "-comment"))
            ]
            out.append((criterion, fields))
        return out


class ResultsForm(VersionCheckMixin, _CriteriaForm):
    """The school's own results. With ``assessment`` (the edit page) it carries the
    assessment's version, so that two people editing at once cannot overwrite each other;
    the live preview builds it without one."""

    value_prefix = "c"
    version_object_attr = "assessment"

    def __init__(self, *args, assessment=None, justifications=None, **kwargs):
        self.assessment = assessment  # before super(): the version check reads it
        initial_values = kwargs.get("initial_values") or {}
        super().__init__(*args, **kwargs)
        justifications = justifications or {}
        for criterion in self.criteria:
            key = f"c{criterion.id}"
            # Submitting needs every required criterion and a justification for each value
            # given (services.missing_for_submission). A draft may be saved incomplete, so
            # the fields are only marked (aria-required, asterisk), never blocking; the
            # page's script marks a justification once its criterion gets a value.
            for name, field in self.fields.items():
                if name.startswith(f"{key}-"):
                    field.widget.attrs["data-criterion"] = key
                    if criterion.is_required:
                        field.widget.attrs["aria-required"] = "true"
                        field.needed_to_submit = True  # type: ignore[attr-defined]  # for the template
            filled = not initial_values.get(criterion.id, Value()).is_blank(criterion.kind)
            justification = forms.CharField(
                label=_("Justification"),
                required=False,
                max_length=2000,
                initial=justifications.get(criterion.id, ""),
                widget=forms.Textarea(
                    attrs={
                        "rows": 2,
                        "class": "form-control",
                        "data-justification-for": key,
                        "aria-required": "true" if criterion.is_required or filled else "false",
                    }
                ),
            )
            justification.needed_to_submit = criterion.is_required or filled  # type: ignore[attr-defined]  # for the template
            self.fields[f"{key}-justification"] = justification

    def entries(self) -> dict[int, services.Entry]:
        return {
            c.id: services.Entry(
                value=self.values[c.id],
                justification=self.cleaned_data.get(f"c{c.id}-justification", ""),
            )
            for c in self.criteria
            if c.id in self.values
        }


class ReviewForm(_CriteriaForm):
    value_prefix = "v"

    def __init__(self, *args, results, **kwargs):
        self.results = {r.criterion_id: r for r in results}
        super().__init__(*args, **kwargs)
        for criterion in self.criteria:
            result = self.results[criterion.id]
            self.fields[f"v{criterion.id}-reason"] = forms.CharField(
                label=_("Reason for the change"),
                required=False,
                max_length=2000,
                initial=result.change_reason,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
            self.fields[f"v{criterion.id}-comment"] = forms.CharField(
                label=_("Comment to the school"),
                required=False,
                max_length=2000,
                initial=result.reviewer_comment,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
        self.fields["comment"] = forms.CharField(
            label=_("Overall comment"),
            required=False,
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        for criterion in self.criteria:
            result = self.results[criterion.id]
            value = self.values.get(criterion.id)
            if value is None:
                continue
            changed = services.value_differs(criterion, result.self_value, value)
            if changed and not (cleaned.get(f"v{criterion.id}-reason") or "").strip():
                self.add_error(
                    f"v{criterion.id}-reason",
                    _("Give the reason for changing the school's result."),
                )
        return cleaned

    def entries(self) -> dict[int, services.ReviewEntry]:
        return {
            c.id: services.ReviewEntry(
                value=self.values[c.id],
                reason=self.cleaned_data.get(f"v{c.id}-reason", ""),
                comment=self.cleaned_data.get(f"v{c.id}-comment", ""),
            )
            for c in self.criteria
            if c.id in self.values
        }


class EvidenceForm(forms.ModelForm):
    results = forms.MultipleChoiceField(
        label=_("Criteria this file supports"),
        required=True,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Evidence
        fields = ["title", "file"]

    def __init__(self, *args, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.result_rows = {str(r.pk): r for r in results}
        cast(forms.ChoiceField, self.fields["results"]).choices = [
            (str(r.pk), f"{r.criterion.code} {r.criterion.name}") for r in results
        ]
        self.fields["file"].widget.attrs.update(upload_input_attrs())
        self.helper = FormHelper()
        self.helper.form_tag = False

    def selected_results(self):
        return [self.result_rows[pk] for pk in self.cleaned_data["results"]]


class DocumentsForm(forms.ModelForm):
    class Meta:
        model = SelfAssessment
        fields = ["request_document", "report_document"]
        widgets = {"request_document": forms.FileInput, "report_document": forms.FileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("request_document", "report_document"):
            self.fields[name].widget.attrs.update(upload_input_attrs())
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReopenForm(forms.Form):
    until = forms.DateField(
        label=_("Allow submission until"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class DecisionForm(forms.Form):
    """The schools a decision recognises. It offers only dossiers whose verified outcome
    meets a level, each with the verified level and the lower ones, preselected at the
    verified level; a lower level needs a reason. The service checks all of it again, so a
    crafted post gets the same refusal."""

    number = forms.CharField(
        label=_("Decision number"),
        max_length=60,
        help_text=_(
            "As the signed decision bears it, e.g. 45/QĐ-UBND; a number alone gets the "
            "authority's code from its document template."
        ),
    )
    decided_on = forms.DateField(
        label=_("Decision date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signer = forms.CharField(label=_("Signed by"), max_length=150)
    document = forms.FileField(label=_("Scanned decision"), required=False)

    def __init__(self, *args, assessments, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {o.code: o for o in outcomes}
        # Only dossiers verified at a level of the framework can be recognised.
        self.assessments = [a for a in assessments if a.verified_outcome in self.outcomes]
        for assessment in self.assessments:
            verified = self.outcomes[assessment.verified_outcome]
            self.fields[f"a{assessment.pk}"] = forms.BooleanField(
                label=str(assessment.school), required=False
            )
            field = forms.ChoiceField(
                label=_("Level or grade"),
                choices=[(o.code, o.name) for o in outcomes],
                required=False,
                initial=verified.code,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            # The page offers the verified level and the lower ones; any other level posted
            # reaches the service, which refuses it with the rule.
            field.widget.choices = [(o.code, o.name) for o in outcomes if o.rank <= verified.rank]
            self.fields[f"o{assessment.pk}"] = field
            self.fields[f"r{assessment.pk}"] = forms.CharField(
                label=_("Reason for a lower level"),
                required=False,
                max_length=1000,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self):
        return [(a, self[f"a{a.pk}"], self[f"o{a.pk}"], self[f"r{a.pk}"]) for a in self.assessments]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        self.entries = []
        self.reasons = {}
        offered = {f"a{a.pk}" for a in self.assessments}
        for key in self.data:
            if key[:1] == "a" and key[1:].isdigit() and key not in offered and self.data[key]:
                # Not offered (decided by someone else since, or never eligible): the
                # service says exactly why.
                pk = int(key[1:])
                self.entries.append((pk, self.data.get(f"o{pk}", "")))
                self.reasons[pk] = self.data.get(f"r{pk}", "")
        for assessment in self.assessments:
            if cleaned.get(f"a{assessment.pk}"):
                code = cleaned.get(f"o{assessment.pk}")
                reason = (cleaned.get(f"r{assessment.pk}") or "").strip()
                verified = self.outcomes[assessment.verified_outcome]
                if not code:
                    self.add_error(f"o{assessment.pk}", _("Choose the level or grade."))
                elif self.outcomes[code].rank < verified.rank and not reason:
                    self.add_error(
                        f"r{assessment.pk}",
                        _("Give the reason for recognising the school below its verified level."),
                    )
                self.entries.append((assessment.pk, code))
                self.reasons[assessment.pk] = reason
        if not self.entries:
            raise forms.ValidationError(_("Choose at least one verified school."))
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel (.xlsx) or CSV file"))
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file without saving anything"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def authorities():
    """The organisations that may recognise a cycle's schools: any but a school (kinds named,
    so that the (kind, name) index finds them among tens of thousands of schools)."""
    kinds = [kind for kind in OrganisationKind.values if kind != OrganisationKind.SCHOOL]
    return Organisation.objects.filter(kind__in=kinds).order_by("name", "pk")


class CycleForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = [
            "year",
            "tier",
            "framework",
            "opens_on",
            "submission_deadline",
            "review_deadline",
            "authority",
            "state",
        ]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "submission_deadline": forms.DateInput(attrs={"type": "date"}),
            "review_deadline": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        authority = cast(forms.ModelChoiceField, self.fields["authority"])
        authority.queryset = authorities()
        # every province's departments, offices and committees: searched as one types
        authority.widget = SearchSelect(search_url=reverse("units:authority-search"))
        authority.widget.choices = authority.choices
        # Cycles use published criteria only: a draft can still change.
        published = Framework.objects.filter(status=FrameworkStatus.PUBLISHED)
        if self.instance.pk:
            published = published | Framework.objects.filter(pk=self.instance.framework_id)
        cast(forms.ModelChoiceField, self.fields["framework"]).queryset = published
        self.fields["year"].help_text = _(
            "The calendar year assessed: the data cover 1 January to 31 December."
        )
        self.fields["opens_on"].required = False
        self.fields["opens_on"].help_text = _("Empty: 1 January of the year.")
        self.fields["submission_deadline"].required = False
        self.fields["submission_deadline"].help_text = _("Empty: 15 January of the next year.")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        """The legal calendar (Circular 24/2023/TT-BGDĐT): a cycle assesses one calendar
        year; its dossiers are due by 15 January of the next year, so the deadline falls
        after the year has ended and the review after the deadline."""
        super().clean()
        cleaned = self.cleaned_data
        year = cleaned.get("year")
        if not year:
            return cleaned
        if not cleaned.get("opens_on"):
            cleaned["opens_on"] = date(year, 1, 1)
        if not cleaned.get("submission_deadline"):
            cleaned["submission_deadline"] = Cycle.default_deadline(year)
        opens, deadline = cleaned["opens_on"], cleaned["submission_deadline"]
        review = cleaned.get("review_deadline")
        if opens.year != year:
            self.add_error(
                "opens_on", _("The cycle opens in the year it assesses (%(y)s).") % {"y": year}
            )
        if deadline <= date(year, 12, 31):
            self.add_error(
                "submission_deadline",
                _(
                    "The dossiers report on the whole of %(y)s: they are due after 31 "
                    "December %(y)s (by law by 15 January %(next)s)."
                )
                % {"y": year, "next": year + 1},
            )
        if review and review < deadline:
            self.add_error("review_deadline", _("The review ends after the submission deadline."))
        tier = cleaned.get("tier")
        if not year or not tier:
            return cleaned
        probe = Cycle(year=year, tier=tier, authority=cleaned.get("authority"))
        if tier == Tier.PROVINCIAL:
            if cleaned.get("authority") is None:
                self.add_error("authority", _("A provincial-tier cycle needs its authority."))
            return cleaned
        expected = lower_tier_on(probe.reference_date)
        if tier != expected:
            self.add_error(
                "tier",
                _(
                    "Schools of the lower tier were recognised by the %(tier)s in %(year)s "
                    "(district tier until 30 June 2025, commune tier from 1 July 2025)."
                )
                % {"tier": Tier(expected).label.lower(), "year": year},
            )
            return cleaned
        if cleaned.get("authority") is not None:
            return cleaned
        missing = selectors.schools_without_authority(probe)
        if missing:
            shown = ", ".join(missing[:10]) + ("…" if len(missing) > 10 else "")
            raise forms.ValidationError(
                _(
                    "%(count)s school(s) have no People's Committee of their area on "
                    "%(date)s to recognise them: %(schools)s. Add those committees (or move "
                    "the schools) first; nothing was saved."
                )
                % {
                    "count": len(missing),
                    "date": date_format(probe.reference_date, "SHORT_DATE_FORMAT"),
                    "schools": shown,
                },
                code="no_authority",
            )
        return cleaned


# --- Filters -----------------------------------------------------------------------------


def _areas(request=None):
    return areas_for_filters(getattr(request, "user", None))


class AreaChoiceField(forms.ModelChoiceField):
    """Areas by their label: an abolished district says since when."""

    def label_from_instance(self, obj) -> str:
        return obj.label


class AreaFilter(django_filters.ModelChoiceFilter):
    field_class = AreaChoiceField


class SchoolMoveForm(forms.Form):
    """Move a school to another area from a given day (earlier days keep the old area)."""

    area = AreaChoiceField(label=_("New area"), queryset=None)
    effective = forms.DateField(
        label=_("Effective date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The first day the school belongs to the new area."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = areas_for_filters(
            user, below_province=True
        )
        self.helper = FormHelper()
        self.helper.form_tag = False


class _StyledFilterSet(StyledFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            if hasattr(field, "empty_label"):
                field.empty_label = _("All")
            elif isinstance(field, forms.ChoiceField) and field.choices:
                field.choices = [("", _("All")), *list(cast(Iterable[Any], field.choices))[1:]]


class SchoolFilter(_StyledFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=longest_column(Organisation, "name", "code"),
    )
    area = AreaFilter(label=_("Area"), queryset=_areas, method="in_area")
    tier = django_filters.ChoiceFilter(
        label=_("Tier"), field_name="organisation__tier", choices=Tier.choices
    )
    education_level = django_filters.ChoiceFilter(
        label=_("Education level"), choices=EducationLevel.choices
    )

    class Meta:
        model = School
        fields = ["q", "area", "tier", "education_level"]

    def in_area(self, queryset, name, value):
        """Schools in the area today or at any time before (a district abolished in 2025
        still finds the schools it had, in its old communes too); a province: its schools."""
        if is_province(value):
            return queryset.filter(organisation__province=value)
        earlier = SchoolAreaHistory.objects.filter(school_id=OuterRef("pk")).filter(
            Q(area=value) | Q(area__parent=value)
        )
        return queryset.filter(Q(organisation__area=value) | Exists(earlier))

    def search(self, queryset, name, value):

        return queryset.filter(
            Q(organisation__name__icontains=value) | Q(organisation__code__icontains=value)
        )


class QueueFilter(_StyledFilterSet):
    area = AreaFilter(label=_("Area"), queryset=_areas, method="in_area")
    level = django_filters.ChoiceFilter(
        label=_("Education level"),
        field_name="school__education_level",
        choices=EducationLevel.choices,
    )
    status = django_filters.ChoiceFilter(label=_("State"), choices=AssessmentStatus.choices)
    waiting = django_filters.NumberFilter(
        label=_("Waiting at least (days)"),
        method="waiting_days",
        min_value=0,
        max_value=DAYS_MAX,
    )

    class Meta:
        model = SelfAssessment
        fields = ["area", "level", "status", "waiting"]

    def in_area(self, queryset, name, value):
        """Dossiers of the area (or province) as it was in their cycle's year."""
        if is_province(value):
            return queryset.filter(province=value)
        return queryset.filter(area=value)

    def waiting_days(self, queryset, name, value):
        cutoff = timezone.now() - timedelta(days=int(value or 0))
        return queryset.filter(submitted_at__lte=cutoff)
