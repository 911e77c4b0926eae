"""When a record has been kept as long as the privacy notice promises: the pure rule, per purpose.

The periods are months in settings.PRIVACY_RETENTION_MONTHS (the privacy notice reads the same dict); this module
says when each period starts and whether it has run out. `enrollments.privacy.services` gathers the dates and
removes what is due.

- reporting_details (sex, age band, displacement status, disability): from the last day of the person's last
  training; from their consent if they never had a place on one. A place on a training whose days are not set yet
  keeps them: that training has not ended.
- rejected_applications (not accepted, withdrawn, drafts never sent): from the call's deadline, or from the
  decision (a rejection, a withdrawal) when that came later. Applications still in review are never due: a
  coordinator has not decided yet.
- access_log: from the moment the record was written.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from enrollments.calls.transitions import Status
from enrollments.calls.window import KYIV

REPORTING_DETAILS = "reporting_details"
REJECTED_APPLICATIONS = "rejected_applications"
ACCESS_LOG = "access_log"
PURPOSES = (REPORTING_DETAILS, REJECTED_APPLICATIONS, ACCESS_LOG)
# Applications that will not lead to a place: decided against, given up, or never sent.
NOT_ACCEPTED = frozenset({Status.DRAFT, Status.REJECTED, Status.WITHDRAWN})


class RetentionSettingError(ValueError):
    """settings.PRIVACY_RETENTION_MONTHS lacks a purpose or holds a period that is not a whole number of months."""


def periods(setting: Mapping[str, object]) -> dict[str, int]:
    """The months of every purpose this module enforces, or RetentionSettingError naming what is wrong."""
    missing = [purpose for purpose in PURPOSES if purpose not in setting]
    if missing:
        raise RetentionSettingError(f"PRIVACY_RETENTION_MONTHS has no period for {', '.join(missing)}.")
    result = {}
    for purpose in PURPOSES:
        months = setting[purpose]
        if isinstance(months, bool) or not isinstance(months, int) or months < 1:
            raise RetentionSettingError(f"PRIVACY_RETENTION_MONTHS[{purpose!r}] must be a whole number of months, "
                                        f"at least 1, not {months!r}.")
        result[purpose] = months
    return result


def months_later(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where it is shorter (31 January + 1 month: 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def last_start(today: date, months: int) -> date:
    """The latest day a period of `months` may have started on to have run out by `today`: everything kept since
    that day or earlier is due (the database's filter, the inverse of `months_later`)."""
    index = today.month - 1 - months
    year, month = today.year + index // 12, index % 12 + 1
    length = calendar.monthrange(year, month)[1]
    month_ends_today = today.day == calendar.monthrange(today.year, today.month)[1]
    return date(year, month, length if month_ends_today else min(today.day, length))


def is_due(*, since: date, months: int, today: date) -> bool:
    """A period that started on `since` has run out on the day `months` later, and on every day after it."""
    return today >= months_later(since, months)


def reporting_details_due(*, consented_on: date | None, training_ends: Iterable[date | None], months: int,
                          today: date) -> bool:
    """Whether a person's reporting details are due for removal.

    `training_ends`: the last day of each training the person holds or held a place on (None where the training's
    days are not set yet). `consented_on`: the day of their consent, None when they have none on record (details
    without consent are not kept at all).
    """
    ends = list(training_ends)
    if any(end is None for end in ends):
        return False
    if ends:
        return is_due(since=max(ends), months=months, today=today)
    if consented_on is None:
        return True
    return is_due(since=consented_on, months=months, today=today)


def application_due(*, status: str, deadline: datetime, decided_at: datetime | None, months: int,
                    today: date) -> bool:
    """Whether an application's answers and files are due for removal (see the module's docstring)."""
    if status not in NOT_ACCEPTED:
        return False
    since = max(deadline, decided_at) if decided_at is not None else deadline
    return is_due(since=kyiv_day(since), months=months, today=today)


def kyiv_day(moment: datetime) -> date:
    """The Kyiv calendar day of a moment (deadlines and decisions are Kyiv times)."""
    return moment.astimezone(KYIV).date()
