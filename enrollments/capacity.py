"""The placement rule: what a new request for a place on a session becomes."""

from enrollments.models import EnrollmentStatus


def seats_left(*, capacity: int, enrolled: int) -> int:
    return max(capacity - enrolled, 0)


def placement(*, capacity: int, enrolled: int, approval_required: bool) -> str:
    """Pending when a coordinator must approve; enrolled while seats remain; otherwise waitlisted."""
    if approval_required:
        return EnrollmentStatus.PENDING
    if enrolled < capacity:
        return EnrollmentStatus.ENROLLED
    return EnrollmentStatus.WAITLISTED


def approval_placement(*, capacity: int, enrolled: int) -> str:
    """An approved request takes a seat if one is free, else the first free place on the waiting list."""
    return EnrollmentStatus.ENROLLED if enrolled < capacity else EnrollmentStatus.WAITLISTED
