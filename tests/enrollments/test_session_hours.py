"""A session's hours (enrollments/session_hours.py): stated once, on the session or else its course, and written one
way in each language (content/hours.py): the certificate, the course page and the session page all read them."""

from decimal import Decimal

import pytest
from django.utils import translation

from content.hours import hours_label
from courses.models import CoursePage
from enrollments.models import TrainingSession
from enrollments.session_hours import training_hours


@pytest.mark.parametrize(("course_hours", "session_hours", "expected"), [
    pytest.param("18", None, Decimal("18"), id="the-course-duration"),
    pytest.param("18", "16", Decimal("16"), id="the-sessions-own"),
    pytest.param("18", "0.5", Decimal("0.5"), id="half-an-hour"),
])
def test_training_hours(course_hours, session_hours, expected):
    session = TrainingSession(course=CoursePage(duration_hours=Decimal(course_hours)),
                              hours=session_hours and Decimal(session_hours))
    assert training_hours(session) == expected


@pytest.mark.parametrize(("language", "hours", "printed"), [
    ("en", "1", "1 hour"),
    ("en", "18.0", "18 hours"),
    ("en", "7.5", "7.5 hours"),
    ("uk", "7.5", "7,5"),  # a Ukrainian decimal comma
])
def test_hours_wording(language, hours, printed):
    with translation.override(language):
        assert printed in hours_label(Decimal(hours))
