"""The public form where anyone types a certificate's code to check it."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from certificates.codes import normalise_code

MAX_TYPED_LENGTH = 64  # a printed code is 23 characters with its dashes; room for spaces and stray separators


class VerifyForm(forms.Form):
    """One code, typed the way people read it off paper: case, spaces and dashes do not matter."""

    code = forms.CharField(
        label=_("Certificate code"),
        max_length=MAX_TYPED_LENGTH,
        help_text=_("The 20 letters and digits printed on the certificate, for example ABCDE-FGHJK-MNPQR-STVWX. "
                    "Capital or small letters, spaces and dashes do not matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        """The stored form of the code, or an error when what was typed cannot be a code at all."""
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(
                _("This is not a certificate code. A code has 20 letters and digits, "
                  "for example ABCDE-FGHJK-MNPQR-STVWX. Check what you typed and try again."),
                code="malformed",
            )
        return code
