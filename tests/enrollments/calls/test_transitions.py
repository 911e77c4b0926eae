"""An application's allowed moves (enrollments/calls/transitions.py)."""

import pytest

from enrollments.calls.transitions import Seen, apply_move, compare_seen

TWO_STAGES = 2


@pytest.mark.parametrize(("status", "stage", "move", "expected"), [
    ("draft", 0, "submit", ("submitted", 0)),
    ("submitted", 0, "next_stage", ("submitted", 1)),
    ("submitted", 0, "shortlist", ("shortlisted", 0)),
    ("shortlisted", 0, "next_stage", ("submitted", 1)),
    ("submitted", 1, "accept", ("accepted", 1)),
    ("shortlisted", 1, "reject", ("rejected", 1)),
    ("submitted", 0, "withdraw", ("withdrawn", 0)),
    ("draft", 0, "withdraw", ("withdrawn", 0)),
    ("rejected", 1, "reopen", ("submitted", 1)),
])
def test_allowed_moves(status, stage, move, expected):
    assert apply_move(status=status, stage=stage, stages=TWO_STAGES, move=move) == expected


@pytest.mark.parametrize(("status", "stage", "move"), [
    ("draft", 0, "accept"),  # nobody decides on a draft
    ("submitted", 1, "next_stage"),  # there is no third stage
    ("accepted", 1, "reject"),  # reopen first
    ("withdrawn", 0, "submit"),
    ("submitted", 0, "submit"),
    ("shortlisted", 0, "shortlist"),
])
def test_refused_moves(status, stage, move):
    with pytest.raises(ValueError, match="not possible"):
        apply_move(status=status, stage=stage, stages=TWO_STAGES, move=move)


@pytest.mark.parametrize(("seen", "now", "move", "expected"), [
    (None, ("submitted", 0), "accept", Seen.CURRENT),  # a caller that read the application itself
    (("submitted", 0), ("submitted", 0), "accept", Seen.CURRENT),
    (("submitted", 0), ("accepted", 0), "accept", Seen.REPEAT),  # the first tap accepted it
    (("submitted", 0), ("submitted", 1), "next_stage", Seen.REPEAT),  # not a second step on: the call has two
    (("submitted", 0), ("rejected", 0), "accept", Seen.STALE),  # someone else rejected it meanwhile
    (("submitted", 0), ("submitted", 1), "accept", Seen.STALE),  # moved on to the interview meanwhile
    (("accepted", 0), ("submitted", 0), "accept", Seen.STALE),  # accepting an accepted one: not a move at all
])
def test_a_decision_is_compared_with_the_state_it_was_taken_on(seen, now, move, expected):
    assert compare_seen(seen=seen, status=now[0], stage=now[1], stages=TWO_STAGES, move=move) == expected
