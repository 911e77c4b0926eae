"""Whether an applicant may change their application now: what the call page offers and what a post may do.

Pure, and asked by both `selectors.apply_box` (which buttons to show) and `services` (what to write), so
the page never offers what the server refuses. The inputs are the call's state (its window at `now`), the
application's status (None before its first save) and whether the call takes changes after submitting.
Eligibility is judged apart (`eligibility.py`): it depends on what the person declares in the same post.
"""

from enum import StrEnum

from enrollments.calls.transitions import Status
from enrollments.calls.window import CallState


class Refusal(StrEnum):
    NOT_OPEN_YET = "upcoming"
    CLOSED = "closed"
    EDITING_NOT_ALLOWED = "editing_not_allowed"  # the call takes no changes after submitting
    ALREADY_SENT = "already_sent"  # a submitted application is changed by sending it again, not as a draft
    FINAL = "final"  # shortlisted, decided or withdrawn


def _window_refusal(state: CallState) -> Refusal | None:
    if state == CallState.UPCOMING:
        return Refusal.NOT_OPEN_YET
    if state == CallState.CLOSED:
        return Refusal.CLOSED
    return None


def draft_refusal(*, state: CallState, status: str | None) -> Refusal | None:
    """Why the answers cannot be kept as a draft now, or None when they can: only an unsent application is one."""
    if status not in (None, Status.DRAFT):
        return Refusal.ALREADY_SENT if status == Status.SUBMITTED else Refusal.FINAL
    return _window_refusal(state)


def submit_refusal(*, state: CallState, status: str | None, editing_allowed: bool) -> Refusal | None:
    """Why the answers cannot be submitted now (or, once submitted, their changes sent), or None when they can."""
    if status not in (None, Status.DRAFT, Status.SUBMITTED):
        return Refusal.FINAL
    if (refusal := _window_refusal(state)) is not None:
        return refusal
    if status == Status.SUBMITTED and not editing_allowed:
        return Refusal.EDITING_NOT_ALLOWED
    return None
