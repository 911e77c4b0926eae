"""What an applicant may change now (enrollments/calls/changes.py): the one rule behind the apply page's buttons
and the services' refusals."""

import pytest

from enrollments.calls.changes import Refusal, draft_refusal, submit_refusal
from enrollments.calls.transitions import Status
from enrollments.calls.window import CallState

OPEN, UPCOMING, CLOSED = CallState.OPEN, CallState.UPCOMING, CallState.CLOSED
DECIDED_OR_OUT = [Status.SHORTLISTED, Status.ACCEPTED, Status.REJECTED, Status.WITHDRAWN]


@pytest.mark.parametrize(("state", "status", "expected"), [
    (OPEN, None, None),
    (OPEN, Status.DRAFT, None),
    (UPCOMING, None, Refusal.NOT_OPEN_YET),
    (CLOSED, Status.DRAFT, Refusal.CLOSED),
    (OPEN, Status.SUBMITTED, Refusal.ALREADY_SENT),  # changes to a sent application are sent, not drafted
    (CLOSED, Status.SUBMITTED, Refusal.ALREADY_SENT),
    *[(OPEN, status, Refusal.FINAL) for status in DECIDED_OR_OUT],
])
def test_a_draft_is_kept_only_before_sending_and_while_the_call_is_open(state, status, expected):
    assert draft_refusal(state=state, status=status) == expected


@pytest.mark.parametrize(("state", "status", "editing_allowed", "expected"), [
    (OPEN, None, False, None),  # submitting at once, without a draft
    (OPEN, Status.DRAFT, False, None),
    (OPEN, Status.SUBMITTED, True, None),  # sending changes, as the call allows
    (OPEN, Status.SUBMITTED, False, Refusal.EDITING_NOT_ALLOWED),
    (UPCOMING, None, True, Refusal.NOT_OPEN_YET),
    (CLOSED, Status.DRAFT, True, Refusal.CLOSED),  # a draft left past the deadline stays unsent
    (CLOSED, Status.SUBMITTED, True, Refusal.CLOSED),  # changes end at the deadline
    *[(OPEN, status, True, Refusal.FINAL) for status in DECIDED_OR_OUT],
    (CLOSED, Status.ACCEPTED, True, Refusal.FINAL),  # the decision is the reason, not the date
])
def test_answers_are_sent_while_open_and_changed_after_sending_only_if_the_call_allows(
        state, status, editing_allowed, expected):
    assert submit_refusal(state=state, status=status, editing_allowed=editing_allowed) == expected
