"""Forms of the open-calls admin: a call's rules, the applications list's filters, a reviewer's marks, and
coordinators' decisions."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from content.choices import Oblast, Profession
from enrollments.calls.decisions import DECISIONS
from enrollments.calls.eligibility import community_key
from enrollments.calls.models import ApplicationStatus, CallSession
from enrollments.calls.review import SHOWN_TO_COORDINATORS, SHOWN_TO_REVIEWERS
from enrollments.calls.transitions import Move
from enrollments.models import SessionStatus, TrainingSession


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


class CallForm(WagtailAdminModelForm):
    """A call's rules, checked: a sane window, at least one stage, a usable rubric, sessions that take people (a
    linked session receives the accepted applicants).

    Eligibility is ticked from the shared lists of oblasts and professions; the sessions the call recruits for are
    ticked too and kept as `CallSession` rows.
    """

    oblasts = forms.MultipleChoiceField(
        label=_("Eligible oblasts"), choices=Oblast.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: people from any oblast may apply."))
    professions = forms.MultipleChoiceField(
        label=_("Eligible professions"), choices=Profession.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: people of any profession may apply."))
    sessions = SessionChoiceField(
        queryset=TrainingSession.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Training sessions"),
        help_text=_("Accepted applicants are enrolled in the first of these with a free place."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        linked = list(self.instance.session_links.values_list("session_id", flat=True)) if self.instance.pk else []
        # Sessions that can take people, and those already linked (so a finished one can be seen and removed).
        shown = Q(status__in=SessionStatus.taking_people()) | Q(pk__in=linked)
        self.fields["sessions"].queryset = (TrainingSession.objects.filter(shown).annotate(first_day=Min("days__date"))
                                            .order_by(F("first_day").desc(nulls_last=True), "title"))
        self.initial.setdefault("sessions", linked)

    def clean_communities_uk(self) -> str:
        return clean_community_lines(self.cleaned_data.get("communities_uk") or "")

    def clean_communities_en(self) -> str:
        return clean_community_lines(self.cleaned_data.get("communities_en") or "")

    def clean_sessions(self):
        sessions = self.cleaned_data.get("sessions")
        finished = [session for session in sessions or () if session.status not in SessionStatus.taking_people()]
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
        if "stages" in self.formsets and not self._kept_forms("stages"):
            self.add_error(None, _("Add at least one stage, e.g. “Written application”."))
        for form in self._kept_forms("criteria"):
            weight, scale_max = form.cleaned_data.get("weight"), form.cleaned_data.get("scale_max")
            if weight is not None and weight <= 0:
                form.add_error("weight", _("A weight must be more than 0."))
            if scale_max is not None and scale_max < 1:
                form.add_error("scale_max", _("The highest mark must be at least 1."))
        return cleaned

    def _kept_forms(self, relation: str) -> list[forms.Form]:
        """The inline rows that will be saved: filled in and not marked for deletion."""
        formset = self.formsets.get(relation)
        if formset is None:
            return []
        formset.is_valid()  # cleans every row, so cleaned_data is there to read
        return [form for form in formset.forms
                if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")]

    @transaction.atomic
    def save(self, commit=True):
        call = super().save(commit=commit)
        if commit:
            self.save_sessions(call)
        return call

    def save_sessions(self, call) -> None:
        """The ticked sessions become the call's links; unticked ones are unlinked."""
        chosen = {session.pk for session in self.cleaned_data.get("sessions") or ()}
        call.session_links.exclude(session_id__in=chosen).delete()
        known = set(call.session_links.values_list("session_id", flat=True))
        CallSession.objects.bulk_create([CallSession(call=call, session_id=pk) for pk in sorted(chosen - known)])

# What a bulk decision says it did; "count" chooses the plural form.
BULK_DONE = {
    Move.NEXT_STAGE: ngettext_lazy("%(count)d application moved to the next stage.",
                                   "%(count)d applications moved to the next stage.", "count"),
    Move.SHORTLIST: ngettext_lazy("%(count)d application shortlisted.", "%(count)d applications shortlisted.",
                                  "count"),
    Move.ACCEPT: ngettext_lazy("%(count)d application accepted.", "%(count)d applications accepted.", "count"),
    Move.REJECT: ngettext_lazy("%(count)d application rejected.", "%(count)d applications rejected.", "count"),
    Move.REOPEN: ngettext_lazy("%(count)d application reopened for review.",
                               "%(count)d applications reopened for review.", "count"),
}

