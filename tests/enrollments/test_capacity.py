"""The placement rule: what a new request for a place becomes, and how many seats are left."""

import pytest

from enrollments.capacity import approval_placement, placement, seats_left
from enrollments.models import EnrollmentStatus

ENROLLED, WAITLISTED, PENDING = EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED, EnrollmentStatus.PENDING


@pytest.mark.parametrize(
    ("capacity", "enrolled", "approval_required", "expected"),
    [
        pytest.param(30, 0, False, ENROLLED, id="empty-session"),
        pytest.param(30, 29, False, ENROLLED, id="last-seat"),
        pytest.param(30, 30, False, WAITLISTED, id="full"),
        pytest.param(30, 31, False, WAITLISTED, id="over-full-after-capacity-lowered"),
        pytest.param(1, 0, False, ENROLLED, id="single-seat-free"),
        pytest.param(0, 0, False, WAITLISTED, id="no-seats-at-all"),
        pytest.param(30, 0, True, PENDING, id="approval-with-free-seats"),
        pytest.param(30, 30, True, PENDING, id="approval-when-full"),
        pytest.param(0, 0, True, PENDING, id="approval-no-seats"),
    ],
)
def test_placement(capacity, enrolled, approval_required, expected):
    assert placement(capacity=capacity, enrolled=enrolled, approval_required=approval_required) == expected


@pytest.mark.parametrize(
    ("capacity", "enrolled", "expected"),
    [
        pytest.param(30, 0, ENROLLED, id="free-seats"),
        pytest.param(30, 29, ENROLLED, id="last-seat"),
        pytest.param(30, 30, WAITLISTED, id="full"),
        pytest.param(30, 35, WAITLISTED, id="over-full"),
        pytest.param(0, 0, WAITLISTED, id="no-seats"),
    ],
)
def test_approval_placement(capacity, enrolled, expected):
    assert approval_placement(capacity=capacity, enrolled=enrolled) == expected


@pytest.mark.parametrize(
    ("capacity", "enrolled", "expected"),
    [(30, 0, 30), (30, 12, 18), (30, 29, 1), (30, 30, 0), (30, 31, 0), (0, 0, 0), (5, 50, 0)],
)
def test_seats_left_never_negative(capacity, enrolled, expected):
    assert seats_left(capacity=capacity, enrolled=enrolled) == expected
