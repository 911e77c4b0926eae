"""Rubric arithmetic (enrollments/calls/rubric.py)."""

from decimal import Decimal

import pytest

from enrollments.calls.rubric import Criterion, aggregate, check_marks, review_total

RUBRIC = [
    Criterion(key="motivation", weight=Decimal(2), scale_max=5),
    Criterion(key="experience", weight=Decimal(1), scale_max=10),
]


@pytest.mark.parametrize(("marks", "total"), [
    ({"motivation": 5, "experience": 10}, Decimal("100.0")),
    ({"motivation": 0, "experience": 0}, Decimal("0.0")),
    ({"motivation": 5, "experience": 0}, Decimal("66.7")),  # weight 2 of 3
    ({"motivation": 3, "experience": 5}, Decimal("56.7")),  # (2·0.6 + 1·0.5) / 3
])
def test_a_review_is_a_weighted_per_cent(marks, total):
    assert review_total(criteria=RUBRIC, marks=marks) == total


def test_an_incomplete_review_has_no_total():
    assert review_total(criteria=RUBRIC, marks={"motivation": 5}) is None


@pytest.mark.parametrize(("marks", "problems"), [
    ({"motivation": 5, "experience": 10}, []),
    ({"motivation": 6, "experience": 10}, ["motivation"]),
    ({"motivation": -1, "experience": 10}, ["motivation"]),
    ({"motivation": 5}, ["experience"]),
    ({"motivation": 5, "experience": 1, "charm": 3}, ["charm"]),
    ({"motivation": True, "experience": 1}, ["motivation"]),
    ({"motivation": "5", "experience": 1}, ["motivation"]),
])
def test_marks_must_fit_the_scale(marks, problems):
    assert check_marks(criteria=RUBRIC, marks=marks) == problems


def test_totals_side_by_side():
    result = aggregate([Decimal("60.0"), Decimal("80.0"), Decimal("75.0")])
    assert (result.reviews, result.mean, result.lowest, result.highest) == (
        3, Decimal("71.7"), Decimal("60.0"), Decimal("80.0"))
    assert aggregate([]).mean is None
