"""The participant's profile form; the coordinators' session editor and participant import forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm

from enrollments import selectors
from enrollments.attendance import selectors as attendance_selectors
from enrollments.imports import parsing
from enrollments.models import Enrollment, EnrollmentStatus, Profile, SessionStatus
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
            # Details typed without the box ticked are refused out loud, never dropped in silence; with consent
            # held before, an unticked box is a withdrawal and the details shown on the form go with it.
            if not self.instance.has_reporting_consent and any(cleaned.get(field) for field in REPORTING_FIELDS):
                self.add_error("reporting_consent", _(
                    "You filled in the details below but did not tick this box, so nothing was saved: without "
                    "your consent they cannot be kept. Tick the box to keep them, or set them to “Not answered”."
                ))
            for field in REPORTING_FIELDS:
                cleaned[field] = ""
        return cleaned

    @property
    def withdraws_consent(self) -> bool:
        """Consent was held and the box came back unticked: the reporting details are being deleted."""
        return self.instance.has_reporting_consent and not self.cleaned_data.get("reporting_consent")

    @property
    def reporting_fields(self):
        return [self[name] for name in REPORTING_FIELDS]

    @property
    def work_fields(self):
        return [self[name] for name in ("full_name", "profession", "organisation", "oblast", "community")]


# --- Coordinators: the session editor in the Wagtail admin -----------------------------------------

class TrainingSessionAdminForm(WagtailAdminModelForm):
    """A session with its days: the title defaults to the course's; no capacity below who is enrolled."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title_uk" in self.fields:
            self.fields["title_uk"].required = False
        # Cancelling goes through the roster, which tells everyone; a status change here would not.
        if "status" in self.fields and self.instance.status != SessionStatus.CANCELLED:
            self.fields["status"].choices = [choice for choice in self.fields["status"].choices
                                             if choice[0] != SessionStatus.CANCELLED]

    def clean(self):
        cleaned = super().clean()
        if "title_uk" in self.fields and not cleaned.get("title_uk") and cleaned.get("course"):
            cleaned["title_uk"] = cleaned["course"].title
        opens, closes = cleaned.get("enrollment_opens_at"), cleaned.get("enrollment_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("enrollment_closes_at", _("Enrollment must close after it opens."))
        capacity = cleaned.get("capacity")
        if capacity is not None and self.instance.pk:
            enrolled = selectors.enrolled_count(session=self.instance)
            if capacity < enrolled:
                self.add_error("capacity", ngettext(
                    "Capacity cannot be lower than the %(count)d person already enrolled. "
                    "Move someone to the waiting list first.",
                    "Capacity cannot be lower than the %(count)d people already enrolled. "
                    "Move people to the waiting list first.",
                    enrolled,
                ) % {"count": enrolled})
        return cleaned


class SessionDayForm(WagtailAdminModelForm):
    """One day in the session editor."""

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The day must end after it starts."))
        return cleaned


class SessionDayFormSet(BaseChildFormSet):
    """The days of a session: one per date; a day with attendance marks is moved, never removed."""

    def clean(self):
        kept = self._keep_days_with_marks()
        # Before modelcluster's own uniqueness check, which would add a vaguer message for the same rows.
        seen = set()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            day = getattr(form, "cleaned_data", {}).get("date")
            if day is None:
                continue
            if day in seen:
                form.add_error("date", _("The session already has a day on %(date)s.") % {"date": day.isoformat()})
            seen.add(day)
        super().clean()
        if kept:
            raise ValidationError(kept)

    def _keep_days_with_marks(self) -> list[ValidationError]:
        """Removing a day would take its attendance marks and their history with it (the database refuses too:
        `Attendance.day` is PROTECT). The day comes back on the form, and the message says how to move it."""
        removed = {form.instance.pk: form for form in self.initial_forms
                   if form.instance.pk and self.can_delete and self._should_delete_form(form)}
        if not removed:
            return []
        errors = []
        for pk, (day, count) in attendance_selectors.marks_on_days(day_ids=list(removed)).items():
            errors.append(ValidationError(ngettext(
                "The day of %(date)s cannot be removed: %(count)d attendance mark was recorded for it and would be "
                "lost. To move the day, change its date instead.",
                "The day of %(date)s cannot be removed: %(count)d attendance marks were recorded for it and would "
                "be lost. To move the day, change its date instead.",
                count) % {"date": date_format(day, "DATE_FORMAT"), "count": count}))
            self._undelete(removed[pk])
        return errors

    @staticmethod
    def _undelete(form) -> None:
        # The admin hides a child posted with DELETE=1: clear the flag so the day shows again, as it is kept.
        data = form.data.copy()
        data[form.add_prefix(DELETION_FIELD_NAME)] = ""
        form.data = data


# --- Coordinators: the admin roster and the participant import -------------------------------------

class RosterActionForm(forms.Form):
    """One action on one person of the roster."""

    APPROVE, DECLINE, ENROLL, WAITLIST, CANCEL = "approve", "decline", "enroll", "waitlist", "cancel"
    action = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (DECLINE, _("Decline")),
                                        (ENROLL, _("Move to enrolled")), (WAITLIST, _("Move to the waiting list")),
                                        (CANCEL, _("Cancel the place"))])

    ALLOWED = {
        EnrollmentStatus.PENDING: (APPROVE, DECLINE),
        EnrollmentStatus.ENROLLED: (WAITLIST, CANCEL),
        EnrollmentStatus.WAITLISTED: (ENROLL, CANCEL),
        EnrollmentStatus.CANCELLED: (ENROLL, WAITLIST),
    }

    def __init__(self, *args, enrollment: Enrollment, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrollment = enrollment

    def clean_action(self):
        action = self.cleaned_data["action"]
        if action not in self.ALLOWED[self.enrollment.status]:
            raise ValidationError(_("This action does not apply to someone who is “%(status)s”.")
                                  % {"status": self.enrollment.get_status_display()})
        return action

    @classmethod
    def actions_for(cls, status: str) -> list[tuple[str, str]]:
        labels = dict(cls.base_fields["action"].choices)
        return [(action, labels[action]) for action in cls.ALLOWED[status]]


class BulkApproveForm(forms.Form):
    enrollments = forms.ModelMultipleChoiceField(
        queryset=Enrollment.objects.none(), label=_("Requests to approve"),
        error_messages={"required": _("Tick at least one request to approve.")},
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrollments"].queryset = session.enrollments.filter(status=EnrollmentStatus.PENDING)


class ParticipantImportForm(forms.Form):
    """Step 1 of an import: the uploaded file, read and checked row by row (nothing is saved)."""

    file = forms.FileField(
        label=_("Participant list"),
        help_text=_("A .csv (UTF-8, comma or semicolon) or .xlsx file of up to 2 MB and 1,000 rows. First row: "
                    "name, email, profession, organisation, oblast (in English or Ukrainian: ПІБ, Ел. пошта, "
                    "Професія, Організація, Область)."),
        widget=forms.ClearableFileInput(attrs={
            "accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > parsing.MAX_BYTES:
            raise ValidationError(_("The file is larger than 2 MB. Split the list into smaller files."))
        content = upload.read(parsing.MAX_BYTES + 1)
        try:
            self.rows = parsing.read_participants(content=content, filename=upload.name)
        except parsing.ImportFileError as error:
            raise ValidationError(str(error)) from error
        return upload


class ConfirmImportForm(forms.Form):
    """Step 2 of an import: which previewed list to import (the rows themselves stay on the server)."""

    token = forms.CharField(widget=forms.HiddenInput)
