from typing import cast

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import DocumentTemplate
from .services import TEMPLATE_FIELDS
from .signing import MAX_PKCS12_BYTES
from .widgets import SearchSelect


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        self.helper = FormHelper()
        self.helper.form_tag = False


class DocumentTemplateForm(forms.ModelForm):
    """An issuer's decision layout; saving makes a new version."""

    class Meta:
        model = DocumentTemplate
        fields = list(TEMPLATE_FIELDS)
        widgets = {
            "legal_bases": forms.Textarea(attrs={"rows": 3}),
            "commendation_bases": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code or any(ch.isspace() or ch == "/" for ch in code):
            raise forms.ValidationError(
                _("The code is one word without spaces or slashes, e.g. SGDĐT.")
            )
        return code


class IssuerChoiceForm(forms.Form):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Issuing organisation"), queryset=None, empty_label=None
    )

    def __init__(self, *args, queryset, search_url, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organisation"])
        field.queryset = queryset
        # thousands of communes' People's Committees in a country: searched as one types
        field.widget = SearchSelect(search_url=search_url)
        field.widget.choices = field.choices


class SigningCertificateForm(forms.Form):
    """An organisation's signing certificate: a PKCS#12 file and its password."""

    file = forms.FileField(
        label=_("Signing certificate file (.p12 or .pfx)"),
        help_text=_(
            "The organisation's certificate with its private key, exported in PKCS#12 format."
        ),
    )
    password = forms.CharField(
        label=_("Password of the certificate file"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):

        upload = self.cleaned_data["file"]
        if upload.size > MAX_PKCS12_BYTES:
            raise forms.ValidationError(
                _("This file is not a signing certificate in PKCS#12 format (.p12 or .pfx).")
            )
        return upload
