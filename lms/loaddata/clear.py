"""Removing load data: everything that hangs off accounts at `LOAD_DOMAIN` (their places, marks, attempts,
applications, certificates), the sessions a load trainer runs, the load calls, and the accounts. Nothing of the
demo or of real people: a session counts as load data only when a load trainer runs it and nobody else has a place
on it."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from certificates.models import Certificate
from content.models import Call
from enrollments.calls.models import Application, ApplicationChange, Review
from enrollments.models import Attendance, AttendanceChange, Enrollment, Profile, QuizAttempt, TrainingSession
from lms.loaddata.bulk import LOAD_DOMAIN
from lms.loaddata.calls import CALL_PREFIX


def load_users():
    return get_user_model().objects.filter(email__iendswith=f"@{LOAD_DOMAIN}")


def load_sessions():
    """Sessions run by a load trainer on which only load accounts have places."""
    users = load_users()
    return (TrainingSession.objects.filter(trainers__in=users).distinct()
            .exclude(enrollments__in=Enrollment.objects.exclude(user__in=users)))


@transaction.atomic
def clear_load_data() -> dict[str, int]:
    """Deletes the load data; returns how many rows of each model went (the cascades counted by Django)."""
    users = load_users()
    counts: dict[str, int] = {}

    def delete(queryset) -> None:
        _total, per_model = queryset.delete()
        for label, count in per_model.items():
            counts[label] = counts.get(label, 0) + count

    sessions = list(load_sessions().values_list("pk", flat=True))
    delete(Certificate.objects.filter(user__in=users))
    delete(AttendanceChange.objects.filter(attendance__enrollment__user__in=users))
    delete(Attendance.objects.filter(enrollment__user__in=users))
    delete(QuizAttempt.objects.filter(user__in=users))
    delete(Review.objects.filter(application__applicant__in=users))
    delete(ApplicationChange.objects.filter(application__applicant__in=users))
    delete(Application.objects.filter(applicant__in=users))
    delete(Enrollment.objects.filter(user__in=users))
    delete(TrainingSession.objects.filter(pk__in=sessions))
    delete(Call.objects.filter(name__startswith=CALL_PREFIX, applications__isnull=True))
    delete(EmailAddress.objects.filter(user__in=users))
    delete(Profile.objects.filter(user__in=users))
    delete(users)
    return {label: count for label, count in counts.items() if count}
