"""How a session's dates and city are written (enrollments/session_label.py), in both languages."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from enrollments.session_label import date_range, session_label

NOV_27, NOV_29, NOV_30, DEC_2, DEC_30, JAN_2 = (
    date(2026, 11, 27), date(2026, 11, 29), date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 30),
    date(2027, 1, 2))


@pytest.mark.parametrize(("language", "first", "last", "expected"), [
    ("uk", NOV_27, NOV_29, "27–29 листопада 2026"),
    ("uk", NOV_30, DEC_2, "30 листопада – 2 грудня 2026"),
    ("uk", DEC_30, JAN_2, "30 грудня 2026 – 2 січня 2027"),
    ("uk", NOV_27, NOV_27, "27 листопада 2026"),
    ("uk", NOV_27, None, "27 листопада 2026"),
    ("en", NOV_27, NOV_29, "27–29 November 2026"),
    ("en", NOV_30, DEC_2, "30 November – 2 December 2026"),
    ("en", DEC_30, JAN_2, "30 December 2026 – 2 January 2027"),
    ("en", NOV_27, NOV_27, "27 November 2026"),
])
def test_date_range_says_the_shared_month_and_year_once(language, first, last, expected):
    with translation.override(language):
        assert date_range(first, last) == expected


def test_session_label_names_the_city_then_the_dates():
    with translation.override("uk"):
        assert session_label(place="Кривий Ріг", first=NOV_27, last=NOV_29) == "Кривий Ріг · 27–29 листопада 2026"
    with translation.override("en"):
        assert session_label(place="Kryvyi Rih", first=NOV_27, last=NOV_29) == "Kryvyi Rih · 27–29 November 2026"


def test_session_label_without_place_or_dates():
    with translation.override("en"):
        assert session_label(place="", first=NOV_27, last=NOV_29) == "27–29 November 2026"
        assert session_label(place="Lviv", first=None, last=None) == "Lviv · Dates to be announced"


class _Certificate:  # anything with a city and its own first and last day
    city, first_day, last_day = "Одеса", NOV_30, DEC_2


def test_the_filter_reads_a_certificate_snapshot():
    with translation.override("uk"):
        template = Template("{% load session_labels %}{{ item|session_label }}")
        rendered = template.render(Context({"item": _Certificate()}))
    assert rendered == "Одеса · 30 листопада – 2 грудня 2026"
