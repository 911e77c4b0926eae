"""The certificate rule: has this participant done what the rule asks, and if not, what is missing.

Pure: plain values in, an answer out. `certificates.selectors.participant_record` gathers the
inputs and `certificates.services` acts on the answer. Attendance is counted with the session's
own policy (late and excused marks) before it gets here, as a set of attended dates.

- Every day: each scheduled day must be attended. A past day that was not is reported as missed
  (only a trainer's correction can change that); today and later days as days still to attend.
- A share of the days: at least ceil(days × percent / 100) scheduled days attended.
- Quizzes: a passed attempt at each (any attempt counts, the best one decides).
- Modules: each marked complete.
- The certificate prints the holder's full name, so one must be on the profile.
"""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Named:
    key: UUID  # the page's translation key: the same in every language
    title: str


@dataclass(frozen=True)
class Requirements:
    every_day: bool
    min_percent: int = 100
    quizzes: tuple[Named, ...] = ()
    modules: tuple[Named, ...] = ()


@dataclass(frozen=True)
class ParticipantRecord:
    days: tuple[date, ...]  # the session's scheduled days
    attended: frozenset[date]
    today: date
    passed_quizzes: frozenset[UUID] = frozenset()
    completed_modules: frozenset[UUID] = frozenset()
    holds_place: bool = True  # enrolled (or completed), not cancelled, waiting or pending
    has_name: bool = True


@dataclass(frozen=True)
class Missing:
    """One thing still missing; `code` says what, the other fields fill in the explanation."""

    code: str  # one of the constants below
    day: date | None = None
    day_number: int | None = None
    title: str = ""
    needed: int = 0
    have: int = 0
    total: int = 0

    NOT_ENROLLED = "not_enrolled"
    NO_NAME = "no_name"
    NO_DAYS = "no_days"
    ATTEND_DAY = "attend_day"
    MISSED_DAY = "missed_day"
    ATTENDANCE_SHARE = "attendance_share"
    PASS_QUIZ = "pass_quiz"  # noqa: S105 - a requirement code, not a password
    COMPLETE_MODULE = "complete_module"

    @property
    def message(self) -> str:
        return describe(self)


@dataclass(frozen=True)
class Eligibility:
    missing: tuple[Missing, ...]

    @property
    def eligible(self) -> bool:
        return not self.missing


def required_days(*, total: int, percent: int) -> int:
    """Days to attend for `percent` of `total`: rounded up, so 80 % of 3 days is all 3."""
    return -(-total * percent // 100)


def evaluate(*, requirements: Requirements, record: ParticipantRecord) -> Eligibility:
    """Everything the participant still has to do for this rule; nothing missing means eligible."""
    if not record.holds_place:
        return Eligibility(missing=(Missing(Missing.NOT_ENROLLED),))
    missing: list[Missing] = []
    missing += _attendance(requirements, record)
    missing += [Missing(Missing.PASS_QUIZ, title=quiz.title)
                for quiz in requirements.quizzes if quiz.key not in record.passed_quizzes]
    missing += [Missing(Missing.COMPLETE_MODULE, title=module.title)
                for module in requirements.modules if module.key not in record.completed_modules]
    if not record.has_name:
        missing.append(Missing(Missing.NO_NAME))
    return Eligibility(missing=tuple(missing))


def _attendance(requirements: Requirements, record: ParticipantRecord) -> list[Missing]:
    days = sorted(record.days)
    if not days:
        return [Missing(Missing.NO_DAYS)]
    if requirements.every_day:
        return [
            Missing(Missing.MISSED_DAY if day < record.today else Missing.ATTEND_DAY, day=day, day_number=number)
            for number, day in enumerate(days, start=1) if day not in record.attended
        ]
    attended = len(record.attended & set(days))
    needed = required_days(total=len(days), percent=requirements.min_percent)
    if attended >= needed:
        return []
    return [Missing(Missing.ATTENDANCE_SHARE, needed=needed, have=attended, total=len(days))]


def describe(missing: Missing) -> str:
    """What the participant reads on their dashboard, in the active language."""
    day = date_format(missing.day, "SHORT_DATE_FORMAT") if missing.day else ""
    match missing.code:
        case Missing.NOT_ENROLLED:
            return _("Only people with a place on the session receive its certificate.")
        case Missing.NO_NAME:
            return _("Add your full name to your profile: it is printed on the certificate.")
        case Missing.NO_DAYS:
            return _("The session has no days scheduled yet.")
        case Missing.ATTEND_DAY:
            return _("Attend day %(number)d (%(date)s).") % {"number": missing.day_number, "date": day}
        case Missing.MISSED_DAY:
            return _("Day %(number)d (%(date)s) is not marked as attended. If you were there, ask your trainer "
                     "to correct the attendance.") % {"number": missing.day_number, "date": day}
        case Missing.ATTENDANCE_SHARE:
            return ngettext(
                "Attend at least %(needed)d of the %(total)d days (%(have)d so far).",
                "Attend at least %(needed)d of the %(total)d days (%(have)d so far).",
                missing.needed,
            ) % {"needed": missing.needed, "total": missing.total, "have": missing.have}
        case Missing.PASS_QUIZ:
            return _("Pass “%(title)s”.") % {"title": missing.title}
        case Missing.COMPLETE_MODULE:
            return _("Complete the module “%(title)s”.") % {"title": missing.title}
    raise ValueError(f"Unknown requirement: {missing.code}")
