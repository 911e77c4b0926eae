"""The attendance rules: one place for rate, "attended every day" and session completion.

Used by the dashboard, the roster and, later, certificates and reports. Days in the future never
count against anyone: they are neither attended nor missed yet.
"""

from dataclasses import dataclass
from datetime import date

from enrollments.models import AttendanceStatus


@dataclass(frozen=True)
class AttendancePolicy:
    late_counts: bool = True
    excused_counts: bool = False

    def counts_as_attended(self, status: str | None) -> bool:
        if status == AttendanceStatus.PRESENT:
            return True
        if status == AttendanceStatus.LATE:
            return self.late_counts
        if status == AttendanceStatus.EXCUSED:
            return self.excused_counts
        return False


@dataclass(frozen=True)
class AttendanceSummary:
    held_days: tuple[date, ...]  # days up to today, in order
    attended_days: tuple[date, ...]
    missed_days: tuple[date, ...]
    future_days: tuple[date, ...]

    @property
    def rate(self) -> float | None:
        """Share of held days attended, 0–1; None before the first day."""
        return len(self.attended_days) / len(self.held_days) if self.held_days else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)

    @property
    def attended_every_held_day(self) -> bool:
        return not self.missed_days

    @property
    def attended_every_day(self) -> bool:
        """Every scheduled day is over and was attended."""
        return not self.future_days and not self.missed_days and bool(self.held_days)


def summarise_attendance(*, days: list[date], marks: dict[date, str], today: date,
                         policy: AttendancePolicy) -> AttendanceSummary:
    """Attendance of one enrollment: `marks` maps a day's date to its status.

    A past day without a mark counts as missed; today counts once it is marked; later days never count.
    """
    ordered = sorted(days)
    held = tuple(d for d in ordered if d < today or (d == today and d in marks))
    attended = tuple(d for d in held if policy.counts_as_attended(marks.get(d)))
    return AttendanceSummary(
        held_days=held,
        attended_days=attended,
        missed_days=tuple(d for d in held if d not in attended),
        future_days=tuple(d for d in ordered if d not in held),
    )


def session_completed(*, days: list[date], today: date) -> bool:
    """A session is complete once its last day is over."""
    return bool(days) and max(days) < today
