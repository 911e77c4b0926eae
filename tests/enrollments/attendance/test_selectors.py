"""The reads of enrollments/attendance/selectors.py: the rows of a day's roster."""

import pytest

from enrollments.attendance import selectors
from tests.enrollments.factories import EnrollmentFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_roster_rows_fall_back_to_the_email_without_a_profile(taught_session, day):
    enrollment = EnrollmentFactory(session=taught_session, user=UserFactory(email="noprofile@example.org"))

    [row] = selectors.roster_for_day(day=day)

    assert (row.enrollment, row.name, row.profession, row.organisation, row.status) == (
        enrollment, "noprofile@example.org", "", "", "")
