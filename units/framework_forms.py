"""Forms of the framework editor (department staff). They turn posted data into the plain
data the services in ``units.frameworks`` take; the services check everything again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.enums import Tier
from learnsociety.concurrency import VersionCheckMixin

from .enums import CriterionKind, DenominatorSource, EducationLevel, FrameworkKind
from .frameworks import FRAMEWORK_FIELDS, CriterionData, FrameworkData, GroupRow, OutcomeRow
from .models import Criterion, Framework

PERCENT: dict[str, Any] = {
    "min_value": Decimal(0),
    "max_value": Decimal(100),
    "max_digits": 5,
    "decimal_places": 2,
}


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class FrameworkForm(VersionCheckMixin, forms.ModelForm):
    tiers = forms.MultipleChoiceField(
        label=_("Tiers"), choices=Tier.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    education_levels = forms.MultipleChoiceField(
        label=_("Kinds of institution"),
        choices=EducationLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Only these kinds of institution can be assessed against these criteria; a "
            "school of another kind cannot open a self-assessment with them."
        ),
    )

    class Meta:
        model = Framework
        fields = ["code", *FRAMEWORK_FIELDS]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_to": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The code names every version of the framework.
            del self.fields["code"]
        else:
            self.fields["code"].help_text = _("A short code, e.g. TT24-2023.")
        self.fields["max_points"].help_text = _(
            "Points frameworks only: the criteria add up to it."
        )
        self.fields["max_points"].validators.append(MinValueValidator(Decimal(0)))
        self.helper = _helper()

    def framework_data(self) -> FrameworkData:
        data = self.cleaned_data
        return FrameworkData(
            name_vi=data["name_vi"],
            name_en=data.get("name_en") or "",
            kind=data["kind"],
            legal_basis=data.get("legal_basis") or "",
            valid_from=data.get("valid_from"),
            valid_to=data.get("valid_to"),
            tiers=list(data.get("tiers") or []),
            education_levels=list(data.get("education_levels") or []),
            max_points=data.get("max_points"),
        )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end of validity cannot come before its start."))
        return cleaned


class OutcomeForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    code = forms.SlugField(label=_("Code"), max_length=30)
    name_vi = forms.CharField(label=_("Name (Vietnamese)"), max_length=500)
    name_en = forms.CharField(label=_("Name (English)"), max_length=500, required=False)
    rank = forms.IntegerField(
        label=_("Rank"), min_value=1, max_value=99, help_text=_("Higher is better.")
    )
    min_points = forms.DecimalField(
        label=_("From (points)"),
        required=False,
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=2,
        help_text=_("Points frameworks only."),
    )


class _RowsFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        for form in self.forms:
            if not form.has_changed() and not form.cleaned_data.get("id"):
                form.cleaned_data["DELETE"] = True


OutcomeFormSet = forms.formset_factory(
    OutcomeForm, formset=_RowsFormSet, extra=1, can_delete=True, max_num=20, validate_max=True
)


def _kept_rows(formset):
    """The cleaned data of each row to save: a filled-in row, or a saved one to delete."""
    for form in formset.forms:
        data = form.cleaned_data
        if data and not (data.get("DELETE") and not data.get("id")):
            yield data


def outcome_rows(formset) -> list[OutcomeRow]:
    return [
        OutcomeRow(
            id=data.get("id"),
            code=data["code"],
            name_vi=data["name_vi"],
            name_en=data.get("name_en") or "",
            rank=data["rank"],
            min_points=data.get("min_points"),
            delete=bool(data.get("DELETE")),
        )
        for data in _kept_rows(formset)
    ]


class GroupForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=99)
    name_vi = forms.CharField(label=_("Name (Vietnamese)"), max_length=500)
    name_en = forms.CharField(label=_("Name (English)"), max_length=500, required=False)


GroupFormSet = forms.formset_factory(
    GroupForm, formset=_RowsFormSet, extra=1, can_delete=True, max_num=30, validate_max=True
)


def group_rows(formset) -> list[GroupRow]:
    return [
        GroupRow(
            id=data.get("id"),
            number=data["number"],
            name_vi=data["name_vi"],
            name_en=data.get("name_en") or "",
            delete=bool(data.get("DELETE")),
        )
        for data in _kept_rows(formset)
    ]


class CriterionForm(forms.Form):
    """One criterion and, per level of a levels framework, what that level requires of it:
    a percentage for a percentage criterion, "yes" for a yes/no criterion."""

    group = forms.TypedChoiceField(label=_("Group"), coerce=int)
    code = forms.CharField(label=_("Code"), max_length=20)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)
    name_vi = forms.CharField(
        label=_("Name (Vietnamese)"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    name_en = forms.CharField(
        label=_("Name (English)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CriterionKind.choices)
    max_points = forms.DecimalField(
        label=_("Maximum points"),
        required=False,
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=2,
        help_text=_("Points criteria only."),
    )
    denominator_source = forms.ChoiceField(
        label=_("Out of"),
        choices=DenominatorSource.choices,
        required=False,
        help_text=_("Percentage criteria: what the total must equal."),
    )
    applies_to_levels = forms.MultipleChoiceField(
        label=_("Applies to"),
        choices=EducationLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every kind of institution the framework covers."),
    )
    is_required = forms.BooleanField(label=_("Required"), required=False, initial=True)

    def __init__(self, *args, framework: Framework, criterion: Criterion | None = None, **kw):
        super().__init__(*args, **kw)
        self.framework = framework
        self.outcomes = sorted(framework.outcomes.all(), key=lambda o: o.rank)
        cast(forms.ChoiceField, self.fields["group"]).choices = [
            (g.pk, f"{g.number}. {g.name}") for g in framework.groups.all()
        ]
        if framework.kind == FrameworkKind.POINTS:
            cast(forms.ChoiceField, self.fields["kind"]).choices = [
                (CriterionKind.POINTS, CriterionKind.POINTS.label)
            ]
        else:
            cast(forms.ChoiceField, self.fields["kind"]).choices = [
                (k, label) for k, label in CriterionKind.choices if k != CriterionKind.POINTS
            ]
        requirements = {}
        if criterion is not None:
            requirements = {r.outcome_id: r for r in criterion.requirements.all()}
            self.initial.update(
                {
                    "group": criterion.group_id,
                    "code": criterion.code,
                    "order": criterion.order,
                    "name_vi": criterion.name_vi,
                    "name_en": criterion.name_en,
                    "kind": criterion.kind,
                    "max_points": criterion.max_points,
                    "denominator_source": criterion.denominator_source,
                    "applies_to_levels": criterion.applies_to_levels,
                    "is_required": criterion.is_required,
                }
            )
        self.level_fields = []
        if framework.kind == FrameworkKind.THRESHOLD:
            for outcome in self.outcomes:
                requirement = requirements.get(outcome.pk)
                need, pct = f"need{outcome.pk}", f"pct{outcome.pk}"
                self.fields[need] = forms.BooleanField(
                    label=_("Required for %(level)s") % {"level": outcome.name},
                    required=False,
                    initial=requirement is not None,
                )
                self.fields[pct] = forms.DecimalField(
                    label=_("Percentage for %(level)s") % {"level": outcome.name},
                    required=False,
                    initial=requirement.min_percent if requirement else None,
                    error_messages={
                        "max_value": _("A percentage is from 0 to 100."),
                        "min_value": _("A percentage is from 0 to 100."),
                    },
                    **PERCENT,
                )
                self.level_fields.append((outcome, need, pct))

    def level_rows(self):
        return [(o, self[need], self[pct]) for o, need, pct in self.level_fields]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        kind = cleaned.get("kind")
        if kind == CriterionKind.POINTS and not cleaned.get("max_points"):
            self.add_error("max_points", _("A points criterion needs a maximum of points."))
        for outcome, need, pct in self.level_fields:
            missing = cleaned.get(pct) is None and pct not in self.errors
            if kind == CriterionKind.THRESHOLD and cleaned.get(need) and missing:
                self.add_error(
                    pct,
                    _("Give the percentage %(level)s requires.") % {"level": outcome.name},
                )
        return cleaned

    def criterion_data(self) -> CriterionData:
        data = self.cleaned_data
        requirements = {
            outcome.pk: data.get(pct) if data["kind"] == CriterionKind.THRESHOLD else None
            for outcome, need, pct in self.level_fields
            if data.get(need)
        }
        return CriterionData(
            group_id=data["group"],
            code=data["code"],
            name_vi=data["name_vi"],
            name_en=data.get("name_en") or "",
            kind=data["kind"],
            order=data.get("order") or 0,
            max_points=data.get("max_points"),
            denominator_source=data.get("denominator_source") or "",
            applies_to_levels=list(data.get("applies_to_levels") or []),
            is_required=bool(data.get("is_required")),
            requirements=requirements,
        )


class PreviewForm(forms.Form):
    level = forms.ChoiceField(label=_("Kind of institution"), choices=EducationLevel.choices)
