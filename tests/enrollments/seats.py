"""Places on a session in the enrollment tests: the statuses by short name, who waits since when, who holds what."""

from datetime import timedelta

from django.utils import timezone

from enrollments.models import Enrollment, EnrollmentStatus

ENROLLED, WAITLISTED, PENDING, CANCELLED = (
    EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED, EnrollmentStatus.PENDING, EnrollmentStatus.CANCELLED,
)


def wait(enrollment, minutes_ago: int):
    """Put the enrollment on the waiting list as of `minutes_ago` (auto_now_add cannot be set on create)."""
    Enrollment.objects.filter(pk=enrollment.pk).update(
        status=WAITLISTED, status_changed_at=timezone.now() - timedelta(minutes=minutes_ago))
    enrollment.refresh_from_db()
    return enrollment


def statuses(session) -> dict[str, str]:
    return dict(session.enrollments.values_list("user__email", "status"))
