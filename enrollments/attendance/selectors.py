"""Attendance reads: a day's roster with its marks, the check-in count, the change history, scanned tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q

from enrollments.attendance import checkin
from enrollments.models import (
    Attendance,
    AttendanceChange,
    AttendanceStatus,
    Enrollment,
    EnrollmentStatus,
    SessionDay,
    TrainingSession,
)
from enrollments.selectors import display_name, name_sort_key, profile_for

CHECKED_IN_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)  # who is in the room


@dataclass(frozen=True)
class RosterRow:
    """One person expected on a session day, with that day's mark if there is one."""

    enrollment: Enrollment
    name: str
    profession: str
    organisation: str
    attendance: Attendance | None

    @property
    def status(self) -> str:
        return self.attendance.status if self.attendance else ""

    @property
    def note(self) -> str:
        return self.attendance.note if self.attendance else ""

    @property
    def checked_in(self) -> bool:
        return self.status in CHECKED_IN_STATUSES


def roster_for_day(*, day: SessionDay) -> list[RosterRow]:
    """Everyone holding a place on the day's session, alphabetically, with profile and that day's mark.

    Two queries whatever the number of people or days.
    """
    enrollments = (
        Enrollment.objects.filter(session_id=day.session_id, status__in=EnrollmentStatus.holding_seat())
        .select_related("user__profile")
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.filter(day=day), to_attr="day_marks"))
    )
    rows = []
    for enrollment in enrollments:
        profile = profile_for(user=enrollment.user)
        rows.append(RosterRow(
            enrollment=enrollment,
            name=display_name(enrollment.user),
            profession=profile.get_profession_display() if profile.profession else "",
            organisation=profile.organisation,
            attendance=enrollment.day_marks[0] if enrollment.day_marks else None,
        ))
    return sorted(rows, key=lambda row: (name_sort_key(row.name), row.enrollment.pk))


@dataclass(frozen=True)
class CheckInCount:
    checked_in: int
    total: int


def count_checked_in(rows: list[RosterRow]) -> CheckInCount:
    return CheckInCount(checked_in=sum(row.checked_in for row in rows), total=len(rows))


def check_in_count(*, day: SessionDay) -> CheckInCount:
    """How many of the people expected on the day are marked present or late. One query."""
    expected = Enrollment.objects.filter(session_id=day.session_id, status__in=EnrollmentStatus.holding_seat())
    counts = expected.aggregate(
        total=Count("pk", distinct=True),
        checked_in=Count("attendance", filter=Q(attendance__day=day, attendance__status__in=CHECKED_IN_STATUSES)),
    )
    return CheckInCount(checked_in=counts["checked_in"], total=counts["total"])


def is_checked_in(*, day: SessionDay, user) -> bool:
    """Whether the user, holding a place, is already marked present or late on the day (by any means). One query."""
    return Attendance.objects.filter(day=day, enrollment__user=user, status__in=CHECKED_IN_STATUSES,
                                     enrollment__status__in=EnrollmentStatus.holding_seat()).exists()


def day_number(*, day: SessionDay) -> int:
    """1 for the first day of the session, 2 for the second…"""
    return SessionDay.objects.filter(session_id=day.session_id, date__lt=day.date).count() + 1


@dataclass(frozen=True)
class MarkChange:
    """One change of a mark, with the names of the person marked and of who marked them."""

    change: AttendanceChange
    participant: str
    changed_by: str  # "" when the account is gone


def attendance_history(*, session: TrainingSession) -> list[MarkChange]:
    """Every change of a mark on the session, newest first: who, when, old → new. One query."""
    changes = (
        AttendanceChange.objects.filter(attendance__day__session=session)
        .select_related("attendance__day", "attendance__enrollment__user__profile", "changed_by__profile")
        .order_by("-changed_at", "-pk")
    )
    return [
        MarkChange(change=change, participant=display_name(change.attendance.enrollment.user),
                   changed_by=display_name(change.changed_by) if change.changed_by else "")
        for change in changes
    ]


def check_in_day(*, token: str) -> SessionDay:
    """The day a scanned token was issued for; raises CheckInRefused when it is forged, too old or gone."""
    day = SessionDay.objects.select_related("session").filter(pk=checkin.day_id_from_token(token)).first()
    if day is None:
        raise checkin.CheckInRefused(checkin.INVALID)
    return day


def marks_on_days(*, day_ids) -> dict[int, tuple[date, int]]:
    """The days among `day_ids` that have attendance marks, by date: day id → (its date as stored, how many marks).
    One query."""
    rows = (SessionDay.objects.filter(pk__in=day_ids).annotate(marks=Count("attendance")).filter(marks__gt=0)
            .order_by("date").values_list("pk", "date", "marks"))
    return {pk: (day, marks) for pk, day, marks in rows}
