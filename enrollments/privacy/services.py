"""Removing what the retention periods say is due (enrollments/privacy/retention.py), one purpose at a time.

Each purpose runs in its own transaction per record (enrollments/batches.py): a record that cannot be handled is
logged and skipped, never the end of the run, and the run says which ones were skipped. Every step is idempotent:
what was removed is not found again, so a second run removes nothing.

- reporting_details: the four reporting fields and the consent they were given with are blanked; the apps above
  are told first (`reporting_details_expiring`) so the report facts already counted from them keep their counts.
- rejected_applications: a draft never sent is deleted with its files; an application not accepted or withdrawn
  keeps what reports count (call, status, stage, dates, declared oblast and profession) and loses its answers,
  name, community, uploaded files (deleted from the private storage too), reviewers' comments and notes.
- access_log: access records older than the period are deleted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from enrollments.batches import each
from enrollments.calls.models import Application, ApplicationChange, ApplicationFile, Review
from enrollments.models import Enrollment, EnrollmentStatus, Profile, SessionStatus
from enrollments.privacy import retention
from enrollments.privacy.access import prune_access_records
from enrollments.privacy.models import AccessRecord
from enrollments.services import REPORTING_FIELDS
from enrollments.signals import reporting_details_expiring


@dataclass
class PurposeOutcome:
    """What one purpose's run removed (or, dry, would remove) and which records it had to skip."""

    purpose: str
    removed: int = 0
    skipped: list = field(default_factory=list)


def apply_retention(*, months: dict[str, int], today: date, dry_run: bool = False) -> list[PurposeOutcome]:
    """Every purpose's periods enforced as of `today`; `months` is settings.PRIVACY_RETENTION_MONTHS."""
    months = retention.periods(months)
    return [
        remove_reporting_details(months=months[retention.REPORTING_DETAILS], today=today, dry_run=dry_run),
        remove_rejected_applications(months=months[retention.REJECTED_APPLICATIONS], today=today, dry_run=dry_run),
        remove_access_records(months=months[retention.ACCESS_LOG], today=today, dry_run=dry_run),
    ]


# --- Reporting details ---------------------------------------------------------------------------------------

def _remove_each(purpose: str, due: list[int], remove_one, *, what: str, dry_run: bool) -> PurposeOutcome:
    """`remove_one(id)` for each id due, each in its own transaction (enrollments.batches.each); only counted when
    `dry_run`."""
    outcome = PurposeOutcome(purpose)
    if dry_run:
        outcome.removed = len(due)
        return outcome
    run = each(due, remove_one, what=what)
    outcome.removed, outcome.skipped = run.done, run.skipped
    return outcome


def remove_reporting_details(*, months: int, today: date, dry_run: bool = False) -> PurposeOutcome:
    return _remove_each(retention.REPORTING_DETAILS, _people_with_reporting_details_due(months=months, today=today),
                        lambda user_id: blank_reporting_details(user_id=user_id), what="person's reporting details",
                        dry_run=dry_run)


def _people_with_reporting_details_due(*, months: int, today: date) -> list[int]:
    holding = Q()
    for name in REPORTING_FIELDS:
        holding |= ~Q(**{name: ""})
    consents = dict(Profile.objects.filter(holding).values_list("user_id", "reporting_consent_at"))
    ends = defaultdict(list)
    for user_id, last_day in (Enrollment.objects.filter(user_id__in=list(consents))
                              .exclude(status=EnrollmentStatus.CANCELLED)
                              .exclude(session__status=SessionStatus.CANCELLED)
                              .annotate(last_day=Max("session__days__date"))
                              .values_list("user_id", "last_day")):
        ends[user_id].append(last_day)
    return sorted(
        user_id for user_id, consented_at in consents.items()
        if retention.reporting_details_due(consented_on=retention.kyiv_day(consented_at) if consented_at else None,
                                           training_ends=ends[user_id], months=months, today=today)
    )


