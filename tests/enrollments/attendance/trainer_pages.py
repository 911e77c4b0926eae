"""The trainer's day pages in the attendance tests: their URLs, the people on the roster, a posted set of marks."""

from django.template.defaultfilters import date as date_filter
from django.urls import reverse

from enrollments.models import Enrollment, SessionDay

NAMES = ["Юрій Зінченко", "Ірина Бойко", "Андрій Коваль"]  # alphabetically: Андрій, Ірина, Юрій


def url(name: str, obj) -> str:
    kwarg = "session_id" if name == "attendance_history" else "day_id"
    return reverse(name, kwargs={kwarg: obj.pk})


def marks(mapping: dict[Enrollment, str], **extra) -> dict:
    return {**{f"status_{e.pk}": status for e, status in mapping.items()}, **extra}


def day_month(day: SessionDay) -> str:
    return date_filter(day.date, "j E")
