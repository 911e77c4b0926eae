"""Keeps the report facts in step: whatever changes a session's records refreshes that session's facts once the
change is committed. What is written without signals (bulk updates) is caught by the nightly
`refresh_report_facts`, which also counts what time alone changes."""

import logging
import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from certificates.models import Certificate
from enrollments.models import Enrollment, Profile, QuizAttempt, SessionDay, TrainingSession
from enrollments.signals import progress_recorded, reporting_details_expiring
from lms.reports import facts

logger = logging.getLogger(__name__)


_pending = threading.local()


def _refresh_on_commit(session_ids=(), *, user_ids=()) -> None:
    """Refresh these sessions (and these people's self-assessments) once the change commits: a transaction that
    touches a session a hundred times (a roster of 40, the demo) refreshes it once, by the first of its callbacks;
    the later ones find nothing left."""
    ids, users = set(session_ids), set(user_ids)
    if not ids and not users:
        return
    _pending.ids = getattr(_pending, "ids", set()) | ids
    _pending.users = getattr(_pending, "users", set()) | users
    transaction.on_commit(_flush)


def _flush() -> None:
    ids, _pending.ids = getattr(_pending, "ids", set()), set()
    users, _pending.users = getattr(_pending, "users", set()), set()
    try:
        if ids:
            facts.refresh_sessions(ids)
        if users:
            facts.refresh_self_assessments(users)
    except Exception:  # the change itself is saved; the nightly refresh counts it
        logger.exception("Report facts of sessions %s (people %s) were not refreshed; the nightly refresh will",
                         sorted(ids), sorted(users))


@receiver(post_save, sender=QuizAttempt)
def _self_assessment(sender, instance, **kwargs):
    if instance.kind == facts.SELF_ASSESSMENT and instance.submitted_at is not None:
        _refresh_on_commit(user_ids=[instance.user_id])


@receiver(progress_recorded)
def _progress(sender, *, enrollment_ids, **kwargs):
    _refresh_on_commit(facts.sessions_of(enrollment_ids=enrollment_ids))


@receiver(post_save, sender=Enrollment)
@receiver(post_delete, sender=Enrollment)
@receiver(post_save, sender=Certificate)
def _place(sender, instance, **kwargs):
    _refresh_on_commit([instance.session_id])


@receiver(post_save, sender=SessionDay)
@receiver(post_delete, sender=SessionDay)
def _day(sender, instance, **kwargs):
    _refresh_on_commit([instance.session_id])


@receiver(post_save, sender=TrainingSession)
def _session(sender, instance, created, **kwargs):
    if not created:
        _refresh_on_commit([instance.pk])


@receiver(post_save, sender=Profile)
def _profile(sender, instance, **kwargs):
    _refresh_on_commit(facts.sessions_of(user_ids=[instance.user_id]))


@receiver(reporting_details_expiring)
def _details_expiring(sender, *, user_ids, **kwargs):
    # Now, inside the writer's transaction, while the details are still there to be counted.
    facts.keep_descriptions(user_ids)
