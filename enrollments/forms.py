"""The participant's profile form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from enrollments.models import Profile
from enrollments.services import REPORTING_FIELDS


class ProfileForm(forms.ModelForm):
    reporting_consent = forms.BooleanField(
        label=_("I agree to share the details below for anonymous reporting"),
        required=False,
        help_text=_(
            "Donors who fund free training ask how many women and men, of which ages, displaced or not, "
            "and with or without a disability took part. Only coordinators of this programme see these "
            "details, and they report them only as totals, never by name. Every field is optional; "
            "untick this box at any time and the details are deleted."
        ),
    )

    class Meta:
        model = Profile
        fields = ["full_name", "profession", "organisation", "oblast", "community", *REPORTING_FIELDS]
        help_texts = {
            "full_name": _("As it should appear on your certificates."),
            "community": _("The territorial community (hromada) where you work."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.initial.setdefault("reporting_consent", self.instance.has_reporting_consent)
        for name, field in self.fields.items():
            if isinstance(field, forms.TypedChoiceField) and field.choices and field.choices[0][0] == "":
                blank = _("Not answered") if name in REPORTING_FIELDS else _("Choose…")
                field.choices = [("", blank), *field.choices[1:]]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("reporting_consent"):
            for field in REPORTING_FIELDS:
                cleaned[field] = ""
        return cleaned

    @property
    def reporting_fields(self):
        return [self[name] for name in REPORTING_FIELDS]

    @property
    def work_fields(self):
        return [self[name] for name in ("full_name", "profession", "organisation", "oblast", "community")]
