"""What a participant sees of a submitted attempt, by the quiz's review setting."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Visibility:
    marks: bool  # which answers were right or wrong, and the points each earned
    feedback: bool  # the author's feedback on answers and questions
    solutions: bool  # the correct answers themselves


def review_visibility(*, policy: str, kind: str) -> Visibility:
    """Self-assessments show the person their own answers and band; nothing is right or wrong there."""
    if kind == "self_assessment" or policy == "score":
        return Visibility(marks=False, feedback=False, solutions=False)
    if policy == "feedback":
        return Visibility(marks=True, feedback=True, solutions=False)
    return Visibility(marks=True, feedback=True, solutions=True)
