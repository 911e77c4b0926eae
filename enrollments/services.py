"""Writes about learners: profile, module completion, places on training sessions, reminders.

Attendance and imports have their own packages (`attendance.services`, `imports.services`); they
share this module's session lock (`lock_session`) and status change (`set_status`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from enrollments import batches, emails, selectors, transitions
from enrollments.batches import Outcome
from enrollments.capacity import approval_placement, placement, seats_left
from enrollments.models import (
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    ModuleCompletion,
    Profile,
    SessionStatus,
    TrainingSession,
)
from enrollments.signals import announce_progress
from enrollments.transitions import Move

if TYPE_CHECKING:
    from courses.models import ModulePage

REPORTING_FIELDS = ("sex", "age_band", "displacement_status", "disability")


@transaction.atomic
def update_profile(*, user: AbstractBaseUser, data: dict, reporting_consent: bool) -> Profile:
    """Save the profile. Reporting fields are kept only with consent; withdrawing it erases them."""
    profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
    for field in ("full_name", "profession", "organisation", "oblast", "community"):
        setattr(profile, field, data.get(field, ""))
    if reporting_consent:
        if profile.reporting_consent_at is None:
            profile.reporting_consent_at = timezone.now()
        for field in REPORTING_FIELDS:
            setattr(profile, field, data.get(field, ""))
    else:
        profile.reporting_consent_at = None
        for field in REPORTING_FIELDS:
            setattr(profile, field, "")
    profile.save()
    return profile


def mark_module_complete(*, user: AbstractBaseUser, module: ModulePage) -> ModuleCompletion:
    """Record that the user finished the module; marking it twice changes nothing."""
    course = module.get_parent()
    completion, created = ModuleCompletion.objects.get_or_create(
        user=user, module_key=module.translation_key, defaults={"course_key": course.translation_key}
    )
    if created:  # a module done may complete what a place needs (a certificate)
        announce_progress(sender=ModuleCompletion, enrollment_ids=selectors.held_place_ids(user_id=user.pk))
    return completion


def mark_module_incomplete(*, user: AbstractBaseUser, module: ModulePage) -> None:
    ModuleCompletion.objects.filter(user=user, module_key=module.translation_key).delete()


# --- Sessions and enrollment ---------------------------------------------------------------------

class EnrollmentClosed(Exception):
    """The session does not take enrollments now; the message says why, for the participant."""


def lock_session(*, session_id: int) -> TrainingSession:
    """The session read afresh and locked until the transaction ends: every change of who holds a seat takes
    this lock first, so seats are counted one change at a time (PostgreSQL; SQLite writes one at a time anyway).
    FOR NO KEY UPDATE: it excludes the other seat changes, but not the foreign-key checks of rows that merely refer
    to the session (report facts, certificates), which would otherwise deadlock with it when they commit.
    """
    return TrainingSession.objects.select_for_update(no_key=True).get(pk=session_id)


def _locked_with_session(enrollment: Enrollment) -> tuple[TrainingSession, Enrollment]:
    """The enrollment's session, then the enrollment itself, locked and read afresh: the order every change of
    one person's place takes, so it never deadlocks with a change of the session's seats."""
    session = lock_session(session_id=enrollment.session_id)
    return session, Enrollment.objects.select_for_update(no_key=True).get(pk=enrollment.pk)


def set_status(*, enrollment: Enrollment, status: str) -> Enrollment:
    """Write the new status and when it changed, which orders the waiting list; nothing else of the row.

    Asks nothing: the caller has asked `transitions` whether the move changes anything, and holds
    `lock_session` when the change gives or frees a seat.
    """
    enrollment.status = status
    enrollment.status_changed_at = timezone.now()
    enrollment.save(update_fields=["status", "status_changed_at"])
    return enrollment


@transaction.atomic
def enroll(*, session: TrainingSession, user: AbstractBaseUser, source: str = EnrollmentSource.SELF,
           now: datetime | None = None, notify: bool = True) -> Enrollment:
    """Give the user a place, a request or a waiting-list spot; enrolling twice returns the same row.

    Capacity holds under concurrency: the session row is locked while seats are counted. `notify=False`
    sends no confirmation email (the demo's people, whose places the seed writes).
    """
    now = now or timezone.now()
    session = lock_session(session_id=session.pk)
    existing = Enrollment.objects.filter(session=session, user=user).first()
    was = existing.status if existing else None
    if not transitions.allows(status=was, move=Move.REQUEST):
        return existing
    if source == EnrollmentSource.SELF:
        refusal = enrollment_refusal(session=session, now=now)
        if refusal:
            raise EnrollmentClosed(refusal)
    status = transitions.apply_move(status=was, move=Move.REQUEST, placement=placement(
        capacity=session.capacity, enrolled=selectors.enrolled_count(session=session),
        approval_required=session.approval_required and source == EnrollmentSource.SELF))
    if existing:
        existing.source = source
        existing.save(update_fields=["source"])
        enrollment = set_status(enrollment=existing, status=status)
    else:
        enrollment = Enrollment.objects.create(session=session, user=user, status=status, source=source)
    if notify:
        emails.notify_enrollment(enrollment, emails.KIND_BY_STATUS[status])
    return enrollment


class AcceptedSeat(NamedTuple):
    """The seat an acceptance gave, and the person's own status on the session before it ("" for none)."""

    enrollment: Enrollment
    was: str


@transaction.atomic
def seat_accepted_applicant(*, session: TrainingSession, user: AbstractBaseUser) -> AcceptedSeat | None:
    """A seat for someone an open call accepted, or None when the session has none.

    Takes the same session lock as every other change of seats. Sends no email: the call's acceptance
    email names the session. A new place, or a cancelled one, has the source "application"; a request or
    a waiting-list spot of the person's own becomes the seat and keeps its source.
    """
    session = lock_session(session_id=session.pk)
    if session.status in SessionStatus.finished():
        return None
    if not seats_left(capacity=session.capacity, enrolled=selectors.enrolled_count(session=session)):
        return None
    enrollment = Enrollment.objects.select_for_update(no_key=True).filter(session=session, user=user).first()
    was = enrollment.status if enrollment else ""
    to = transitions.apply_move(status=was, move=Move.ACCEPT)
    if enrollment is None:
        enrollment = Enrollment.objects.create(session=session, user=user, status=to,
                                               source=EnrollmentSource.APPLICATION)
    elif to is not None:  # else the person holds a seat here already, which stays as it is
        if was == EnrollmentStatus.CANCELLED:
            enrollment.source = EnrollmentSource.APPLICATION
            enrollment.save(update_fields=["source"])
        set_status(enrollment=enrollment, status=to)
    return AcceptedSeat(enrollment, was=was)


@transaction.atomic
def return_to_request(*, enrollment: Enrollment) -> Enrollment:
    """A seat given by mistake becomes the person's request again; the freed seat goes to the first waiting."""
    session, enrollment = _locked_with_session(enrollment)
    was = enrollment.status
    to = transitions.apply_move(status=was, move=Move.RETURN_TO_REQUEST)
    if to is None:
        return enrollment
    set_status(enrollment=enrollment, status=to)
    if transitions.frees_seat(was=was, to=to):
        promote_from_waitlist(session=session)
    return enrollment


def enrollment_refusal(*, session: TrainingSession, now: datetime) -> str:
    """Why a participant cannot enroll themselves now, or "" when they can."""
    if session.status != SessionStatus.OPEN:
        return gettext("This session is not open for enrollment.")
    if session.enrollment_opens_at and now < session.enrollment_opens_at:
        return gettext("Enrollment has not opened yet.")
    if session.enrollment_closes_at and now >= session.enrollment_closes_at:
        return gettext("Enrollment for this session has closed.")
    return ""


@transaction.atomic
def cancel_enrollment(*, enrollment: Enrollment) -> Enrollment:
    """Give up a place or a waiting-list spot; a freed seat goes to the first person waiting."""
    session, enrollment = _locked_with_session(enrollment)
    was = enrollment.status
    to = transitions.apply_move(status=was, move=Move.CANCEL)
    if to is None:
        return enrollment
    set_status(enrollment=enrollment, status=to)
    if transitions.frees_seat(was=was, to=to):
        promote_from_waitlist(session=session)
    return enrollment


def promote_from_waitlist(*, session: TrainingSession, passing_over: Enrollment | None = None) -> list[Enrollment]:
    """Fill free seats from the waiting list, longest waiting first. Call with the session locked.

    `passing_over` is someone a coordinator has just moved to the waiting list: the seat they
    freed must not hand itself straight back to them.
    """
    free = seats_left(capacity=session.capacity, enrolled=selectors.enrolled_count(session=session))
    waiting = session.enrollments.filter(status=EnrollmentStatus.WAITLISTED)
    if passing_over is not None:
        waiting = waiting.exclude(pk=passing_over.pk)
    promoted = list(waiting.order_by("status_changed_at", "pk")[:free])
    for enrollment in promoted:
        set_status(enrollment=enrollment, status=transitions.apply_move(status=enrollment.status, move=Move.PROMOTE))
        emails.notify_enrollment(enrollment, emails.PROMOTED)
    return promoted


@transaction.atomic
def approve_enrollment(*, enrollment: Enrollment) -> Enrollment:
    """A coordinator accepts a request: a seat if one is free, otherwise the waiting list."""
    session, enrollment = _locked_with_session(enrollment)
    if not transitions.allows(status=enrollment.status, move=Move.APPROVE):
        return enrollment
    status = transitions.apply_move(status=enrollment.status, move=Move.APPROVE, placement=approval_placement(
        capacity=session.capacity, enrolled=selectors.enrolled_count(session=session)))
    set_status(enrollment=enrollment, status=status)
    emails.notify_enrollment(enrollment, emails.APPROVED if status == EnrollmentStatus.ENROLLED
                             else emails.WAITLISTED)
    return enrollment


@transaction.atomic
def decline_enrollment(*, enrollment: Enrollment) -> Enrollment:
    """A coordinator refuses a request; it frees no seat, so only the enrollment is locked."""
    enrollment = Enrollment.objects.select_for_update(no_key=True).get(pk=enrollment.pk)
    to = transitions.apply_move(status=enrollment.status, move=Move.DECLINE)
    if to is None:
        return enrollment
    set_status(enrollment=enrollment, status=to)
    emails.notify_enrollment(enrollment, emails.DECLINED)
    return enrollment


class OverCapacity(Exception):
    """Moving someone onto the session would exceed its capacity."""


@transaction.atomic
def move_to_enrolled(*, enrollment: Enrollment) -> Enrollment:
    """A coordinator gives a waiting or pending person a seat, only while one is free."""
    session, enrollment = _locked_with_session(enrollment)
    to = transitions.apply_move(status=enrollment.status, move=Move.ENROLL)
    if to is None:
        return enrollment
    if seats_left(capacity=session.capacity, enrolled=selectors.enrolled_count(session=session)) == 0:
        raise OverCapacity(gettext("The session is full: free a seat or raise the capacity first."))
    was_request = enrollment.status == EnrollmentStatus.PENDING
    set_status(enrollment=enrollment, status=to)
    # A request is approved; "a place has become free" is for people who were waiting.
    emails.notify_enrollment(enrollment, emails.APPROVED if was_request else emails.PROMOTED)
    return enrollment


@transaction.atomic
def move_to_waitlist(*, enrollment: Enrollment) -> Enrollment:
    """A coordinator moves someone from a seat (or a request) to the end of the waiting list."""
    session, enrollment = _locked_with_session(enrollment)
    was = enrollment.status
    to = transitions.apply_move(status=was, move=Move.WAITLIST)
    if to is None:
        return enrollment
    set_status(enrollment=enrollment, status=to)
    emails.notify_enrollment(enrollment, emails.WAITLISTED)
    if transitions.frees_seat(was=was, to=to):
        promote_from_waitlist(session=session, passing_over=enrollment)
    return enrollment


@transaction.atomic
def cancel_session(*, session: TrainingSession) -> TrainingSession:
    """Cancel the whole session and tell everyone who held a place, a request or a waiting-list spot."""
    session = lock_session(session_id=session.pk)
    if session.status == SessionStatus.CANCELLED:
        return session
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    active = session.enrollments.filter(status__in=EnrollmentStatus.active()).select_related("user", "session")
    for enrollment in active:
        emails.notify_enrollment(enrollment, emails.SESSION_CANCELLED)
    return session


# --- Coordinators: schedule changes, bulk approval -----------------------------------------------

def announce_schedule_change(*, session: TrainingSession, previous_schedule: frozenset) -> int:
    """Email everyone enrolled when the dates or hours of the session's days are no longer `previous_schedule`.

    Called by the admin after it saved the session and its days (`selectors.session_schedule` taken
    before the save). A new topic alone tells nobody. Returns how many people were told.
    """
    from enrollments import selectors

    if session.status == SessionStatus.CANCELLED:
        return 0
    if selectors.session_schedule(session_id=session.pk) == previous_schedule:
        return 0
    enrolled = list(session.enrollments.filter(status=EnrollmentStatus.ENROLLED).select_related("user__profile"))
    for enrollment in enrolled:
        emails.notify_enrollment(enrollment, emails.DAY_CHANGED)
    return len(enrolled)


@transaction.atomic
def approve_enrollments(*, session: TrainingSession, enrollment_ids: list[int]) -> list[Enrollment]:
    """Approve several requests for places on one session, the earliest request first."""
    pending = session.enrollments.filter(pk__in=enrollment_ids, status=EnrollmentStatus.PENDING)
    return [approve_enrollment(enrollment=enrollment) for enrollment in pending.order_by("created_at", "pk")]


# --- Reminders ------------------------------------------------------------------------------------

REMINDERS_LOG_ACTION = "enrollments.reminders_sent"


def send_session_reminders(*, today: date) -> Outcome[int]:
    """Remind everyone enrolled on a session whose first day is tomorrow; `done` counts the reminders queued.

    Each session is reminded once per first day: the session's admin history records the run, and a
    second run finds that record and sends nothing. If the first day moves, a new reminder is due.
    A session that cannot be reminded is logged and skipped (its id in `skipped`); the others are reminded.
    """
    from enrollments import selectors

    tomorrow = today + timedelta(days=1)
    return batches.each(selectors.sessions_starting_on(day=tomorrow),
                        lambda session_id: _remind_session(session_id=session_id, first_day=tomorrow), what="session")


@transaction.atomic
def _remind_session(*, session_id: int, first_day: date) -> int:
    from wagtail.models import ModelLogEntry

    # Two runs at once: the second waits here, then sees the first's record.
    session = lock_session(session_id=session_id)
    day = session.days.order_by("date", "starts_at").first()
    if session.status == SessionStatus.CANCELLED or day is None or day.date != first_day:
        return 0
    marker = {"day_id": day.pk, "date": day.date.isoformat()}
    already = ModelLogEntry.objects.for_instance(session).filter(
        action=REMINDERS_LOG_ACTION, data__day_id=marker["day_id"], data__date=marker["date"])
    if already.exists():
        return 0
    enrolled = list(session.enrollments.filter(status=EnrollmentStatus.ENROLLED).select_related("user__profile"))
    for enrollment in enrolled:
        enrollment.session = session
        emails.notify_enrollment(enrollment, emails.REMINDER)
    ModelLogEntry.objects.log_action(session, REMINDERS_LOG_ACTION, data={**marker, "sent": len(enrolled)})
    return len(enrolled)


@transaction.atomic
def fill_free_seats(*, session: TrainingSession) -> list[Enrollment]:
    """After a coordinator raised the capacity: the new seats go to the people waiting longest."""
    session = lock_session(session_id=session.pk)
    if session.status in SessionStatus.finished():
        return []
    return promote_from_waitlist(session=session)
