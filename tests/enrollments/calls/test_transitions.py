"""An application's allowed moves (enrollments/calls/transitions.py)."""

import pytest

from enrollments.calls.transitions import apply_move

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
