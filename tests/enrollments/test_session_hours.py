"""A session's hours (enrollments/session_hours.py): counted from its days, written one way in each language.

Moved here from the certificates' tests when the rule moved: the certificate, the course page and the session page
now all read it."""

from datetime import time
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from enrollments.models import SessionDay
from enrollments.session_hours import hours_label, scheduled_hours


def _day(starts: time, ends: time) -> SessionDay:
    return SessionDay(date=timezone.localdate(), starts_at=starts, ends_at=ends)


@pytest.mark.parametrize(("days", "hours"), [
    pytest.param([], Decimal("0.0"), id="no-days"),
    pytest.param([(time(9, 30), time(17))], Decimal("7.5"), id="one-day"),
    pytest.param([(time(9, 30), time(17))] * 3, Decimal("22.5"), id="three-days"),
    pytest.param([(time(10), time(13, 20))], Decimal("3.3"), id="a-third-rounds-to-a-tenth"),
    pytest.param([(time(10), time(13, 40)), (time(9), time(9, 20))], Decimal("4.0"), id="minutes-summed-first"),
])
def test_scheduled_hours(days, hours):
    assert scheduled_hours([_day(*times) for times in days]) == hours


@pytest.mark.parametrize(("language", "hours", "printed"), [
    ("en", "1", "1 hour"),
    ("en", "18.0", "18 hours"),
    ("en", "7.5", "7.5 hours"),
    ("uk", "7.5", "7,5"),  # a Ukrainian decimal comma
])
def test_hours_wording(language, hours, printed):
    with translation.override(language):
        assert printed in hours_label(Decimal(hours))
