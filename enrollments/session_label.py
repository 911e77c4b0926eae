"""How a session is named to people: its city and its dates, "Кривий Ріг · 27–29 листопада 2026".

The dates are written with the active language's DATE_FORMAT (lms/formats: the day first, the year last), the
shared parts said once: "27–29 листопада 2026", "30 листопада – 2 грудня 2026", "30 грудня 2026 – 2 січня 2027".
"""

from __future__ import annotations

from datetime import date

from django.utils.dateformat import format as format_date
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext

DASH = "–"  # en dash: no spaces between days of one month, spaces between whole dates


def date_range(first: date, last: date | None = None) -> str:
    """The days from `first` to `last` (one day when `last` is missing or the same), in the active language."""
    if last is None or last == first:
        return date_format(first, "DATE_FORMAT")
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{DASH}{date_format(last, 'DATE_FORMAT')}"
    if first.year == last.year:
        without_year = get_format("DATE_FORMAT").replace("Y", "").strip(" ,")
        return f"{format_date(first, without_year)} {DASH} {date_format(last, 'DATE_FORMAT')}"
    return f"{date_format(first, 'DATE_FORMAT')} {DASH} {date_format(last, 'DATE_FORMAT')}"


def session_label(*, place: str, first: date | None, last: date | None) -> str:
    """"Кривий Ріг · 27–29 листопада 2026": where and when, either left out when unknown."""
    dates = date_range(first, last) if first else gettext("Dates to be announced")
    return f"{place} · {dates}" if place else dates
