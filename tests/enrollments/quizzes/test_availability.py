"""Session windows of pre- and post-tests, attempt limits and time limits, as pure rules."""

from datetime import UTC, datetime, timedelta

import pytest

from enrollments.quizzes.availability import (
    POST_TEST_OPEN_FOR,
    SUBMIT_GRACE,
    Refusal,
    deadline_for,
    is_past_deadline,
    session_window,
    start_refusal,
)

DAY1_ENDS = datetime(2026, 5, 12, 14, 0, tzinfo=UTC)
DAY3_STARTS = datetime(2026, 5, 14, 6, 30, tzinfo=UTC)
DAY3_ENDS = datetime(2026, 5, 14, 14, 0, tzinfo=UTC)


def window(kind):
    return session_window(kind=kind, first_day_ends=DAY1_ENDS, last_day_starts=DAY3_STARTS, last_day_ends=DAY3_ENDS)


@pytest.mark.parametrize(("now", "refusal"), [
    (DAY1_ENDS - timedelta(days=30), None),  # as soon as they hold a place
    (DAY1_ENDS - timedelta(minutes=1), None),  # in the room on the first morning
    (DAY1_ENDS, Refusal.CLOSED),
    (DAY3_STARTS, Refusal.CLOSED),
])
def test_pre_test_is_open_until_the_end_of_day_one(now, refusal):
    assert window("pre_test").refusal(now) == refusal


@pytest.mark.parametrize(("now", "refusal"), [
    (DAY1_ENDS, Refusal.NOT_OPEN_YET),
    (DAY3_STARTS - timedelta(minutes=1), Refusal.NOT_OPEN_YET),
    (DAY3_STARTS, None),
    (DAY3_ENDS + POST_TEST_OPEN_FOR - timedelta(minutes=1), None),
    (DAY3_ENDS + POST_TEST_OPEN_FOR, Refusal.CLOSED),
])
def test_post_test_opens_on_the_last_day_for_two_weeks(now, refusal):
    assert window("post_test").refusal(now) == refusal


def test_graded_quizzes_have_no_session_window():
    with pytest.raises(ValueError, match="not tied to a session"):
        window("graded")


@pytest.mark.parametrize(("limit", "used", "refusal"), [
    (0, 50, None), (1, 0, None), (1, 1, Refusal.NO_ATTEMPTS_LEFT), (3, 2, None), (3, 3, Refusal.NO_ATTEMPTS_LEFT),
])
def test_attempt_limit(limit, used, refusal):
    assert start_refusal(max_attempts=limit, attempts_used=used, window=None, now=DAY1_ENDS) == refusal


def test_a_closed_window_is_reported_before_the_attempt_limit():
    assert start_refusal(max_attempts=1, attempts_used=1, window=window("pre_test"),
                         now=DAY3_ENDS) == Refusal.CLOSED


def test_time_limit_deadline_and_grace():
    started = DAY1_ENDS
    deadline = deadline_for(started_at=started, time_limit_minutes=15)
    assert deadline == started + timedelta(minutes=15)
    assert deadline_for(started_at=started, time_limit_minutes=None) is None
    assert not is_past_deadline(deadline=deadline, now=deadline + SUBMIT_GRACE)
    assert is_past_deadline(deadline=deadline, now=deadline + SUBMIT_GRACE + timedelta(seconds=1))
    assert not is_past_deadline(deadline=None, now=started + timedelta(days=365))
