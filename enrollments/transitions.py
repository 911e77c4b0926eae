"""A place on a session: requested (pending), enrolled, on the waiting list or cancelled, and the moves between
them.

Pure: which move changes which status into which, so the services and the pages that offer a move all ask
the same question. A move that changes nothing gives None, whether it was made already (cancelling twice) or
does not apply (approving someone enrolled): the services then return the row as it is.

Where a request, an approval or an import leads (a seat, the waiting list, or a request when a coordinator
must approve) is the seat rule's answer, `enrollments.capacity`: those moves take it as `placement`. Whether
a seat is free for a move that needs one is the services' check, under the session lock.
"""

from __future__ import annotations

from enum import StrEnum

from enrollments.models import EnrollmentStatus as Status


class Move(StrEnum):
    REQUEST = "request"  # the person asks for a place (`enroll`): a seat, a request or the waiting list
    APPROVE = "approve"  # a coordinator accepts a request: a seat, or the waiting list when full
    DECLINE = "decline"  # a coordinator refuses a request
    CANCEL = "cancel"  # a place, a request or a waiting-list spot is given up
    WAITLIST = "waitlist"  # a coordinator moves someone to the end of the waiting list
    ENROLL = "enroll"  # a coordinator gives someone a seat, while one is free
    PROMOTE = "promote"  # a freed seat goes to the person waiting longest
    RETURN_TO_REQUEST = "return_to_request"  # a seat given by mistake becomes a request again
    ACCEPT = "accept"  # an open call's acceptance gives a seat, while one is free
    WALK_IN = "walk_in"  # someone who turned up in the room gets a seat, even over capacity
    IMPORT = "import"  # a participant list puts someone on: a seat, or the waiting list


EVERY_STATUS = frozenset(Status)

# Where each move may lead, and from which statuses it changes anything (None: no place on the session yet).
TARGETS: dict[Move, frozenset[Status]] = {
    Move.REQUEST: frozenset({Status.PENDING, Status.ENROLLED, Status.WAITLISTED}),
    Move.APPROVE: frozenset({Status.ENROLLED, Status.WAITLISTED}),
    Move.DECLINE: frozenset({Status.CANCELLED}),
    Move.CANCEL: frozenset({Status.CANCELLED}),
    Move.WAITLIST: frozenset({Status.WAITLISTED}),
    Move.ENROLL: frozenset({Status.ENROLLED}),
    Move.PROMOTE: frozenset({Status.ENROLLED}),
    Move.RETURN_TO_REQUEST: frozenset({Status.PENDING}),
    Move.ACCEPT: frozenset({Status.ENROLLED}),
    Move.WALK_IN: frozenset({Status.ENROLLED}),
    Move.IMPORT: frozenset({Status.ENROLLED, Status.WAITLISTED}),
}
FROM: dict[Move, frozenset[Status | None]] = {
    Move.REQUEST: frozenset({None, Status.CANCELLED}),  # anyone else is on the session already
    Move.APPROVE: frozenset({Status.PENDING}),
    Move.DECLINE: frozenset({Status.PENDING}),
    Move.CANCEL: Status.active(),
    # A coordinator's two moves apply to anyone not there yet: the roster offers fewer
    # (`forms.RosterActionForm.ALLOWED`).
    Move.WAITLIST: EVERY_STATUS - {Status.WAITLISTED},
    Move.ENROLL: EVERY_STATUS - {Status.ENROLLED},
    Move.PROMOTE: frozenset({Status.WAITLISTED}),
    Move.RETURN_TO_REQUEST: frozenset({Status.ENROLLED}),
    Move.ACCEPT: frozenset({None}) | (EVERY_STATUS - Status.holding_seat()),  # a held seat stays as it is
    Move.WALK_IN: frozenset({None}) | (EVERY_STATUS - Status.holding_seat()),
    Move.IMPORT: frozenset({None, Status.CANCELLED}),  # an import leaves everyone on the session as they are
}


def _status(status: str | None) -> Status | None:
    return Status(status) if status else None


def allows(*, status: str | None, move: str) -> bool:
    """Whether `move` changes a place that is `status` now ("" or None: the person has none on the session)."""
    return _status(status) in FROM[Move(move)]


def apply_move(*, status: str | None, move: str, placement: str | None = None) -> Status | None:
    """The status after `move` from `status` ("" or None: no place yet), or None when the move changes nothing.

    REQUEST, APPROVE and IMPORT lead where `placement` says (the seat rule's answer); a placement the move
    cannot lead to, or none, is a ValueError, as is an unknown status or move.
    """
    move = Move(move)
    if not allows(status=status, move=move):
        return None
    targets = TARGETS[move]
    if placement is None and len(targets) == 1:
        [target] = targets
        return target
    if placement not in targets:
        raise ValueError(f"{move} leads to one of {sorted(targets)}, not to {placement!r}")
    return Status(placement)


def frees_seat(*, was: str | None, to: str) -> bool:
    """Whether a change gives up a seat counted against capacity (only an enrolled place is counted), which then
    goes to the person waiting longest."""
    return was == Status.ENROLLED and to != Status.ENROLLED
