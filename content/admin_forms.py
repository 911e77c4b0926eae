"""The editor's form for an open call: eligibility as checkboxes, and the checks a call must pass."""

from django import forms
from django.conf import settings
from django.db.models import F, Min
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminPageForm

from content.choices import Oblast, Profession
from enrollments.calls.eligibility import community_key

# A linked session receives the accepted applicants, so it must still be able to take people.
TAKES_PEOPLE = ("draft", "open", "closed")  # SessionStatus values: not completed, not cancelled


def clean_community_lines(text: str) -> str:
    """One community per line: spaces tidied, blank lines and repeats (compared loosely) dropped."""
    kept, seen = [], set()
    for line in text.splitlines():
        name = " ".join(line.split())
        key = community_key(name) or name.casefold()
        if name and key not in seen:
            seen.add(key)
            kept.append(name)
    return "\n".join(kept)


class SessionChoiceField(forms.ModelMultipleChoiceField):
    """Sessions named so an editor can tell them apart: title, city, first day and status."""

    def label_from_instance(self, session) -> str:
        first_day = f"{session.first_day:%d.%m.%Y}" if getattr(session, "first_day", None) else "—"
        place = session.city or session.get_format_display()
        return f"{session.title} — {place}, {first_day} ({session.get_status_display()})"


class CallPageForm(WagtailAdminPageForm):
    """Checks that hold for every call: a sane window, at least one stage, a usable rubric, live sessions."""

    oblasts = forms.MultipleChoiceField(
        label=_("Eligible oblasts"), choices=Oblast.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: people from any oblast may apply."))
    professions = forms.MultipleChoiceField(
        label=_("Eligible professions"), choices=Profession.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: people of any profession may apply."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sessions" in self.fields:
            self.fields["sessions"] = self._session_field(self.fields["sessions"])
        self.source = self._default_language_version()
        if self.source is not None:
            self._take_rules_from(self.source)

    def _default_language_version(self):
        """The call this page translates, when it is a translation of one; otherwise None."""
        from content.models import CallPage

        instance = self.instance
        if instance is None or instance.locale_id is None or instance.locale.language_code == settings.LANGUAGE_CODE:
            return None
        return (CallPage.objects.filter(translation_key=instance.translation_key,
                                        locale__language_code=settings.LANGUAGE_CODE)
                .exclude(pk=instance.pk).first())

    def _take_rules_from(self, source) -> None:
        """A translation shows the call's rules read-only and saves them as the source version has them."""
        from content.models import CALL_RULE_FIELDS

        values = {name: getattr(source, name) for name in CALL_RULE_FIELDS}
        values["sessions"] = [session.pk for session in source.sessions.all()]
        for name, value in values.items():
            if name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Set on the Ukrainian version of the call, for every language.")
                self.initial[name] = value
        if "questions" in self.fields:
            self.fields["questions"].help_text = _(
                "The questions are set on the Ukrainian version: here, translate their wording and options, in the "
                "same order. A question added only here is not asked; one missing here is asked in Ukrainian.")

    def _session_field(self, field: forms.ModelMultipleChoiceField) -> SessionChoiceField:
        """Sessions that can take people, plus those already linked (so a finished one can be seen and removed)."""
        from enrollments.models import TrainingSession

        linked = [session.pk for session in self.instance.sessions.all()] if self.instance else []
        queryset = (TrainingSession.objects.filter(status__in=TAKES_PEOPLE) | TrainingSession.objects.filter(
            pk__in=linked)).annotate(first_day=Min("days__date")).order_by(F("first_day").desc(nulls_last=True),
                                                                            "title")
        return SessionChoiceField(queryset=queryset, required=False, label=field.label, help_text=field.help_text,
                                  widget=forms.CheckboxSelectMultiple)

    def clean_communities(self) -> str:
        return clean_community_lines(self.cleaned_data.get("communities") or "")

    def clean_sessions(self):
        sessions = self.cleaned_data.get("sessions")
        if self.fields["sessions"].disabled:
            return sessions  # the Ukrainian version's: checked, and changed, there
        finished = [session for session in sessions or () if session.status not in TAKES_PEOPLE]
        if finished:
            names = ", ".join(f"{s.title} ({s.get_status_display()})" for s in finished)
            raise forms.ValidationError(ngettext(
                "This session can no longer take people; remove it from the call: %(names)s.",
                "These sessions can no longer take people; remove them from the call: %(names)s.",
                len(finished)) % {"names": names})
        return sessions

    def clean(self):
        cleaned = super().clean()
        opens_at, deadline = cleaned.get("opens_at"), cleaned.get("deadline")
        if opens_at and deadline and deadline <= opens_at:
            self.add_error("deadline", _("The deadline must come after the opening."))
        self._check_stages()
        self._check_criteria()
        if self.source is not None and cleaned.get("questions") is not None:
            self._check_translated_options(cleaned["questions"])
        return cleaned

    def _check_translated_options(self, questions) -> None:
        """A translated choice lists as many options as the Ukrainian one: they are paired by their order."""
        from enrollments.calls.answers import questions_from_stream

        reference = {q.id: q for q in questions_from_stream(self.source.questions) if q.kind == "choice"}
        for question in questions_from_stream(questions):
            original = reference.get(question.id)
            if original is not None and question.kind == "choice" and len(question.options) != len(original.options):
                count = len(original.options)
                # On the form, not the field: the stream field shows only errors raised by its blocks.
                self.add_error(None, ngettext(
                    "“%(question)s” has %(number)d option in Ukrainian: translate it.",
                    "“%(question)s” has %(number)d options in Ukrainian: translate each of them, in the same order.",
                    count) % {"question": question.label, "number": count})

    def _kept_forms(self, relation: str) -> list[forms.Form]:
        """The inline rows that will be saved: filled in and not marked for deletion."""
        formset = self.formsets.get(relation)
        if formset is None:
            return []
        formset.is_valid()  # cleans every row, so cleaned_data is there to read
        return [form for form in formset.forms
                if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")]

    def _check_stages(self) -> None:
        # A draft may be saved unfinished; publishing needs the stages an application moves through.
        if "stages" in self.formsets and not self.is_deferred_validation and not self._kept_forms("stages"):
            self.add_error(None, _("Add at least one stage, e.g. “Written application”."))

    def _check_criteria(self) -> None:
        for form in self._kept_forms("criteria"):
            weight, scale_max = form.cleaned_data.get("weight"), form.cleaned_data.get("scale_max")
            if weight is not None and weight <= 0:
                form.add_error("weight", _("A weight must be more than 0."))
            if scale_max is not None and scale_max < 1:
                form.add_error("scale_max", _("The highest mark must be at least 1."))
