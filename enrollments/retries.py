"""When background work that failed is tried again: the first try, then five more after growing pauses.

A mail server that is down for a few minutes, or a few hours, costs nothing but time: the tries after 1 min,
5 min, 30 min, 2 h and 6 h (the last one about eight and a half hours after the first) cover both. Whatever
still fails then waits for a coordinator (Reports → Failed emails and tasks in the admin).
"""

from __future__ import annotations

from datetime import datetime, timedelta

# The pause before each further try; after the last one the work is given up.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
MAX_TRIES = 1 + len(RETRY_DELAYS)


def next_try_at(*, tries: int, failed_at: datetime) -> datetime | None:
    """When to try again after the `tries`-th try failed at `failed_at`; None once every try is spent."""
    if tries < 1:
        raise ValueError(f"tries must be at least 1, not {tries}")
    if tries > len(RETRY_DELAYS):
        return None
    return failed_at + RETRY_DELAYS[tries - 1]


# A try still "running" this long after it started has lost its worker (the process was killed, the machine went
# down): far longer than any email or issuing run takes, so it is counted as a failed try and tried again.
STUCK_AFTER = timedelta(hours=1)


def is_stuck(*, started_at: datetime | None, now: datetime) -> bool:
    """Whether a try that started at `started_at` and has not ended by `now` has lost its worker."""
    return started_at is not None and now - started_at >= STUCK_AFTER
