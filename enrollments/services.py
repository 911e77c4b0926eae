"""Writes about learners: profile changes and module completion."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from enrollments import checkin, emails, selectors
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
    status = placement(capacity=session.capacity, enrolled=selectors.enrolled_count(session=session),
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
    status = approval_placement(capacity=session.capacity, enrolled=selectors.enrolled_count(session=session))
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
    if seats_left(capacity=session.capacity, enrolled=selectors.enrolled_count(session=session)) == 0:
        raise OverCapacity(gettext("The session is full: free a seat or raise the capacity first."))
    was_request = enrollment.status == EnrollmentStatus.PENDING
    _set_status(enrollment, EnrollmentStatus.ENROLLED)
    # A request is approved; "a place has become free" is for people who were waiting.
    emails.notify_enrollment(enrollment, emails.APPROVED if was_request else emails.PROMOTED)
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
        promote_from_waitlist(session=session, passing_over=enrollment)
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
    # Locking the enrollments (in one order) serialises the roster and self check-ins of the same
    # people: two writers can never both create the day's mark (one_attendance_per_day).
    enrollments = {
        e.pk: e for e in Enrollment.objects.select_for_update().filter(
            session_id=day.session_id, pk__in=marks, status__in=(EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED)
        ).order_by("pk")
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
    # Locked so a double-tapped scan waits for the first one and then finds it ALREADY done.
    enrollment = Enrollment.objects.select_for_update().filter(
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


# --- Walk-ins ------------------------------------------------------------------------------------

def _walk_in_account(*, email: str, full_name: str) -> tuple[AbstractBaseUser, bool]:
    """The account for an email, created when missing; returns it and whether it is new.

    A new account has no usable password and an unverified address: the person sets a password
    later through "Forgot your password?", which also proves the address is theirs.
    """
    from allauth.account.utils import filter_users_by_email

    email = email.strip().lower()
    existing = filter_users_by_email(email, prefer_verified=True)
    if existing:
        user = existing[0]
        _fill_blank_profile_fields(user, full_name=full_name)
        return user, False
    user = _new_participant_account(email=email, full_name=full_name)
    return user, True


@transaction.atomic
def add_walk_in(*, session: TrainingSession, email: str, full_name: str, by: AbstractBaseUser | None,
                day: SessionDay | None = None, method: str = AttendanceMethod.ROSTER,
                now: datetime | None = None) -> tuple[Enrollment, bool]:
    """Put someone who turned up in the room on the session, even over capacity: they are already there.

    Creates their account when the email is new; a waiting, pending or cancelled place becomes a
    seat. With `day`, they are also marked present that day unless already marked. Returns the
    enrollment and whether a new account was created. No email is sent: the trainer is with them.
    """
    session = _locked_session(session.pk)
    if day is not None and day.session_id != session.pk:
        raise ValueError("The day belongs to another session.")
    user, created = _walk_in_account(email=email, full_name=full_name)
    enrollment = Enrollment.objects.select_for_update().filter(session=session, user=user).first()
    if enrollment is None:
        enrollment = Enrollment.objects.create(session=session, user=user, status=EnrollmentStatus.ENROLLED,
                                               source=EnrollmentSource.WALK_IN)
    elif enrollment.status not in (EnrollmentStatus.ENROLLED, EnrollmentStatus.COMPLETED):
        enrollment.source = EnrollmentSource.WALK_IN
        enrollment.save(update_fields=["source"])
        _set_status(enrollment, EnrollmentStatus.ENROLLED)
    if day is not None and not Attendance.objects.filter(enrollment=enrollment, day=day).exists():
        record_attendance(day=day, marks={enrollment.pk: AttendanceStatus.PRESENT}, by=by, method=method, now=now)
    return enrollment, created


# --- Coordinators: schedule changes, bulk approval, imports -----------------------------------------

if TYPE_CHECKING:
    from enrollments import imports

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


class ImportRejected(Exception):
    """Some rows of the import have errors, so nothing was imported."""


IMPORT_LOG_ACTION = "enrollments.import_participants"


@transaction.atomic
def import_participants(*, session: TrainingSession, rows: list[imports.ParticipantRow],
                        by: AbstractBaseUser | None) -> imports.ImportPlan:
    """Put every person of an uploaded list on the session, all or nothing; returns the plan it followed.

    Accounts are created where missing (no usable password, an unverified address, a profile from the
    row); existing accounts are reused and their profile only filled in where empty. Imports skip
    approval: seats while they remain, then the waiting list. People already on the session keep
    their place. Any row with errors raises ImportRejected. The session's admin history records who
    imported how many.
    """
    from wagtail.log_actions import log

    from enrollments import imports, selectors

    if not rows or any(row.errors for row in rows):
        raise ImportRejected(gettext("Correct the rows with errors and upload the file again."))
    session = _locked_session(session.pk)
    accounts = selectors.accounts_by_email(emails=[row.email for row in rows])
    plan = imports.plan_import(
        rows=rows, existing_emails=set(accounts),
        statuses_by_email=selectors.statuses_by_email(session=session, users=accounts),
        seats_left=seats_left(capacity=session.capacity, enrolled=selectors.enrolled_count(session=session)),
    )
    for planned in plan.rows:
        if not planned.changes_anything:
            continue
        user = accounts.get(planned.row.email)
        if user is None:
            user = _create_imported_account(planned.row)
        else:
            row = planned.row
            _fill_blank_profile_fields(user, full_name=row.name, profession=row.profession,
                                       organisation=row.organisation, oblast=row.oblast)
        _place_imported(session=session, user=user, status=planned.status)
    log(instance=session, action=IMPORT_LOG_ACTION, user=by, data={
        "enrolled": plan.enrolled, "waitlisted": plan.waitlisted, "new_accounts": plan.new_accounts,
    })
    return plan


def _create_imported_account(row: imports.ParticipantRow) -> AbstractBaseUser:
    return _new_participant_account(email=row.email, full_name=row.name, profession=row.profession,
                                    organisation=row.organisation, oblast=row.oblast)


def _new_participant_account(*, email: str, **profile_fields) -> AbstractBaseUser:
    """A participant account for someone added by staff (walk-in, import).

    It has no usable password and an unverified address: the person sets a password later through
    "Forgot your password?", which also proves the address is theirs.
    """
    from allauth.account.adapter import get_adapter
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from enrollments.roles import PARTICIPANT

    user = get_user_model()(email=email, username=get_adapter().generate_unique_username([email, "participant"]))
    user.set_unusable_password()
    user.save()
    user.groups.add(*Group.objects.filter(name=PARTICIPANT))
    EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    Profile.objects.create(user=user, **profile_fields)
    return user


def _fill_blank_profile_fields(user: AbstractBaseUser, **fields: str) -> None:
    """Fill in what the person has not told us themselves; never overwrite it."""
    profile, _ = Profile.objects.get_or_create(user=user)
    changed = [name for name, value in fields.items() if value and not getattr(profile, name)]
    for name in changed:
        setattr(profile, name, fields[name])
    if changed:
        profile.save(update_fields=[*changed, "updated_at"])


def _place_imported(*, session: TrainingSession, user: AbstractBaseUser, status: str) -> Enrollment:
    enrollment = Enrollment.objects.select_for_update().filter(session=session, user=user).first()
    if enrollment is None:
        enrollment = Enrollment.objects.create(session=session, user=user, status=status,
                                               source=EnrollmentSource.IMPORTED)
    else:  # a cancelled place, given again
        enrollment.source = EnrollmentSource.IMPORTED
        enrollment.save(update_fields=["source"])
        _set_status(enrollment, status)
    emails.notify_enrollment(enrollment, emails.KIND_BY_STATUS[status])
    return enrollment


# --- Reminders ------------------------------------------------------------------------------------

REMINDERS_LOG_ACTION = "enrollments.reminders_sent"


def send_session_reminders(*, today: date) -> int:
    """Remind everyone enrolled on a session whose first day is tomorrow; returns how many were emailed.

    Each session is reminded once per first day: the session's admin history records the run, and a
    second run finds that record and sends nothing. If the first day moves, a new reminder is due.
    """
    from enrollments import selectors

    tomorrow = today + timedelta(days=1)
    return sum(_remind_session(session_id=session_id, first_day=tomorrow)
               for session_id in selectors.sessions_starting_on(day=tomorrow))


@transaction.atomic
def _remind_session(*, session_id: int, first_day: date) -> int:
    from wagtail.models import ModelLogEntry

    session = _locked_session(session_id)  # two runs at once: the second waits, then sees the first's record
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
    session = _locked_session(session.pk)
    if session.status in (SessionStatus.CANCELLED, SessionStatus.COMPLETED):
        return []
    return promote_from_waitlist(session=session)
