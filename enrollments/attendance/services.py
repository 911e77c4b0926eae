"""Attendance writes: a day's marks with their history, self check-in, and walk-ins."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from enrollments import emails, transitions
from enrollments.accounts import create_account, fill_blank_profile_fields
from enrollments.attendance import checkin
from enrollments.models import (
    Attendance,
    AttendanceChange,
    AttendanceMethod,
    AttendanceStatus,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    SessionDay,
    TrainingSession,
)
from enrollments.services import lock_session, set_status
from enrollments.signals import announce_progress
from enrollments.transitions import Move


@transaction.atomic
def record_attendance(*, day: SessionDay, marks: dict[int, str], by: AbstractBaseUser | None, method: str,
                      notes: dict[int, str] | None = None, now: datetime | None = None) -> list[Attendance]:
    """Save the marks of one day (enrollment id → status) in one go; every change keeps its history.

    Only enrolled people of the day's session can be marked; others raise ValueError
    and nothing is saved.
    """
    now = now or timezone.now()
    notes = notes or {}
    valid = set(AttendanceStatus.values)
    if bad := [status for status in marks.values() if status not in valid]:
        raise ValueError(f"Unknown attendance status: {bad[0]!r}")
    # Locking the enrollments (in one order) serialises the roster and self check-ins of the same
    # people: two writers can never both create the day's mark (one_attendance_per_day).
    enrollments = {
        e.pk: e for e in Enrollment.objects.select_for_update(no_key=True).filter(
            session_id=day.session_id, pk__in=marks, status__in=EnrollmentStatus.holding_seat()
        ).order_by("pk")
    }
    if missing := set(marks) - set(enrollments):
        raise ValueError(f"Not enrolled in this session: {sorted(missing)}")
    existing = {
        a.enrollment_id: a
        for a in Attendance.objects.select_for_update().filter(day=day, enrollment_id__in=marks)
    }
    saved, created, updated, changed = [], [], [], []
    for enrollment_id, status in marks.items():
        attendance = existing.get(enrollment_id)
        note = notes.get(enrollment_id, "")
        if attendance and attendance.status == status and attendance.note == note:
            saved.append(attendance)
            continue
        old = attendance.status if attendance else ""
        if attendance is None:
            attendance = Attendance(enrollment_id=enrollment_id, day=day)
            created.append(attendance)
        else:
            updated.append(attendance)
        attendance.status, attendance.method, attendance.marked_by, attendance.marked_at = status, method, by, now
        attendance.note = note
        changed.append((attendance, old))
        saved.append(attendance)
    # Two writes for the whole day, however many people (no signal listens to a mark being saved).
    Attendance.objects.bulk_create(created)
    Attendance.objects.bulk_update(updated, ["status", "method", "marked_by", "marked_at", "note"])
    changes = [AttendanceChange(attendance=attendance, old_status=old, new_status=attendance.status, method=method,
                                changed_by=by, changed_at=now, note=attendance.note) for attendance, old in changed]
    AttendanceChange.objects.bulk_create(changes)
    # A day attended may complete what a place needs (a certificate).
    announce_progress(sender=Attendance, enrollment_ids=[change.attendance.enrollment_id for change in changes])
    return saved


@transaction.atomic
def check_in(*, token: str, user: AbstractBaseUser, now: datetime | None = None) -> Attendance:
    """Mark the user present (or late) from a scanned day token; refusals raise CheckInRefused."""
    now = timezone.localtime(now or timezone.now())
    day_id = checkin.day_id_from_token(token)
    day = SessionDay.objects.select_related("session").filter(pk=day_id).first()
    if day is None:
        raise checkin.CheckInRefused(checkin.INVALID)
    # Locked so a double-tapped scan waits for the first one and then finds it ALREADY done.
    enrollment = Enrollment.objects.select_for_update(no_key=True).filter(
        session_id=day.session_id, user=user, status__in=EnrollmentStatus.holding_seat()
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


# --- Walk-ins ------------------------------------------------------------------------------------

def _walk_in_account(*, email: str, full_name: str) -> tuple[AbstractBaseUser, bool]:
    """The account for an email, created when missing; returns it and whether it is new.

    A new account has no usable password and an unverified address: the person sets a password
    through the link of their welcome email, which also proves the address is theirs.
    """
    from allauth.account.utils import filter_users_by_email

    email = email.strip().lower()
    existing = filter_users_by_email(email, prefer_verified=True)
    if existing:
        user = existing[0]
        fill_blank_profile_fields(user=user, full_name=full_name)
        return user, False
    return create_account(email=email, full_name=full_name), True


@transaction.atomic
def add_walk_in(*, session: TrainingSession, email: str, full_name: str, by: AbstractBaseUser | None,
                day: SessionDay | None = None, method: str = AttendanceMethod.ROSTER,
                now: datetime | None = None) -> tuple[Enrollment, bool]:
    """Put someone who turned up in the room on the session, even over capacity: they are already there.

    Creates their account when the email is new; a waiting, pending or cancelled place becomes a
    seat. With `day`, they are also marked present that day unless already marked. Returns the
    enrollment and whether a new account was created. Only a new account is emailed (its one welcome email, with
    the link to set a password); someone who has an account is told nothing: the trainer is with them.
    """
    session = lock_session(session_id=session.pk)
    if day is not None and day.session_id != session.pk:
        raise ValueError("The day belongs to another session.")
    user, created = _walk_in_account(email=email, full_name=full_name)
    enrollment = Enrollment.objects.select_for_update(no_key=True).filter(session=session, user=user).first()
    to = transitions.apply_move(status=enrollment.status if enrollment else None, move=Move.WALK_IN)
    if enrollment is None:
        enrollment = Enrollment.objects.create(session=session, user=user, status=to, source=EnrollmentSource.WALK_IN)
    elif to is not None:  # else they hold a seat already
        enrollment.source = EnrollmentSource.WALK_IN
        enrollment.save(update_fields=["source"])
        set_status(enrollment=enrollment, status=to)
    if day is not None and not Attendance.objects.filter(enrollment=enrollment, day=day).exists():
        record_attendance(day=day, marks={enrollment.pk: AttendanceStatus.PRESENT}, by=by, method=method, now=now)
    if created:
        emails.welcome_new_account(enrollment)
    return enrollment, created