MOVE_LABELS = {
    Move.NEXT_STAGE: _("Move to the next stage"),
    Move.SHORTLIST: _("Shortlist"),
    Move.ACCEPT: _("Accept and enroll"),
    Move.REJECT: _("Reject"),
    Move.REOPEN: _("Reopen for review"),
}


class ApplicationFilterForm(forms.Form):
    """GET filters of the applications list; every field optional."""

    call = forms.TypedChoiceField(label=_("Call"), required=False, coerce=int, empty_value=None)
    stage = forms.TypedChoiceField(label=_("Stage"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    community = forms.ChoiceField(label=_("Community"), required=False)

    def __init__(self, data=None, *, calls, stages: list[str], communities: list[str], sees_withdrawn: bool):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["call"].choices = everything + [(call.pk, call.name) for call in calls]
        self.fields["stage"].choices = everything + [(index, title) for index, title in enumerate(stages)]
        shown = SHOWN_TO_COORDINATORS if sees_withdrawn else SHOWN_TO_REVIEWERS
        self.fields["status"].choices = everything + [(status.value, status.label) for status in shown]
        self.fields["community"].choices = everything + [(name, name) for name in communities]


class ReviewForm(forms.Form):
    """One mark per criterion of the call's rubric (0 to its highest mark), a comment; save a draft or submit."""

    DRAFT, SUBMIT = "draft", "submit"

    stage = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              max_length=5000)

    def __init__(self, data=None, *, criteria, initial=None):
        super().__init__(data, initial=initial)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[self.field_name(criterion)] = forms.TypedChoiceField(
                label=criterion.title, help_text=criterion.description, required=False, coerce=int,
                empty_value=None, choices=[(mark, mark) for mark in range(criterion.scale_max + 1)],
                widget=forms.RadioSelect)

    @staticmethod
    def field_name(criterion) -> str:
        return f"mark_{criterion.pk}"

    @property
    def mark_fields(self):
        return [self[self.field_name(criterion)] for criterion in self.criteria]

    @property
    def submitting(self) -> bool:
        """Which button was pressed: "Submit review" (final) or "Save draft"."""
        return self.data.get("action") == self.SUBMIT

    def clean(self):
        data = super().clean()
        if self.submitting:
            for criterion in self.criteria:
                if data.get(self.field_name(criterion)) is None:
                    self.add_error(self.field_name(criterion), _("Give a mark to submit the review."))
        return data

    def marks(self) -> dict[str, int]:
        """The marks given, by criterion key (str of the criterion's id)."""
        return {str(criterion.pk): self.cleaned_data[self.field_name(criterion)] for criterion in self.criteria
                if self.cleaned_data.get(self.field_name(criterion)) is not None}


class MoveForm(forms.Form):
    """One decision (the button pressed) with an optional note for the history."""

    move = forms.ChoiceField(choices=[(move.value, MOVE_LABELS[move]) for move in DECISIONS])
    note = forms.CharField(label=_("Note for the history (optional)"), required=False, max_length=500)
    # The state the page showed: a double tap is taken once, a decision on an outdated page is refused.
    seen_status = forms.ChoiceField(choices=ApplicationStatus.choices, required=False, widget=forms.HiddenInput)
    seen_stage = forms.IntegerField(min_value=0, max_value=1000, required=False, widget=forms.HiddenInput)

    def seen(self) -> tuple[str, int] | None:
        status, stage = self.cleaned_data.get("seen_status"), self.cleaned_data.get("seen_stage")
        return (status, stage) if status and stage is not None else None


def seen_in_bulk(data, ids) -> dict[int, tuple[str, int]]:
    """The state each ticked application was listed with (hidden `seen-<id>` = "status:stage"); a missing or
    malformed one is left out, and that application is decided on its state now."""
    seen = {}
    for pk in ids:
        status, _sep, stage = data.get(f"seen-{pk}", "").partition(":")
        if status in ApplicationStatus.values and stage.isdigit() and len(stage) < 5:
            seen[pk] = (status, int(stage))
    return seen


def status_label(status: str) -> str:
    return str(ApplicationStatus(status).label) if status in ApplicationStatus.values else status
