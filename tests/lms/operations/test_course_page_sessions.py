"""The course page's upcoming sessions read of their course only what the page shows (issue 17: joined whole, the
course brought every column of a Wagtail page in each language to each request)."""

from decimal import Decimal

import pytest

from enrollments.selectors import upcoming_sessions
from enrollments.session_hours import training_hours
from tests.courses.factories import build_tree
from tests.enrollments.factories import fill, schedule


@pytest.mark.django_db
def test_upcoming_sessions_read_only_the_hours_of_their_course(django_assert_num_queries):
    tree = build_tree()
    tree.course.duration_hours = Decimal("12.5")
    tree.course.save_revision().publish()
    for start_in in (7, 14):
        fill(schedule(course=tree.course, start_in=start_in, days=2), 2)

    sessions = upcoming_sessions(course=tree.course)

    assert len(sessions) == 2
    assert {"title", "url_path", "summary"} <= sessions[0].course.get_deferred_fields()
    with django_assert_num_queries(0):  # what a session card shows comes with the one query
        shown = [(session.title, session.city, session.seats_left, session.first_day, training_hours(session),
                  [day.date for day in session.days.all()]) for session in sessions]
    assert [hours for _, _, _, _, hours, _ in shown] == [Decimal("12.5"), Decimal("12.5")]
    assert [seats for _, _, seats, _, _, _ in shown] == [28, 28]
