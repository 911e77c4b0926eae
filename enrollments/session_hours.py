"""A session's hours: one fact, written one way, wherever it is shown (the course page's session cards, the session
page, the certificate and its verification page).

A session gives the hours its coordinator states, or else its course's duration: the hours of training without
breaks. The days' clock times are not counted, as they hold lunch and coffee (9:30–17:00 for three days is 22,5 hours
on the clock and 18 hours of training)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from enrollments.models import TrainingSession


def training_hours(session: TrainingSession) -> Decimal:
    """The session's own hours where stated, else its course's duration (the course is read once per session:
    select it with the session where sessions are listed)."""
    return session.hours if session.hours is not None else session.course.duration_hours