@transaction.atomic
def blank_reporting_details(*, user_id: int) -> int:
    """Blank one person's reporting details and the consent they were given with; 1 if there was anything."""
    profile = Profile.objects.select_for_update().filter(user_id=user_id).first()
    if profile is None or not any(getattr(profile, name) for name in REPORTING_FIELDS):
        return 0
    reporting_details_expiring.send(sender=Profile, user_ids=[user_id])
    for name in REPORTING_FIELDS:
        setattr(profile, name, "")
    profile.reporting_consent_at = None
    profile.save(update_fields=[*REPORTING_FIELDS, "reporting_consent_at", "updated_at"])
    return 1


# --- Applications not accepted -------------------------------------------------------------------------------

def remove_rejected_applications(*, months: int, today: date, dry_run: bool = False) -> PurposeOutcome:
    return _remove_each(retention.REJECTED_APPLICATIONS, _applications_due(months=months, today=today),
                        lambda application_id: strip_application(application_id=application_id), what="application",
                        dry_run=dry_run)


def _applications_due(*, months: int, today: date) -> list[int]:
    """Applications not accepted whose period has run out and that still hold something personal."""
    cutoff = retention.last_start(today, months)
    holding = (~Q(answers={}) | ~Q(full_name="") | ~Q(community="")
               | Exists(ApplicationFile.objects.filter(application=OuterRef("pk")))
               | Exists(Review.objects.filter(application=OuterRef("pk")).exclude(comment=""))
               | Exists(ApplicationChange.objects.filter(application=OuterRef("pk")).exclude(note="")))
    candidates = (Application.objects.filter(status__in=retention.NOT_ACCEPTED, call__deadline__date__lte=cutoff)
                  .filter(holding).values_list("pk", "status", "call__deadline", "decided_at").order_by("pk"))
    return [pk for pk, status, deadline, decided_at in candidates
            if retention.application_due(status=status, deadline=deadline, decided_at=decided_at, months=months,
                                         today=today)]


@transaction.atomic
def strip_application(*, application_id: int) -> int:
    """Delete a draft never sent, or blank an application not accepted; its files go from the storage too.
    1 if there was anything to remove."""
    application = Application.objects.select_for_update().filter(pk=application_id).first()
    if application is None or application.status not in retention.NOT_ACCEPTED:
        return 0
    files = list(application.files.all())
    if application.status == retention.Status.DRAFT:
        # Never sent, so never counted: nothing of it needs to stay.
        ApplicationChange.objects.filter(application=application).delete()
        Review.objects.filter(application=application).delete()
        application.delete()
    else:
        ApplicationFile.objects.filter(application=application).delete()
        Review.objects.filter(application=application).exclude(comment="").update(comment="")
        ApplicationChange.objects.filter(application=application).exclude(note="").update(note="")
        application.answers, application.full_name, application.community = {}, "", ""
        application.save(update_fields=["answers", "full_name", "community", "updated_at"])
    # Last, once the rows are gone: a storage that fails rolls them back and the next run tries again; a file
    # already missing (a run that died after deleting it) is no error.
    for upload in files:
        upload.file.storage.delete(upload.file.name)
    return 1


# --- Access log ----------------------------------------------------------------------------------------------

def remove_access_records(*, months: int, today: date, dry_run: bool = False) -> PurposeOutcome:
    cutoff = retention.last_start(today, months)
    before = timezone.make_aware(datetime.combine(cutoff + timedelta(days=1), time.min))  # all of the cutoff day
    outcome = PurposeOutcome(retention.ACCESS_LOG)
    if dry_run:
        outcome.removed = AccessRecord.objects.filter(at__lt=before).count()
        return outcome
    run = each([f"written on or before {cutoff:%Y-%m-%d}"], lambda _label: prune_access_records(before=before),
               what="access records")
    outcome.removed, outcome.skipped = run.done, run.skipped
    return outcome
