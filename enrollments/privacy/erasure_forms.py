"""Forms of erasure: the person's request (confirmed with their password) and a coordinator's decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

CONFIRMATION_WORD = _("erase")  # typed by a person without a password (an account made for them, never used)


class ErasureRequestForm(forms.Form):
    """Ask for erasure: the certificates choice, confirmed by the account's password (or a typed word)."""

    keep_certificates = forms.BooleanField(
        label=_("Keep my name on the certificates I hold"), required=False,
        help_text=_("Tick this if you still need your certificates to show your name (for an employer, for "
                    "example). Otherwise they stay valid and checkable by their code, but say they were issued to "
                    "a person whose data was erased."))
    password = forms.CharField(
        label=_("Your password, to confirm"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            self.fields["password"] = forms.CharField(
                label=_("Type the word “%(word)s” to confirm") % {"word": CONFIRMATION_WORD})

    def clean_password(self) -> str:
        typed = self.cleaned_data["password"]
        if self.user.has_usable_password():
            if not self.user.check_password(typed):
                raise forms.ValidationError(_("This is not your password."), code="wrong_password")
        elif typed.strip().casefold() != str(CONFIRMATION_WORD).casefold():
            raise forms.ValidationError(_("Type the word “%(word)s” exactly.") % {"word": CONFIRMATION_WORD},
                                        code="wrong_word")
        return ""  # nothing typed is kept


class EraseForm(forms.Form):
    """A coordinator confirms the erasure they are about to carry out."""

    confirm = forms.BooleanField(
        label=_("I have checked who asked, and understand that erasure cannot be undone"),
        error_messages={"required": _("Tick the box to confirm the erasure.")})


class DeclineForm(forms.Form):
    """A coordinator declines, saying why: the person is sent the note."""

    note = forms.CharField(
        label=_("Why the request is declined"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the person in the email telling them of the decision, e.g. a legal duty to keep the "
                    "records, or that the request did not come from them."),
        error_messages={"required": _("Say why the request is declined: the person is told.")})
