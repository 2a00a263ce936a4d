"""Forms of the learning-society pages. A return's form is built from its definition
(fields as data): one number and one comment per field, or one number per village and
village field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .enums import FromVillages, RuleKind, VillageKind
from .models import CollectionRound, ReturnField, ReturnForm, ReturnRule

NOTE_MAX = 1000
VALUE_MAX = Decimal("999999999999")


def _number(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=14,
        decimal_places=2,
        max_value=VALUE_MAX,
        min_value=-VALUE_MAX,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "text-end"}),
    )


class ReturnValuesForm(forms.Form):
    """The commune's figures: ``v_<code>`` and ``n_<code>`` (the explanation of a jump).
    Only the type is checked here; the form's rules are checked after saving the draft."""

    def __init__(self, *args, parts, computed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        self.computed_codes = {
            f.code for f in parts.fields if computed and f.from_villages != FromVillages.TYPED
        }
        for field in parts.fields:
            number = _number(field.display_label)
            if field.code in self.computed_codes:
                number.disabled = True
            self.fields[f"v_{field.code}"] = number
            self.fields[f"n_{field.code}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=NOTE_MAX,
                widget=forms.TextInput(attrs={"placeholder": _("Explain a large change")}),
            )

    def values(self) -> dict:
        return {
            f.code: self.cleaned_data.get(f"v_{f.code}")
            for f in self.parts.fields
            if f.code not in self.computed_codes
        }

    def notes(self) -> dict:
        return {f.code: self.cleaned_data.get(f"n_{f.code}") or "" for f in self.parts.fields}

    def rows(self) -> list:
        """(field, value bound field, note bound field) in the form's order."""
        return [(f, self[f"v_{f.code}"], self[f"n_{f.code}"]) for f in self.parts.fields]


class VillageValuesForm(forms.Form):
    """One number per village and village field: ``x_<village id>_<code>``."""

    def __init__(self, *args, parts, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        self.villages = list(villages)
        for village in self.villages:
            for field in parts.fields:
                self.fields[f"x_{village.pk}_{field.code}"] = _number(
                    f"{village.name} – {field.display_label}"
                )

    def values(self) -> dict:
        return {
            (v.pk, f.code): self.cleaned_data.get(f"x_{v.pk}_{f.code}")
            for v in self.villages
            for f in self.parts.fields
        }

    def grid(self) -> list:
        return [(v, [self[f"x_{v.pk}_{f.code}"] for f in self.parts.fields]) for v in self.villages]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the return")), ("return", _("Return for corrections"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, parts, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = parts
        for field in parts.fields:
            self.fields[f"c_{field.code}"] = forms.CharField(
                label=_("Comment on “%(field)s”") % {"field": field.display_label},
                required=False,
                max_length=NOTE_MAX,
            )

    def field_comments(self) -> dict:
        return {f.code: self.cleaned_data.get(f"c_{f.code}") or "" for f in self.parts.fields}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == "return" and not (
            (data.get("comment") or "").strip()
            or any(v.strip() for v in self.field_comments().values())
        ):
            raise forms.ValidationError(
                _("Say what needs to be corrected (overall or at a field).")
            )
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class VillageForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=VillageKind.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_class = "row g-2 align-items-end"
        self.helper.add_input(Submit("add", _("Add the village"), css_class="btn-ls"))


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Filled Excel template (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large."))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Upload the Excel template (.xlsx) downloaded from this page.")
            )
        return upload


class RoundForm(forms.ModelForm):
    class Meta:
        model = CollectionRound
        fields = ["year", "commune_form", "village_form", "opens_on", "deadline", "map_date"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "map_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["commune_form"]
        ).queryset = ReturnForm.objects.filter(level="commune", status="published")
        cast(
            forms.ModelChoiceField, self.fields["village_form"]
        ).queryset = ReturnForm.objects.filter(level="village", status="published")
        cast(forms.IntegerField, self.fields["year"]).min_value = 2000
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save"), css_class="btn-ls"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        opens, deadline = data.get("opens_on"), data.get("deadline")
        if opens and deadline and deadline < opens:
            self.add_error("deadline", _("The deadline cannot be before the opening day."))
        return data


class CopyForm(forms.Form):
    year_from = forms.IntegerField(
        label=_("First year of the new version"), min_value=2000, max_value=2100
    )


class FieldForm(forms.ModelForm):
    class Meta:
        model = ReturnField
        fields = [
            "code",
            "label",
            "label_en",
            "section",
            "kind",
            "order",
            "required",
            "from_villages",
            "village_field",
        ]

    def __init__(self, *args, form_obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_obj = form_obj
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save"), css_class="btn-ls"))

    def clean_code(self):
        code = self.cleaned_data["code"]
        clash = ReturnField.objects.filter(form=self.form_obj, code=code)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This form already has a field with this code."))
        return code


class RuleForm(forms.ModelForm):
    class Meta:
        model = ReturnRule
        fields = ["kind", "severity", "field", "other", "minimum", "maximum", "percent"]

    def __init__(self, *args, form_obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        fields = ReturnField.objects.filter(form=form_obj).order_by("order", "id")
        cast(forms.ModelChoiceField, self.fields["field"]).queryset = fields
        cast(forms.ModelChoiceField, self.fields["other"]).queryset = fields
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save"), css_class="btn-ls"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        if kind == RuleKind.NOT_ABOVE and not data.get("other"):
            self.add_error("other", _("Choose the field it may not exceed."))
        if (
            kind == RuleKind.NOT_ABOVE
            and data.get("other")
            and data.get("other") == data.get("field")
        ):
            self.add_error("other", _("Choose another field."))
        if kind == RuleKind.RANGE and data.get("minimum") is None and data.get("maximum") is None:
            self.add_error("minimum", _("Give a minimum, a maximum or both."))
        if kind == RuleKind.JUMP and (data.get("percent") is None or data["percent"] <= 0):
            self.add_error("percent", _("Give the largest change allowed, in percent."))
        return data
