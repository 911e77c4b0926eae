"""Forms of the applications admin: the list's filters, a reviewer's marks, and coordinators' decisions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from enrollments.calls.decisions import DECISIONS
from enrollments.calls.models import ApplicationStatus
from enrollments.calls.review import SHOWN_TO_COORDINATORS, SHOWN_TO_REVIEWERS
from enrollments.calls.transitions import Move

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
        self.fields["call"].choices = everything + [(call.pk, call.title) for call in calls]
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


def status_label(status: str) -> str:
    return str(ApplicationStatus(status).label) if status in ApplicationStatus.values else status
