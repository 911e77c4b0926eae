"""The trainer's forms: a day's attendance marks (roster and paper entry) and adding a walk-in."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from enrollments.attendance.selectors import RosterRow
from enrollments.models import AttendanceStatus

STATUS_PREFIX = "status_"
NOTE_PREFIX = "note_"


NOTE_MAX_LENGTH = 255


@dataclass(frozen=True)
class Choice:
    """One radio of a person's status."""

    value: str
    label: str
    id: str
    checked: bool


@dataclass(frozen=True)
class MarkEntry:
    """One person's row of the marks form, as the roster and paper entry templates write it out."""

    row: RosterRow
    status_name: str
    choices: list[Choice]
    status_errors: list
    note_name: str
    note_id: str
    note_value: str
    note_errors: list

    @property
    def note_max_length(self) -> int:
        return NOTE_MAX_LENGTH


class AttendanceMarksForm(forms.Form):
    """One status and an optional note per person on the day's roster, all saved in one POST.

    Field names carry the enrollment id (`status_12`, `note_12`); a posted name for anyone not on
    this roster (another session's enrollment, a forged id) invalidates the whole form.
    """

    def __init__(self, *args, rows: list[RosterRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            pk = row.enrollment.pk
            self.fields[f"{STATUS_PREFIX}{pk}"] = forms.ChoiceField(
                label=row.name, choices=AttendanceStatus.choices, widget=forms.RadioSelect, required=False,
                initial=row.status, error_messages={
                    "invalid_choice": _("“%(value)s” is not an attendance status. Choose one of the four."),
                },
            )
            self.fields[f"{NOTE_PREFIX}{pk}"] = forms.CharField(
                label=_("Note"), max_length=NOTE_MAX_LENGTH, required=False, initial=row.note,
            )

    def entries(self) -> list[MarkEntry]:
        """Each person's status and note as plain values, which the template writes out as inputs.

        The same inputs as the fields' widgets would draw (names, ids, checked, aria-invalid), without a widget
        template rendered for each of four radios and a note per person: that was 40 % of a roster row's time.
        Posted marks are still read and validated by this form's fields.
        """
        labels = [(value, str(label)) for value, label in AttendanceStatus.choices]
        errors = self.errors if self.is_bound else {}
        entries = []
        for row in self.rows:
            status_name, note_name = f"{STATUS_PREFIX}{row.enrollment.pk}", f"{NOTE_PREFIX}{row.enrollment.pk}"
            status = self.data.get(status_name) if self.is_bound else row.status
            note = self.data.get(note_name) if self.is_bound else row.note
            entries.append(MarkEntry(
                row=row, status_name=status_name,
                choices=[Choice(value=value, label=label, id=f"id_{status_name}_{number}",
                                checked=status is not None and str(status) == value)
                         for number, (value, label) in enumerate(labels)],
                status_errors=errors.get(status_name, []),
                note_name=note_name, note_id=f"id_{note_name}", note_value="" if note is None else str(note),
                note_errors=errors.get(note_name, []),
            ))
        return entries

    def clean(self):
        cleaned = super().clean()
        strangers = [name for name in self.data
                     if name.startswith((STATUS_PREFIX, NOTE_PREFIX)) and name not in self.fields]
        if strangers:
            raise forms.ValidationError(
                _("Some marks are for people who are not on this day's list. Nothing was saved: "
                  "reload the page and mark again."),
                code="unknown_enrollment",
            )
        for row in self.rows:
            pk = row.enrollment.pk
            if cleaned.get(f"{NOTE_PREFIX}{pk}") and not cleaned.get(f"{STATUS_PREFIX}{pk}"):
                self.add_error(f"{NOTE_PREFIX}{pk}", _("Choose a status as well, so the note can be saved."))
        return cleaned

    def marks(self, *, everyone_present: bool = False) -> dict[int, str]:
        """Enrollment id → status; with `everyone_present`, people without a mark become present."""
        marks = {}
        for row in self.rows:
            status = self.cleaned_data.get(f"{STATUS_PREFIX}{row.enrollment.pk}")
            if not status and everyone_present:
                status = AttendanceStatus.PRESENT
            if status:
                marks[row.enrollment.pk] = status
        return marks

    def notes(self) -> dict[int, str]:
        return {row.enrollment.pk: self.cleaned_data.get(f"{NOTE_PREFIX}{row.enrollment.pk}", "").strip()
                for row in self.rows}


class WalkInForm(forms.Form):
    """Someone who turned up without a place: their email (the account) and their name."""

    email = forms.EmailField(label=_("Email"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}))
    full_name = forms.CharField(label=_("Full name"), max_length=200,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())
