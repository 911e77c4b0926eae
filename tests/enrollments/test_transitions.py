"""The enrollment state machine: which move changes which status into which (pure, no database)."""

from itertools import product

import pytest

from enrollments.forms import RosterActionForm
from enrollments.models import EnrollmentStatus
from enrollments.transitions import Move, allows, apply_move, frees_seat

P, E, W, C = (EnrollmentStatus.PENDING, EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED,
              EnrollmentStatus.CANCELLED)
NONE = None  # no place on the session yet
STATUSES = (NONE, P, E, W, C)
PLACED = "placed by the seat rule"

# Every move from every status: what it leads to; a status left out is a move that changes nothing.
TABLE = {
    Move.REQUEST: {NONE: PLACED, C: PLACED},
    Move.APPROVE: {P: PLACED},
    Move.DECLINE: {P: C},
    Move.CANCEL: {P: C, E: C, W: C},
    Move.WAITLIST: {P: W, E: W, C: W},
    Move.ENROLL: {P: E, W: E, C: E},
    Move.PROMOTE: {W: E},
    Move.RETURN_TO_REQUEST: {E: P},
    Move.ACCEPT: {NONE: E, P: E, W: E, C: E},
    Move.WALK_IN: {NONE: E, P: E, W: E, C: E},
    Move.IMPORT: {NONE: PLACED, C: PLACED},
}
PLACEMENTS = {Move.REQUEST: (P, E, W), Move.APPROVE: (E, W), Move.IMPORT: (E, W)}


def outcomes(status, move) -> list[tuple[str | None, EnrollmentStatus | None]]:
    """(placement, status after) for each way the move can go from `status`."""
    if move in PLACEMENTS and allows(status=status, move=move):
        return [(placed, apply_move(status=status, move=move, placement=placed)) for placed in PLACEMENTS[move]]
    return [(None, apply_move(status=status, move=move))]


def test_the_table_has_every_move():
    assert set(TABLE) == set(Move)


@pytest.mark.parametrize(("status", "move"), list(product(STATUSES, Move)))
def test_every_status_and_move(status, move):
    expected = TABLE[move].get(status)

    assert allows(status=status, move=move) is (expected is not None)
    if expected == PLACED:
        for placed in PLACEMENTS[move]:
            assert apply_move(status=status, move=move, placement=placed) == placed
    else:
        assert apply_move(status=status, move=move) == expected


@pytest.mark.parametrize(("status", "move"), list(product(STATUSES, Move)))
def test_a_move_changes_the_status_or_nothing_and_repeating_it_changes_nothing(status, move):
    for placed, after in outcomes(status, move):
        if after is None:
            continue
        assert after != status
        assert apply_move(status=after, move=move, placement=placed) is None  # e.g. cancelling twice


@pytest.mark.parametrize(("move", "status", "placement"), [
    (Move.REQUEST, NONE, C), (Move.REQUEST, C, C), (Move.APPROVE, P, P), (Move.APPROVE, P, C),
    (Move.IMPORT, NONE, P), (Move.REQUEST, NONE, None), (Move.APPROVE, P, None), (Move.IMPORT, C, None),
    (Move.CANCEL, E, W),
])
def test_a_placement_the_move_cannot_lead_to_is_refused(move, status, placement):
    with pytest.raises(ValueError, match="leads to one of"):
        apply_move(status=status, move=move, placement=placement)


def test_a_placement_is_not_asked_for_when_the_move_changes_nothing():
    assert apply_move(status=E, move=Move.APPROVE) is None
    assert apply_move(status=W, move=Move.IMPORT, placement=E) is None


@pytest.mark.parametrize(("status", "move"), [("unknown", Move.CANCEL), (E, "teleport")])
def test_unknown_statuses_and_moves_are_errors(status, move):
    with pytest.raises(ValueError):
        allows(status=status, move=move)


@pytest.mark.parametrize("move", list(Move))
def test_an_empty_status_is_no_place(move):
    assert allows(status="", move=move) is allows(status=None, move=move)


def test_from_no_place_only_a_request_an_acceptance_a_walk_in_or_an_import_starts_one():
    assert {move for move in Move if allows(status=None, move=move)} == {
        Move.REQUEST, Move.ACCEPT, Move.WALK_IN, Move.IMPORT}


def test_only_cancelling_and_declining_cancel():
    cancelling = {move for status, move in product(STATUSES, Move)
                  if any(after == C for _placed, after in outcomes(status, move))}
    assert cancelling == {Move.CANCEL, Move.DECLINE}


def test_what_may_be_cancelled_is_what_is_still_active():
    assert {status for status in STATUSES if allows(status=status, move=Move.CANCEL)} == EnrollmentStatus.active()


@pytest.mark.parametrize("move", [Move.ACCEPT, Move.WALK_IN])
def test_a_seat_held_already_is_kept_by_an_acceptance_or_a_walk_in(move):
    assert {status for status in STATUSES if status and not allows(status=status, move=move)} == (
        EnrollmentStatus.holding_seat())


@pytest.mark.parametrize(("was", "to"), list(product(STATUSES, [P, E, W, C])))
def test_only_leaving_an_enrolled_place_frees_a_seat(was, to):
    assert frees_seat(was=was, to=to) is (was == E and to != E)


ROSTER_MOVES = {RosterActionForm.APPROVE: Move.APPROVE, RosterActionForm.DECLINE: Move.DECLINE,
                RosterActionForm.ENROLL: Move.ENROLL, RosterActionForm.WAITLIST: Move.WAITLIST,
                RosterActionForm.CANCEL: Move.CANCEL}


@pytest.mark.parametrize("status", list(EnrollmentStatus))
def test_the_roster_offers_only_moves_that_change_something(status):
    for action in RosterActionForm.ALLOWED[status]:
        assert allows(status=status, move=ROSTER_MOVES[action]), (status, action)
