from __future__ import annotations

from typing import Any, cast

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.forms import ModelChoiceField, ModelForm
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.enums import Role
from accounts.models import Organisation, User
from accounts.widgets import SearchSelect
from learnsociety.concurrency import VersionCheckMixin
from learnsociety.filters import StyledFilterSet
from learnsociety.params import longest_column
from learnsociety.uploads import upload_input_attrs, validate_upload

from . import selectors
from .enums import (
    CollectiveKind,
    CouncilPosition,
    DocumentKind,
    Gender,
    NominationStatus,
    NomineeKind,
    Recommendation,
    RubricKind,
)
from .models import (
    AwardForm,
    Commendation,
    Decision,
    Nomination,
    NominationRound,
    RubricCriterion,
)
from .models import RoundForm as OfferedForm
from .rules import nominating_organisation_ids
from .selectors import council_candidates

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ALL = _("All")


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name()


class MemberChoice(forms.ModelChoiceField):
    """A council member to add: the name and, to tell namesakes apart, the username."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.get_full_name()} ({obj.username})"


class NominationChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.nominee_name} — {obj.form.name} — {obj.nominee_organisation.name}"


def identity_number_field(help_text) -> forms.RegexField:
    """The optional 12-digit citizen identity card number of a person."""
    return forms.RegexField(
        label=_("Identity number"),
        regex=r"^\d{12}$",
        required=False,
        error_messages={"invalid": _("An identity number has 12 digits.")},
        help_text=help_text,
    )


# an optional field that only a collective nominee fills in
COLLECTIVE_ONLY: dict[str, Any] = {"required": False, "help_text": _("For a collective only.")}


class NominationForm(VersionCheckMixin, forms.Form):
    version_object_attr = "nomination"

    round = forms.ModelChoiceField(NominationRound.objects.none(), label=_("Round"))
    form = forms.ModelChoiceField(AwardForm.objects.none(), label=_("Award form"))
    nominating_organisation = OrganisationChoice(
        Organisation.objects.none(), label=_("Nominating organisation")
    )
    nominee_kind = forms.ChoiceField(
        label=_("Nominee"),
        choices=[
            (NomineeKind.INDIVIDUAL, NomineeKind.INDIVIDUAL.label),
            (NomineeKind.COLLECTIVE, NomineeKind.COLLECTIVE.label),
        ],
        widget=forms.RadioSelect,
        initial=NomineeKind.INDIVIDUAL,
    )
    collective_kind = forms.ChoiceField(
        label=_("Collective"),
        choices=[("", "—"), *CollectiveKind.choices],
        **COLLECTIVE_ONLY,
    )
    nominee_name = forms.CharField(
        label=_("Nominee's name"),
        max_length=255,
        required=False,
        help_text=_("The person's full name, or the name of the group."),
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    identity_number = identity_number_field(
        _(
            "Optional: the citizen identity card number. Never published; it helps "
            "recognise the same person at another school."
        ),
    )
    is_pupil = forms.BooleanField(
        label=_("The nominee is a pupil"),
        required=False,
        help_text=_("Pupils are minors: public pages never show their name."),
    )
    grade = forms.IntegerField(label=_("Grade"), min_value=1, max_value=12, required=False)
    public_consent = forms.BooleanField(
        label=_("Agrees to appear by name on the public honour roll"),
        required=False,
        help_text=_("Tick only when the person gave their consent (adults only)."),
    )
    nominee_organisation = OrganisationChoice(
        Organisation.objects.none(),
        label=_("Nominee's organisation"),
        help_text=_("Where the person works, or the collective's organisation."),
    )
    group_size = forms.IntegerField(
        label=_("Number of members"),
        min_value=1,
        **COLLECTIVE_ONLY,
    )
    women_percent = forms.DecimalField(
        label=_("Share of women (%)"),
        min_value=0,
        max_value=100,
        decimal_places=1,
        **COLLECTIVE_ONLY,
    )
    achievement_start = forms.DateField(label=_("Achievement period from"), widget=DATE)
    achievement_end = forms.DateField(label=_("Achievement period to"), widget=DATE)
    summary = forms.CharField(
        label=_("Summary of achievements"), widget=forms.Textarea(attrs={"rows": 5})
    )

    # needed for one kind of nominee only: the page marks them as the kind changes
    REQUIRED_FOR_INDIVIDUAL = ("nominee_name", "gender", "date_of_birth")
    REQUIRED_FOR_COLLECTIVE = ("collective_kind",)

    def __init__(self, *args, user, nomination: Nomination | None = None, **kwargs):
        self.nomination = nomination  # before super(): the version check reads it
        super().__init__(*args, **kwargs)
        for kind, names in (
            (NomineeKind.INDIVIDUAL, self.REQUIRED_FOR_INDIVIDUAL),
            (NomineeKind.COLLECTIVE, self.REQUIRED_FOR_COLLECTIVE),
        ):
            for name in names:
                self.fields[name].widget.attrs["data-required-for"] = kind
        today = timezone.localdate()
        rounds = NominationRound.objects.filter(
            opening_date__lte=today, submission_deadline__gte=today
        )
        if nomination is not None:
            rounds = NominationRound.objects.filter(pk=nomination.round_id)
        cast(forms.ModelChoiceField, self.fields["round"]).queryset = rounds
        cast(forms.ModelChoiceField, self.fields["form"]).queryset = AwardForm.objects.filter(
            round_forms__round__in=rounds, is_active=True
        ).distinct()
        own = nominating_organisation_ids(user)
        cast(
            forms.ModelChoiceField, self.fields["nominating_organisation"]
        ).queryset = Organisation.objects.filter(pk__in=own)
        principal_of = roles.organisation_ids(user, Role.PRINCIPAL)
        others = own - principal_of
        self.fields["nominee_organisation"].widget = SearchSelect(
            search_url=reverse("awards:organisation-search", args=["nominee"])
        )
        cast(
            forms.ModelChoiceField, self.fields["nominee_organisation"]
        ).queryset = selectors.nominee_organisations(user)
        if len(own) == 1:
            self.fields["nominating_organisation"].initial = next(iter(own))
            if not others:
                self.fields["nominee_organisation"].initial = next(iter(own))
        if rounds.count() == 1 and nomination is None:
            self.fields["round"].initial = rounds.first()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("nominee_kind")
        start, end = data.get("achievement_start"), data.get("achievement_end")
        if start and end and end < start:
            self.add_error("achievement_end", _("The achievement period ends before it starts."))
        if kind == NomineeKind.INDIVIDUAL:
            for field in self.REQUIRED_FOR_INDIVIDUAL:
                if not data.get(field):
                    self.add_error(field, _("Required for an individual."))
            if data.get("is_pupil") and data.get("public_consent"):
                self.add_error("public_consent", _("A pupil is never named on public pages."))
        elif kind == NomineeKind.COLLECTIVE:
            ckind = data.get("collective_kind")
            if not ckind:
                self.add_error("collective_kind", _("Required for a collective."))
            if ckind == CollectiveKind.GROUP and not data.get("nominee_name"):
                self.add_error("nominee_name", _("Give the name of the group."))
        form, round_ = data.get("form"), data.get("round")
        if form and round_ and not round_.round_forms.filter(form=form).exists():
            self.add_error("form", _("This award form is not offered in this round."))
        if form and kind and not form.accepts(kind):
            self.add_error("form", _("This award form does not accept this kind of nominee."))
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File"), validators=[validate_upload])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the browser checks type and size before sending over a slow line
        self.fields["file"].widget.attrs.update(upload_input_attrs())


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the nominator"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class AssignForm(forms.Form):
    reviewer = PersonChoice(User.objects.none(), label=_("Reviewer"))

    def __init__(self, *args, nomination: Nomination, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["reviewer"]).queryset = (
            User.objects.filter(
                award_council_seats__council__organisation_id=(
                    nomination.form.acting_organisation_id
                ),
                is_active=True,
            )
            .exclude(pk__in=exclude)
            .order_by("full_name")
        )


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Recommendation.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, criteria, rubric_kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        new_fields = {}
        for criterion in self.criteria:
            label = f"{criterion.name} (×{criterion.weight.normalize()})"
            field: forms.Field
            if rubric_kind == RubricKind.PASS_FAIL:
                field = forms.TypedChoiceField(
                    label=label,
                    choices=[("10", _("Pass")), ("0", _("Fail"))],
                    coerce=int,
                    widget=forms.RadioSelect,
                )
            else:
                field = forms.DecimalField(
                    label=label,
                    min_value=0,
                    max_value=10,
                    decimal_places=1,
                    widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "10"}),
                    help_text=_("From 0 to 10."),
                )
            new_fields[f"score_{criterion.pk}"] = field
        self.fields = {**new_fields, **self.fields}

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class DecisionForm(forms.Form):
    nominations = NominationChoices(
        Nomination.objects.none(),
        label=_("Approved nominations to commend"),
        widget=forms.CheckboxSelectMultiple,
    )
    number = forms.IntegerField(label=_("Decision number"), min_value=1)
    code = forms.CharField(
        label=_("Issuer's code"),
        max_length=30,
        required=False,
        help_text=_("As printed after “QĐ-” in the number: SGDĐT gives “45/QĐ-SGDĐT”."),
    )
    date = forms.DateField(label=_("Decision date"), widget=DATE)
    signer = forms.CharField(label=_("Signed by"), max_length=150)
    scanned_document = forms.FileField(label=_("Scanned decision"), validators=[validate_upload])

    def __init__(self, *args, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["nominations"]).queryset = nominations


class CouncilMemberForm(forms.Form):
    user = MemberChoice(User.objects.none(), label=_("Member"))
    organisation = OrganisationChoice(
        Organisation.objects.filter(is_active=True),
        label=_("Member's organisation"),
        help_text=_(
            "Where the member works: they never review nominations of or for it "
            "(conflict of interest)."
        ),
    )
    position = forms.ChoiceField(
        label=_("Position in the council"),
        choices=CouncilPosition.choices,
        initial=CouncilPosition.MEMBER,
    )

    def __init__(self, *args, council_org=None, **kwargs):

        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = council_candidates()
        if council_org is not None:
            # A province has thousands of people and organisations: both search as you type.
            self.fields["user"].widget = SearchSelect(
                search_url=reverse("awards:council-people", args=[council_org.pk])
            )
            self.fields["organisation"].widget = SearchSelect(
                search_url=reverse("awards:council-organisations", args=[council_org.pk])
            )
            for name in ("user", "organisation"):  # the new widgets take the choices
                self.fields[name].widget.choices = cast(
                    forms.ModelChoiceField, self.fields[name]
                ).choices


class DisciplineFlagForm(forms.Form):
    organisation = OrganisationChoice(
        Organisation.objects.filter(is_active=True),
        label=_("Organisation"),
        widget=SearchSelect(
            search_url=reverse_lazy("awards:organisation-search", args=["discipline"])
        ),
    )
    person_name = forms.CharField(
        label=_("Person's name"),
        max_length=150,
        required=False,
        help_text=_("Leave empty when the whole organisation is concerned."),
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    identity_number = identity_number_field(
        _(
            "Optional. With the date of birth (or this number) the flag follows the person "
            "to any school."
        ),
    )
    reason = forms.CharField(label=_("Reason"), max_length=255)


# --- Filters ---------------------------------------------------------------------------


class NominationFilter(StyledFilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("Search"), max_length=longest_column(Nomination, "nominee_name")
    )
    round = django_filters.ModelChoiceFilter(
        queryset=NominationRound.objects.all(), label=_("Round"), empty_label=ALL
    )
    form = django_filters.ModelChoiceFilter(
        queryset=AwardForm.objects.all(), label=_("Award form"), empty_label=ALL
    )
    status = django_filters.ChoiceFilter(
        choices=NominationStatus.choices, label=_("Status"), empty_label=ALL
    )

    class Meta:
        model = Nomination
        fields = ["q", "round", "form", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(nominee_name__icontains=value) | Q(nominee_organisation__name__icontains=value)
        )


def _years():
    # The years of the decisions that commended someone: a scan of the decisions, not of
    # every commendation (the model's ordering would otherwise join the DISTINCT).
    years = (
        Decision.objects.filter(Exists(Commendation.objects.filter(decision=OuterRef("pk"))))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return [(y, y) for y in years]


class CommendationFilter(StyledFilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        max_length=longest_column(Commendation, "nominee_name", "organisation_name", "code"),
    )
    year = django_filters.ChoiceFilter(
        field_name="decision__year",
        choices=_years,
        label=_("Year"),
        empty_label=_("All years"),
    )
    form = django_filters.ModelChoiceFilter(
        queryset=AwardForm.objects.all(), label=_("Award form"), empty_label=ALL
    )
    nominee_kind = django_filters.ChoiceFilter(
        choices=[
            (NomineeKind.INDIVIDUAL, NomineeKind.INDIVIDUAL.label),
            (NomineeKind.COLLECTIVE, NomineeKind.COLLECTIVE.label),
        ],
        label=_("Nominee"),
        empty_label=ALL,
    )

    class Meta:
        model = Commendation
        fields = ["q", "year", "form", "nominee_kind"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(nominee_name__icontains=value)
            | Q(organisation_name__icontains=value)
            | Q(code__iexact=value.strip())
        )


# --- Round configuration -----------------------------------------------------------------


class RoundConfigForm(forms.ModelForm):
    class Meta:
        model = NominationRound
        fields = [
            "year",
            "title",
            "opening_date",
            "submission_deadline",
            "review_deadline",
            "reviews_required",
            "rubric_kind",
        ]
        widgets = {
            "opening_date": DATE,
            "submission_deadline": DATE,
            "review_deadline": DATE,
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        opening, submission, review = (
            data.get("opening_date"),
            data.get("submission_deadline"),
            data.get("review_deadline"),
        )
        if opening and submission and submission < opening:
            self.add_error(
                "submission_deadline", _("The submission deadline is before the opening date.")
            )
        if submission and review and review < submission:
            self.add_error(
                "review_deadline", _("The review deadline is before the submission deadline.")
            )
        return data


class SharedChoicesFormSet(forms.BaseInlineFormSet):
    """An inline formset whose rows share the choices of their ``shared_choices`` fields:
    read once for the formset, not once per row (the round editor's eleven rows read the
    award forms eleven times, issue 18). Validation still checks each row's choice
    against the field's queryset."""

    shared_choices: tuple[str, ...] = ()

    @cached_property
    def forms(self) -> list[ModelForm]:
        rows = super().forms
        for name in self.shared_choices:
            fields = [cast(ModelChoiceField, row.fields[name]) for row in rows]
            # iterated, not list()ed: a ModelChoiceIterator's len() counts the rows first
            choices = list(iter(fields[0].iterator(fields[0]))) if fields else []
            for field in fields:
                field.choices = choices
        return rows


class OfferedFormsFormSet(SharedChoicesFormSet):
    shared_choices = ("form",)


OfferedFormSet = forms.inlineformset_factory(
    NominationRound,
    OfferedForm,
    formset=OfferedFormsFormSet,
    fields=["form", "quota"],
    extra=2,
    can_delete=True,
    min_num=1,
    validate_min=True,
)
CriterionFormSet = forms.inlineformset_factory(
    NominationRound,
    RubricCriterion,
    fields=["name_vi", "name_en", "weight", "order"],
    extra=2,
    can_delete=True,
    min_num=1,
    validate_min=True,
)


class PublicCommendationFilter(CommendationFilter):
    """The honour roll's filter: a search never finds a pupil by name."""

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(nominee_name__icontains=value, nominee_is_pupil=False)
            | Q(organisation_name__icontains=value)
            | Q(code__iexact=value.strip())
        )
