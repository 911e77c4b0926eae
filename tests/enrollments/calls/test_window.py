"""A call's window in Kyiv time, across daylight-saving changes (enrollments/calls/window.py)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from enrollments.calls.window import CallState, Window, kyiv_moment

# Ukraine moves its clocks on the last Sunday of March (03:00 → 04:00) and of October (04:00 → 03:00).
SPRING_FORWARD = date(2026, 3, 29)
FALL_BACK = date(2026, 10, 25)


@pytest.mark.parametrize(("day", "utc_hour"), [
    (date(2026, 3, 28), 21),  # 23:59 EET (UTC+2), the day before the change
    (SPRING_FORWARD, 20),  # 23:59 EEST (UTC+3), the evening of the change
    (date(2026, 10, 24), 20),  # still summer time
    (FALL_BACK, 21),  # back to winter time
], ids=["winter-eve", "spring-forward-day", "summer-eve", "fall-back-day"])
def test_a_kyiv_deadline_is_the_right_utc_moment(day, utc_hour):
    deadline = kyiv_moment(day, time(23, 59))
    assert deadline.astimezone(UTC) == datetime(day.year, day.month, day.day, utc_hour, 59, tzinfo=UTC)


@pytest.mark.parametrize("day", [SPRING_FORWARD, FALL_BACK, date(2026, 1, 15)], ids=["spring", "autumn", "winter"])
def test_the_deadline_minute_still_counts_and_the_next_does_not(day):
    window = Window(opens_at=None, deadline=kyiv_moment(day, time(23, 59)))
    assert window.state(window.deadline) == CallState.OPEN
    assert window.state(window.deadline - timedelta(hours=3)) == CallState.OPEN
    assert window.state(window.deadline + timedelta(seconds=1)) == CallState.CLOSED


def test_across_the_spring_change_a_day_has_23_hours():
    # In UTC, as the database keeps them (Python subtracts two Kyiv times by the wall clock).
    opens = kyiv_moment(date(2026, 3, 29), time(0, 0)).astimezone(UTC)
    deadline = kyiv_moment(date(2026, 3, 30), time(0, 0)).astimezone(UTC)
    assert deadline - opens == timedelta(hours=23)
    window = Window(opens_at=opens, deadline=deadline)
    assert window.state(opens + timedelta(hours=23)) == CallState.OPEN
    assert window.state(opens + timedelta(hours=23, seconds=1)) == CallState.CLOSED


def test_before_opening_the_call_is_upcoming():
    opens = kyiv_moment(date(2026, 3, 1), time(9, 0))
    window = Window(opens_at=opens, deadline=kyiv_moment(date(2026, 3, 31), time(23, 59)))
    assert window.state(opens - timedelta(seconds=1)) == CallState.UPCOMING
    assert window.state(opens) == CallState.OPEN
