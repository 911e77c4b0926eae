"""Writes about learners: profile changes and module completion."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from enrollments import checkin, emails
from enrollments.capacity import approval_placement, placement, seats_left
from enrollments.models import (
    Attendance,
    AttendanceChange,
    AttendanceMethod,
    AttendanceStatus,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    ModuleCompletion,
    Profile,
    SessionDay,
    SessionStatus,
    TrainingSession,
)

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
    completion, _ = ModuleCompletion.objects.get_or_create(
        user=user, module_key=module.translation_key, defaults={"course_key": course.translation_key}
    )
    return completion


def mark_module_incomplete(*, user: AbstractBaseUser, module: ModulePage) -> None:
    ModuleCompletion.objects.filter(user=user, module_key=module.translation_key).delete()


# --- Sessions and enrollment ---------------------------------------------------------------------

class EnrollmentClosed(Exception):
    """The session does not take enrollments now; the message says why, for the participant."""


def _locked_session(session_id: int) -> TrainingSession:
    """Lock the session row: every change of who holds a seat goes through this lock (PostgreSQL)."""
    return TrainingSession.objects.select_for_update().get(pk=session_id)


def _enrolled_count(session: TrainingSession) -> int:
    return session.enrollments.filter(status=EnrollmentStatus.ENROLLED).count()


def _set_status(enrollment: Enrollment, status: str) -> Enrollment:
    enrollment.status = status
    enrollment.status_changed_at = timezone.now()
    enrollment.save(update_fields=["status", "status_changed_at"])
    return enrollment


@transaction.atomic
def enroll(*, session: TrainingSession, user: AbstractBaseUser, source: str = EnrollmentSource.SELF,
           now: datetime | None = None) -> Enrollment:
    """Give the user a place, a request or a waiting-list spot; enrolling twice returns the same row.

    Capacity holds under concurrency: the session row is locked while seats are counted.
    """
    now = now or timezone.now()
    session = _locked_session(session.pk)
    existing = Enrollment.objects.filter(session=session, user=user).first()
    if existing and existing.status != EnrollmentStatus.CANCELLED:
        return existing
    if source == EnrollmentSource.SELF:
        refusal = enrollment_refusal(session=session, now=now)
        if refusal:
            raise EnrollmentClosed(refusal)
    status = placement(capacity=session.capacity, enrolled=_enrolled_count(session),
                       approval_required=session.approval_required and source == EnrollmentSource.SELF)
    if existing:
        existing.source = source
        existing.save(update_fields=["source"])
        enrollment = _set_status(existing, status)
    else:
        enrollment = Enrollment.objects.create(session=session, user=user, status=status, source=source)
    emails.notify_enrollment(enrollment, emails.KIND_BY_STATUS[status])
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
    session = _locked_session(enrollment.session_id)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status in (EnrollmentStatus.CANCELLED, EnrollmentStatus.COMPLETED):
        return enrollment
    held_seat = enrollment.status == EnrollmentStatus.ENROLLED
    _set_status(enrollment, EnrollmentStatus.CANCELLED)
    if held_seat:
        promote_from_waitlist(session=session)
    return enrollment


def promote_from_waitlist(*, session: TrainingSession) -> list[Enrollment]:
    """Fill free seats from the waiting list, longest waiting first. Call with the session locked."""
    free = seats_left(capacity=session.capacity, enrolled=_enrolled_count(session))
    promoted = list(session.enrollments.filter(status=EnrollmentStatus.WAITLISTED)
                    .order_by("status_changed_at", "pk")[:free])
    for enrollment in promoted:
        _set_status(enrollment, EnrollmentStatus.ENROLLED)
        emails.notify_enrollment(enrollment, emails.PROMOTED)
    return promoted


@transaction.atomic
def approve_enrollment(*, enrollment: Enrollment) -> Enrollment:
    """A coordinator accepts a request: a seat if one is free, otherwise the waiting list."""
    session = _locked_session(enrollment.session_id)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status != EnrollmentStatus.PENDING:
        return enrollment
    status = approval_placement(capacity=session.capacity, enrolled=_enrolled_count(session))
    _set_status(enrollment, status)
    emails.notify_enrollment(enrollment, emails.APPROVED if status == EnrollmentStatus.ENROLLED
                             else emails.WAITLISTED)
    return enrollment


@transaction.atomic
def decline_enrollment(*, enrollment: Enrollment) -> Enrollment:
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status != EnrollmentStatus.PENDING:
        return enrollment
    _set_status(enrollment, EnrollmentStatus.CANCELLED)
    emails.notify_enrollment(enrollment, emails.DECLINED)
    return enrollment


class OverCapacity(Exception):
    """Moving someone onto the session would exceed its capacity."""


@transaction.atomic
def move_to_enrolled(*, enrollment: Enrollment) -> Enrollment:
    """A coordinator gives a waiting or pending person a seat, only while one is free."""
    session = _locked_session(enrollment.session_id)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status == EnrollmentStatus.ENROLLED:
        return enrollment
    if seats_left(capacity=session.capacity, enrolled=_enrolled_count(session)) == 0:
        raise OverCapacity(gettext("The session is full: free a seat or raise the capacity first."))
    _set_status(enrollment, EnrollmentStatus.ENROLLED)
    emails.notify_enrollment(enrollment, emails.PROMOTED)
    return enrollment


@transaction.atomic
def move_to_waitlist(*, enrollment: Enrollment) -> Enrollment:
    """A coordinator moves someone from a seat (or a request) to the end of the waiting list."""
    session = _locked_session(enrollment.session_id)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status == EnrollmentStatus.WAITLISTED:
        return enrollment
    freed_seat = enrollment.status == EnrollmentStatus.ENROLLED
    _set_status(enrollment, EnrollmentStatus.WAITLISTED)
    emails.notify_enrollment(enrollment, emails.WAITLISTED)
    if freed_seat:
        promote_from_waitlist(session=session)
    return enrollment


@transaction.atomic
def cancel_session(*, session: TrainingSession) -> TrainingSession:
    """Cancel the whole session and tell everyone who held a place, a request or a waiting-list spot."""
    session = _locked_session(session.pk)
    if session.status == SessionStatus.CANCELLED:
        return session
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    active = session.enrollments.filter(status__in=ACTIVE_STATUSES).select_related("user", "session")
    for enrollment in active:
        emails.notify_enrollment(enrollment, emails.SESSION_CANCELLED)
    return session


ACTIVE_STATUSES = (EnrollmentStatus.PENDING, EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED)


@transaction.atomic
def record_attendance(*, day: SessionDay, marks: dict[int, str], by: AbstractBaseUser | None, method: str,
                      notes: dict[int, str] | None = None, now: datetime | None = None) -> list[Attendance]:
    """Save the marks of one day (enrollment id → status) in one go; every change keeps its history.

    Only enrolled (or completed) people of the day's session can be marked; others raise ValueError
    and nothing is saved.
    """
    now = now or timezone.now()
    notes = notes or {}
    valid = set(AttendanceStatus.values)
    if bad := [status for status in marks.values() if status not in valid]:
        raise ValueError(f"Unknown attendance status: {bad[0]!r}")
    enrollments = {
        e.pk: e for e in Enrollment.objects.filter(
            session_id=day.session_id, pk__in=marks, status__in=(EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED)
        )
    }
    if missing := set(marks) - set(enrollments):
        raise ValueError(f"Not enrolled in this session: {sorted(missing)}")
    existing = {
        a.enrollment_id: a
        for a in Attendance.objects.select_for_update().filter(day=day, enrollment_id__in=marks)
    }
    saved, changes = [], []
    for enrollment_id, status in marks.items():
        attendance = existing.get(enrollment_id)
        note = notes.get(enrollment_id, "")
        if attendance and attendance.status == status and attendance.note == note:
            saved.append(attendance)
            continue
        old = attendance.status if attendance else ""
        if attendance is None:
            attendance = Attendance(enrollment_id=enrollment_id, day=day)
        attendance.status, attendance.method, attendance.marked_by, attendance.marked_at = status, method, by, now
        attendance.note = note
        attendance.save()
        changes.append(AttendanceChange(attendance=attendance, old_status=old, new_status=status, method=method,
                                        changed_by=by, changed_at=now, note=note))
        saved.append(attendance)
    AttendanceChange.objects.bulk_create(changes)
    return saved


@transaction.atomic
def check_in(*, token: str, user: AbstractBaseUser, now: datetime | None = None) -> Attendance:
    """Mark the user present (or late) from a scanned day token; refusals raise CheckInRefused."""
    now = timezone.localtime(now or timezone.now())
    day_id = checkin.day_id_from_token(token)
    day = SessionDay.objects.select_related("session").filter(pk=day_id).first()
    if day is None:
        raise checkin.CheckInRefused(checkin.INVALID)
    enrollment = Enrollment.objects.filter(
        session_id=day.session_id, user=user, status__in=(EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED)
    ).first()
    if enrollment is None:
        raise checkin.CheckInRefused(checkin.NOT_ENROLLED)
    starts = timezone.make_aware(datetime.combine(day.date, day.starts_at))
    decision = checkin.decide_check_in(day_date=day.date, day_starts=starts, now=now,
                                       late_after_minutes=day.session.late_after_minutes)
    already = Attendance.objects.filter(enrollment=enrollment, day=day,
                                        status__in=(AttendanceStatus.PRESENT, AttendanceStatus.LATE)).first()
    if already:
        raise checkin.CheckInRefused(checkin.ALREADY)
    [attendance] = record_attendance(day=day, marks={enrollment.pk: decision.status}, by=user,
                                     method=AttendanceMethod.SELF_CHECK_IN, now=now)
    return attendance
