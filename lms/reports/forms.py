"""The report's filters, as a GET form: a period, a project, a course, a session, an oblast and a format."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from content.choices import Oblast
from courses.models import CoursePage
from enrollments.models import SessionFormat, TrainingSession
from enrollments.session_label import session_label
from lms.reports.models import Project
from lms.reports.selectors import Filters

SESSION_CHOICES = 100


def _is_uuid(value) -> bool:
    try:
        UUID(str(value))
    except ValueError:
        return False
    return True


class ReportFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=_("Sessions whose first day falls on or after this date."))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none(), required=False,
                                     empty_label=_("All projects"))
    course = forms.ChoiceField(label=_("Course"), required=False)
    session = forms.ModelChoiceField(label=_("Training session"), queryset=TrainingSession.objects.none(),
                                     required=False, empty_label=_("All sessions"))
    oblast = forms.ChoiceField(label=_("Oblast of the session"), required=False,
                               choices=[("", _("All oblasts")), *Oblast.choices])
    format = forms.ChoiceField(label=_("Format"), required=False,
                               choices=[("", _("All formats")), *SessionFormat.choices])

    def __init__(self, *args, trainer_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.trainer_id = trainer_id
        self.fields["project"].queryset = Project.objects.order_by("-starts_on", "name")
        sessions = TrainingSession.objects.all()
        if trainer_id:
            sessions = sessions.filter(trainers=trainer_id)
        self.fields["session"].queryset = sessions  # any of them may be asked for by its id...
        self.fields["session"].widget.choices = self._session_choices(sessions)  # ...a few are offered
        courses = CoursePage.objects.filter(locale__language_code="uk").order_by("title").values_list(
            "translation_key", "title")
        self.fields["course"].choices = [("", _("All courses")), *((str(key), title) for key, title in courses)]

    def _session_choices(self, sessions) -> list[tuple]:
        """The sessions of the chosen project or course, or else the latest: a select of every session of a
        national programme would weigh megabytes. Each named by course, place and dates, as everywhere."""
        data = self.data if self.is_bound else {}
        sessions = sessions.annotate(first_day=Min("days__date"), last_day=Max("days__date"))
        chosen = sessions
        if data.get("project"):
            chosen = chosen.filter(projects=data["project"]) if str(data["project"]).isdigit() else chosen.none()
        if data.get("course"):
            chosen = chosen.filter(course__translation_key=data["course"]) if _is_uuid(data["course"]) else chosen
        chosen = list(chosen.order_by("-first_day", "-pk")[:SESSION_CHOICES])
        selected = str(data.get("session") or "")
        if selected.isdigit() and all(str(session.pk) != selected for session in chosen):
            chosen += list(sessions.filter(pk=selected))
        return [("", _("All sessions")), *((session.pk, f"{session.title} · {self._label(session)}")
                                          for session in chosen)]

    @staticmethod
    def _label(session) -> str:
        place = session.city or session.venue
        return session_label(place=place, first=session.first_day, last=session.last_day)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The period must end on or after its start."))
        return cleaned

    def filters(self) -> Filters:
        """The filters of a valid form; an invalid one filters nothing out but what is valid in it."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        session = data.get("session")
        return Filters(start=data.get("start"), end=data.get("end"), project=data.get("project"),
                       course_key=data.get("course") or None, session_id=session.pk if session else None,
                       oblast=data.get("oblast", ""), format=data.get("format", ""), trainer_id=self.trainer_id)
