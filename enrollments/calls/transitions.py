"""An application's path: draft → submitted → (next stages, shortlisted) → accepted or rejected.

Pure: which moves are allowed, so services, views and bulk actions all ask the same question.
"""

from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SHORTLISTED = "shortlisted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Move(StrEnum):
    SUBMIT = "submit"
    NEXT_STAGE = "next_stage"
    SHORTLIST = "shortlist"
    ACCEPT = "accept"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    REOPEN = "reopen"  # a decision taken by mistake goes back to review


FINAL = frozenset({Status.ACCEPTED, Status.REJECTED, Status.WITHDRAWN})
IN_REVIEW = frozenset({Status.SUBMITTED, Status.SHORTLISTED})
WITHDRAWABLE = frozenset({Status.DRAFT, *IN_REVIEW})


def apply_move(*, status: str, stage: int, stages: int, move: str) -> tuple[Status, int]:
    """The (status, stage index) after `move`, or ValueError when the move is not allowed.

    Stages are numbered from 0; `stages` is how many the call has (at least one).
    """
    status, move = Status(status), Move(move)
    if move == Move.SUBMIT and status == Status.DRAFT:
        return Status.SUBMITTED, stage
    if move == Move.WITHDRAW and status in WITHDRAWABLE:
        return Status.WITHDRAWN, stage
    if status in IN_REVIEW:
        if move == Move.NEXT_STAGE and stage + 1 < stages:
            return Status.SUBMITTED, stage + 1
        if move == Move.SHORTLIST and status == Status.SUBMITTED:
            return Status.SHORTLISTED, stage
        if move in (Move.ACCEPT, Move.REJECT):
            return (Status.ACCEPTED if move == Move.ACCEPT else Status.REJECTED), stage
    if move == Move.REOPEN and status in (Status.ACCEPTED, Status.REJECTED):
        return Status.SUBMITTED, stage
    raise ValueError(f"{move} is not possible from {status} at stage {stage + 1} of {stages}")


class Seen(StrEnum):
    """How the state a decision was taken on (what the coordinator's page showed) compares with the state now."""

    CURRENT = "current"  # nothing happened since: take the decision
    REPEAT = "repeat"  # the same decision was just taken on that state (a double tap, a second tab): done already
    STALE = "stale"  # something else happened since: the decision was taken on old information


def compare_seen(*, seen: tuple[str, int] | None, status: str, stage: int, stages: int, move: str) -> Seen:
    """Whether `move`, decided on the (status, stage) `seen`, is still to be taken on the application now.

    `seen` None (a caller that read the application itself, e.g. the demo) is always current.
    """
    if seen is None or tuple(seen) == (status, stage):
        return Seen.CURRENT
    try:
        after = apply_move(status=seen[0], stage=seen[1], stages=stages, move=move)
    except ValueError:
        return Seen.STALE
    return Seen.REPEAT if after == (status, stage) else Seen.STALE
