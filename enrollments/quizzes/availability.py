"""When a quiz can be started: the session windows of pre- and post-tests, attempt and time limits.

A pre-test measures what people knew before the training, so it is open from the moment they hold
a place until the end of the first day (many take it in the room that morning). A post-test
measures what they took away: it opens at the start of the last day, when trainers run it in the
closing hours, and stays open for two weeks for those who could not finish it on the day.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

POST_TEST_OPEN_FOR = timedelta(days=14)
# Time-limited attempts accept answers this long after the deadline: a submit sent at 59:59 over a
# slow mobile connection still counts.
SUBMIT_GRACE = timedelta(seconds=30)


class Refusal:
    NEEDS_SESSION = "needs_session"
    NOT_OPEN_YET = "not_open_yet"
    CLOSED = "closed"
    NO_ATTEMPTS_LEFT = "no_attempts_left"


@dataclass(frozen=True)
class Window:
    opens_at: datetime | None
    closes_at: datetime | None

    def refusal(self, now: datetime) -> str | None:
        if self.opens_at is not None and now < self.opens_at:
            return Refusal.NOT_OPEN_YET
        if self.closes_at is not None and now >= self.closes_at:
            return Refusal.CLOSED
        return None


def session_window(*, kind: str, first_day_ends: datetime, last_day_starts: datetime,
                   last_day_ends: datetime) -> Window:
    """The window of a pre- or post-test for one session, from its first and last days."""
    if kind == "pre_test":
        return Window(opens_at=None, closes_at=first_day_ends)
    if kind == "post_test":
        return Window(opens_at=last_day_starts, closes_at=last_day_ends + POST_TEST_OPEN_FOR)
    raise ValueError(f"{kind!r} quizzes are not tied to a session")


def start_refusal(*, max_attempts: int, attempts_used: int, window: Window | None, now: datetime) -> str | None:
    """Why a new attempt cannot start now, or None when it can. `max_attempts` 0 means no limit."""
    if window is not None and (reason := window.refusal(now)):
        return reason
    if max_attempts and attempts_used >= max_attempts:
        return Refusal.NO_ATTEMPTS_LEFT
    return None


def deadline_for(*, started_at: datetime, time_limit_minutes: int | None) -> datetime | None:
    return started_at + timedelta(minutes=time_limit_minutes) if time_limit_minutes else None


def is_past_deadline(*, deadline: datetime | None, now: datetime) -> bool:
    """True once answers can no longer be accepted (the deadline plus the grace period)."""
    return deadline is not None and now > deadline + SUBMIT_GRACE
