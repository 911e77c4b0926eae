"""The catalogue filter form (GET, so filtered catalogues can be bookmarked and shared)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from content.choices import Profession
from courses.models import CourseFormat, DeliveryLanguage, Topic


def _with_any(choices) -> list[tuple[str, str]]:
    return [("", _("Any"))] + list(choices)


class CatalogueFilterForm(forms.Form):
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), required=False, to_field_name="slug", empty_label=_("Any"),
    )
    audience = forms.ChoiceField(label=_("For"), choices=_with_any(Profession.choices), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=_with_any(DeliveryLanguage.choices), required=False)
    format = forms.ChoiceField(label=_("Format"), choices=_with_any(CourseFormat.choices), required=False)
