"""The editor's form for an open call's page: a translation keeps its call, and its questions pair with the
Ukrainian version's. The call's own rules are checked by its form in the admin (`enrollments.calls.admin_forms`).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminPageForm


def choice_option_counts(questions) -> dict[str, tuple[str, int]]:
    """Each choice question of a questions stream by block id: (its label, how many options it lists)."""
    return {block.id: (block.value["label"], len(block.value["options"]))
            for block in questions if block.block_type == "choice"}


class CallPageForm(WagtailAdminPageForm):
    """A translation of a call page: the same call as its Ukrainian version, the same number of options."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = self._default_language_version()
        if self.source is not None and "questions" in self.fields:
            self.fields["questions"].help_text = _(
                "The questions are set on the Ukrainian version: here, translate their wording and options, in the "
                "same order. A question added only here is not asked; one missing here is asked in Ukrainian.")

    def _default_language_version(self):
        """The call page this page translates, when it is a translation of one; otherwise None."""
        from content.models import CallPage

        instance = self.instance
        if instance is None or instance.locale_id is None or instance.locale.language_code == settings.LANGUAGE_CODE:
            return None
        return (CallPage.objects.filter(translation_key=instance.translation_key,
                                        locale__language_code=settings.LANGUAGE_CODE)
                .exclude(pk=instance.pk).first())

    def clean(self):
        cleaned = super().clean()
        if self.source is not None:
            call = cleaned.get("call")
            if call is not None and call.pk != self.source.call_id:
                self.add_error("call", _("A translation takes part in the same call as its Ukrainian version: "
                                         "choose “%(call)s”.") % {"call": self.source.call})
            if cleaned.get("questions") is not None:
                self._check_translated_options(cleaned["questions"])
        return cleaned

    def _check_translated_options(self, questions) -> None:
        """A translated choice lists as many options as the Ukrainian one: they are paired by their order."""
        reference = choice_option_counts(self.source.questions)
        for block_id, (label, count) in choice_option_counts(questions).items():
            original = reference.get(block_id)
            if original is not None and count != original[1]:
                number = original[1]
                # On the form, not the field: the stream field shows only errors raised by its blocks.
                self.add_error(None, ngettext(
                    "“%(question)s” has %(number)d option in Ukrainian: translate it.",
                    "“%(question)s” has %(number)d options in Ukrainian: translate each of them, in the same order.",
                    number) % {"question": label, "number": number})
