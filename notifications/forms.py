from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Channel


class PreferencesForm(forms.Form):
    """One choice of channel per kind of reminder."""

    def __init__(self, *args, kinds, initial_channels, has_email: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = Channel.choices if has_email else [(Channel.IN_APP, Channel.IN_APP.label)]
        for code, label in kinds:
            self.fields[code] = forms.ChoiceField(
                label=label,
                choices=choices,
                widget=forms.RadioSelect,
                initial=initial_channels.get(code) if has_email else Channel.IN_APP,
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save preferences")))
