"""Reads for erasure: the requests as coordinators list them, a person's latest one, and what an erasure would
remove (apps above enrollments add their part through the `erasure_preview` hook, fn(user, keep_certificates) ->
list of (what, how many))."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _
from wagtail import hooks

from enrollments.background.models import OutgoingEmail
from enrollments.calls.models import Application, ApplicationFile, Review
from enrollments.models import Attendance, Enrollment, QuizAttempt
from enrollments.privacy.models import ErasureRequest, ErasureStatus


@dataclass(frozen=True)
class PreviewRow:
    """One kind of record an erasure touches, how many, and what happens to them."""

    what: str
    count: int


def erasure_requests() -> QuerySet[ErasureRequest]:
    """Every request, those waiting for a decision first (oldest first: they have waited longest), then the rest,
    latest first."""
    waiting = Case(When(status=ErasureStatus.REQUESTED, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (ErasureRequest.objects.select_related("user__profile", "decided_by")
            .annotate(waiting=waiting).order_by("waiting", "requested_at", "pk"))


def waiting_count() -> int:
    return ErasureRequest.objects.filter(status=ErasureStatus.REQUESTED).count()


def latest_request(*, user: AbstractBaseUser) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(user=user).order_by("-requested_at", "-pk").first()


def erasure_preview(*, user: AbstractBaseUser, keep_certificates: bool) -> list[PreviewRow]:
    """What carrying out the request would remove or keep, kind by kind, with counts."""
    applications = Application.objects.filter(applicant=user)
    enrollments = Enrollment.objects.filter(user=user)
    rows = [
        PreviewRow(_("Applications whose answers and declared name are removed (statuses are kept)"),
                   applications.count()),
        PreviewRow(_("Uploaded application files deleted from storage"),
                   ApplicationFile.objects.filter(application__in=applications).count()),
        PreviewRow(_("Reviewers’ comments blanked (marks are kept)"),
                   Review.objects.filter(application__in=applications).exclude(comment="").count()),
        PreviewRow(_("Quiz attempts whose answers are removed (scores are kept)"),
                   QuizAttempt.objects.filter(user=user).exclude(answers={}).count()),
        PreviewRow(_("Places on trainings (kept without a name, for the counts)"), enrollments.count()),
        PreviewRow(_("Attendance marks (kept for the counts; notes blanked)"),
                   Attendance.objects.filter(enrollment__in=enrollments).count()),
        PreviewRow(_("Emails to the person deleted"),
                   sum(1 for email in OutgoingEmail.objects.filter(to__icontains=user.email).only("to")
                       if user.email.casefold() in (to.casefold() for to in email.to)) if user.email else 0),
    ]
    for fn in hooks.get_hooks("erasure_preview"):
        rows.extend(PreviewRow(what, count) for what, count in fn(user, keep_certificates))
    return rows
