"""Filters of the readable "Download my data" page: the JSON's values (ISO moments, stored codes, lists) as words.

`{{ value|when }}` a moment or a day, `{{ value|choice:"enrollment_status" }}` a stored code by its label,
`{{ value|answer_text }}` an answer (a list, a ticked box, nothing) as text.
"""

import re
from datetime import date, datetime

from django import template
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language, gettext

from content.choices import AgeBand, DisabilityStatus, DisplacementStatus, Oblast, Profession, Sex
from courses.models import QuizKind
from enrollments.calls.models import ApplicationStatus
from enrollments.models import (
    AttemptStatus,
    AttendanceMethod,
    AttendanceStatus,
    EnrollmentSource,
    EnrollmentStatus,
    SessionFormat,
)
from enrollments.privacy.models import ErasureStatus

register = template.Library()

CHOICES = {
    "profession": Profession,
    "oblast": Oblast,
    "sex": Sex,
    "age_band": AgeBand,
    "displacement_status": DisplacementStatus,
    "disability": DisabilityStatus,
    "session_format": SessionFormat,
    "enrollment_status": EnrollmentStatus,
    "enrollment_source": EnrollmentSource,
    "attendance_status": AttendanceStatus,
    "attendance_method": AttendanceMethod,
    "quiz_kind": QuizKind,
    "attempt_status": AttemptStatus,
    "application_status": ApplicationStatus,
    "erasure_status": ErasureStatus,
}


@register.filter
def when(value: str | None) -> str:
    """"2026-03-31T23:59:00+03:00" → "31 березня 2026, 23:59", "2026-03-31" → "31 березня 2026" (the moments are
    Kyiv time already: they are shown as written, not moved to another zone)."""
    if not value:
        return ""
    try:
        if len(value) == len("2026-03-31"):
            return date_format(date.fromisoformat(value), "DATE_FORMAT")
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{date_format(moment, 'DATE_FORMAT')}, {moment:%H:%M}"


@register.filter
def choice(value: str | None, kind: str) -> str:
    """A stored code by its label in the reader's language; a code no longer offered as it is."""
    if value in (None, ""):
        return ""
    return str(dict(CHOICES[kind].choices).get(value, value))


@register.filter
def answer_text(value: object) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return gettext("Yes")
    if value is False:
        return gettext("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@register.filter(is_safe=True)
def as_written(value: object) -> str:
    """What the person or a trainer wrote, as it was written: on a page in another language than Ukrainian, text in
    Cyrillic is marked `lang="uk"` (screen readers then read it in Ukrainian)."""
    text = "" if value is None else str(value)
    if _CYRILLIC.search(text) and not (get_language() or "").startswith("uk"):
        return format_html('<span lang="uk">{}</span>', text)
    return conditional_escape(text)
