"""Scoring applications on a call's rubric: criteria with weights and scales.

Pure. A review gives each criterion a mark from 0 to its scale's maximum. A review's total is the
weighted share of the maximum, in per cent, so rubrics with different scales compare; the
application's score is the mean of its reviewers' totals (only complete, submitted reviews count).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TENTH = Decimal("0.1")


def rounded(value: Decimal) -> Decimal:
    """One decimal, halves up: how every total, mean and average is kept and shown."""
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Criterion:
    key: str
    weight: Decimal
    scale_max: int


def review_total(*, criteria: list[Criterion], marks: dict[str, int]) -> Decimal | None:
    """Weighted per cent (0–100, one decimal) of one review; None while a criterion is unmarked."""
    if not criteria or any(criterion.key not in marks for criterion in criteria):
        return None
    weights = sum(criterion.weight for criterion in criteria)
    if not weights:
        return None
    earned = sum(criterion.weight * Decimal(marks[criterion.key]) / criterion.scale_max for criterion in criteria)
    return rounded(earned / weights * 100)


def check_marks(*, criteria: list[Criterion], marks: dict[str, int]) -> list[str]:
    """The criterion keys whose marks are missing, unknown or out of their scale."""
    known = {criterion.key: criterion for criterion in criteria}
    problems = [key for key in marks if key not in known]
    for criterion in criteria:
        mark = marks.get(criterion.key)
        if not isinstance(mark, int) or isinstance(mark, bool) or not 0 <= mark <= criterion.scale_max:
            problems.append(criterion.key)
    return problems


@dataclass(frozen=True)
class Aggregate:
    reviews: int
    mean: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None


def aggregate(totals: list[Decimal]) -> Aggregate:
    """Mean, lowest and highest of the reviewers' totals, side by side."""
    if not totals:
        return Aggregate(reviews=0, mean=None, lowest=None, highest=None)
    mean = rounded(sum(totals) / len(totals))
    return Aggregate(reviews=len(totals), mean=mean, lowest=min(totals), highest=max(totals))
