"""When failed background work is tried again (enrollments/retries.py): at once, then after 1 min, 5 min, 30 min,
2 h and 6 h; after the sixth try, never."""

from datetime import UTC, datetime, timedelta

import pytest

from enrollments import retries
from enrollments.retries import MAX_TRIES, RETRY_DELAYS, next_try_at

FAILED_AT = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("tries", "pause"), [
    (1, timedelta(minutes=1)),
    (2, timedelta(minutes=5)),
    (3, timedelta(minutes=30)),
    (4, timedelta(hours=2)),
    (5, timedelta(hours=6)),
])
def test_each_failed_try_waits_longer_for_the_next(tries, pause):
    assert next_try_at(tries=tries, failed_at=FAILED_AT) == FAILED_AT + pause


@pytest.mark.parametrize("tries", [MAX_TRIES, MAX_TRIES + 1, 40])
def test_after_the_sixth_try_it_is_given_up(tries):
    assert MAX_TRIES == 6
    assert next_try_at(tries=tries, failed_at=FAILED_AT) is None


def test_the_tries_span_a_working_day():
    assert sum(RETRY_DELAYS, timedelta()) == timedelta(hours=8, minutes=36)


def test_a_try_is_counted_before_it_is_judged():
    with pytest.raises(ValueError, match="at least 1"):
        next_try_at(tries=0, failed_at=FAILED_AT)


def test_a_try_has_lost_its_worker_only_an_hour_after_it_started():
    started = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert not retries.is_stuck(started_at=started, now=started + timedelta(minutes=59))
    assert retries.is_stuck(started_at=started, now=started + timedelta(hours=1))
    assert not retries.is_stuck(started_at=None, now=started)  # never tried: waiting, not stuck
