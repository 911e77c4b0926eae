"""The attendance rules: rate, "attended every day" and session completion, with each policy."""

from datetime import date

import pytest

from enrollments.attendance.rules import AttendancePolicy, AttendanceSummary, session_completed, summarise_attendance
from enrollments.models import AttendanceStatus

PRESENT, LATE, EXCUSED, ABSENT = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.EXCUSED,
                                  AttendanceStatus.ABSENT)
D1, D2, D3 = date(2025, 3, 10), date(2025, 3, 11), date(2025, 3, 12)
DAYS = [D1, D2, D3]
AFTER = date(2025, 3, 20)
BEFORE = date(2025, 3, 1)

DEFAULT = AttendancePolicy()
STRICT = AttendancePolicy(late_counts=False, excused_counts=False)
LENIENT = AttendancePolicy(late_counts=True, excused_counts=True)
EXCUSED_ONLY = AttendancePolicy(late_counts=False, excused_counts=True)


def test_default_policy_counts_late_but_not_excused():
    assert AttendancePolicy() == AttendancePolicy(late_counts=True, excused_counts=False)


@pytest.mark.parametrize(
    ("policy", "status", "counts"),
    [
        (DEFAULT, PRESENT, True), (DEFAULT, LATE, True), (DEFAULT, EXCUSED, False), (DEFAULT, ABSENT, False),
        (STRICT, PRESENT, True), (STRICT, LATE, False), (STRICT, EXCUSED, False), (STRICT, ABSENT, False),
        (LENIENT, PRESENT, True), (LENIENT, LATE, True), (LENIENT, EXCUSED, True), (LENIENT, ABSENT, False),
        (EXCUSED_ONLY, LATE, False), (EXCUSED_ONLY, EXCUSED, True),
        (LENIENT, None, False), (LENIENT, "", False), (LENIENT, "sleeping", False),
    ],
)
def test_counts_as_attended(policy, status, counts):
    assert policy.counts_as_attended(status) is counts


@pytest.mark.parametrize(
    ("policy", "marks", "attended", "missed"),
    [
        pytest.param(DEFAULT, {D1: PRESENT, D2: PRESENT, D3: PRESENT}, DAYS, [], id="all-present"),
        pytest.param(DEFAULT, {D1: PRESENT, D2: LATE, D3: PRESENT}, DAYS, [], id="late-counts"),
        pytest.param(STRICT, {D1: PRESENT, D2: LATE, D3: PRESENT}, [D1, D3], [D2], id="late-does-not-count"),
        pytest.param(DEFAULT, {D1: PRESENT, D2: EXCUSED, D3: PRESENT}, [D1, D3], [D2], id="excused-not-counted"),
        pytest.param(LENIENT, {D1: PRESENT, D2: EXCUSED, D3: PRESENT}, DAYS, [], id="excused-counted"),
        pytest.param(EXCUSED_ONLY, {D1: LATE, D2: EXCUSED, D3: PRESENT}, [D2, D3], [D1], id="excused-not-late"),
        pytest.param(LENIENT, {D1: ABSENT, D2: ABSENT, D3: ABSENT}, [], DAYS, id="absent-never-counts"),
        pytest.param(DEFAULT, {D1: PRESENT, D3: PRESENT}, [D1, D3], [D2], id="unmarked-past-day-is-missed"),
        pytest.param(DEFAULT, {}, [], DAYS, id="nothing-marked"),
    ],
)
def test_summary_after_the_session(policy, marks, attended, missed):
    summary = summarise_attendance(days=DAYS, marks=marks, today=AFTER, policy=policy)

    assert summary == AttendanceSummary(
        held_days=tuple(DAYS), attended_days=tuple(attended), missed_days=tuple(missed), future_days=(),
    )


def test_days_are_reported_in_date_order_whatever_the_input_order():
    summary = summarise_attendance(days=[D3, D1, D2], marks={D3: PRESENT, D1: PRESENT}, today=AFTER, policy=DEFAULT)

    assert summary.held_days == (D1, D2, D3)
    assert summary.attended_days == (D1, D3)
    assert summary.missed_days == (D2,)


def test_marks_for_days_not_in_the_session_are_ignored():
    summary = summarise_attendance(days=[D1], marks={D1: PRESENT, D2: ABSENT}, today=AFTER, policy=DEFAULT)

    assert summary.held_days == (D1,)
    assert summary.missed_days == ()
    assert summary.rate == 1


@pytest.mark.parametrize("marks", [{}, {D1: PRESENT, D2: ABSENT, D3: LATE}], ids=["unmarked", "marked-early"])
def test_future_days_never_count_against_anyone(marks):
    """Before the session no day is held, even one wrongly marked in advance."""
    summary = summarise_attendance(days=DAYS, marks=marks, today=BEFORE, policy=DEFAULT)

    assert summary.held_days == ()
    assert summary.missed_days == ()
    assert summary.future_days == tuple(DAYS)
    assert summary.rate is None
    assert summary.percent is None
    assert summary.attended_every_held_day is True
    assert summary.attended_every_day is False


@pytest.mark.parametrize(
    ("marks", "held", "attended", "missed", "future"),
    [
        pytest.param({}, [D1], [], [D1], [D2, D3], id="today-unmarked-does-not-count-yet"),
        pytest.param({D1: PRESENT}, [D1], [D1], [], [D2, D3], id="yesterday-attended-today-unmarked"),
        pytest.param({D1: PRESENT, D2: PRESENT}, [D1, D2], [D1, D2], [], [D3], id="today-marked-present"),
        pytest.param({D1: PRESENT, D2: ABSENT}, [D1, D2], [D1], [D2], [D3], id="today-marked-absent"),
        pytest.param({D2: PRESENT}, [D1, D2], [D2], [D1], [D3], id="yesterday-unmarked-is-missed"),
    ],
)
def test_today_counts_only_once_marked(marks, held, attended, missed, future):
    summary = summarise_attendance(days=DAYS, marks=marks, today=D2, policy=DEFAULT)

    assert summary.held_days == tuple(held)
    assert summary.attended_days == tuple(attended)
    assert summary.missed_days == tuple(missed)
    assert summary.future_days == tuple(future)


def test_first_day_today_unmarked_means_nothing_held_yet():
    summary = summarise_attendance(days=DAYS, marks={}, today=D1, policy=DEFAULT)

    assert summary.held_days == ()
    assert summary.future_days == tuple(DAYS)
    assert summary.rate is None


@pytest.mark.parametrize(
    ("marks", "today", "rate", "percent"),
    [
        pytest.param({D1: PRESENT, D2: PRESENT, D3: PRESENT}, AFTER, 1.0, 100, id="all"),
        pytest.param({D1: PRESENT, D2: PRESENT}, AFTER, 2 / 3, 67, id="two-of-three-rounds-up"),
        pytest.param({D1: PRESENT}, AFTER, 1 / 3, 33, id="one-of-three-rounds-down"),
        pytest.param({}, AFTER, 0.0, 0, id="none"),
        pytest.param({D1: PRESENT}, D2, 1.0, 100, id="mid-session-all-held-days"),
        pytest.param({D1: ABSENT}, D2, 0.0, 0, id="mid-session-none"),
        pytest.param({D1: PRESENT, D2: ABSENT}, D2, 0.5, 50, id="mid-session-half"),
        pytest.param({}, BEFORE, None, None, id="before-first-day"),
    ],
)
def test_rate_and_percent(marks, today, rate, percent):
    summary = summarise_attendance(days=DAYS, marks=marks, today=today, policy=DEFAULT)

    assert summary.rate == (None if rate is None else pytest.approx(rate))
    assert summary.percent == percent


@pytest.mark.parametrize(
    ("marks", "today", "every_held_day", "every_day"),
    [
        pytest.param({D1: PRESENT, D2: LATE, D3: PRESENT}, AFTER, True, True, id="complete-and-attended"),
        pytest.param({D1: PRESENT, D2: ABSENT, D3: PRESENT}, AFTER, False, False, id="one-absence"),
        pytest.param({D1: PRESENT, D3: PRESENT}, AFTER, False, False, id="one-unmarked"),
        pytest.param({D1: PRESENT}, D2, True, False, id="so-far-so-good"),
        pytest.param({D1: PRESENT, D2: PRESENT}, D2, True, False, id="last-day-still-ahead"),
        pytest.param({D1: PRESENT, D2: PRESENT, D3: PRESENT}, D3, True, True, id="last-day-marked-today"),
        pytest.param({D1: PRESENT, D2: PRESENT}, D3, True, False, id="last-day-today-unmarked"),
        pytest.param({D1: ABSENT}, D2, False, False, id="missed-first-day"),
        pytest.param({}, BEFORE, True, False, id="not-started"),
    ],
)
def test_attended_every_day(marks, today, every_held_day, every_day):
    summary = summarise_attendance(days=DAYS, marks=marks, today=today, policy=DEFAULT)

    assert summary.attended_every_held_day is every_held_day
    assert summary.attended_every_day is every_day


def test_a_session_without_days_is_never_attended_every_day():
    summary = summarise_attendance(days=[], marks={}, today=AFTER, policy=DEFAULT)

    assert summary.rate is None
    assert summary.attended_every_day is False


@pytest.mark.parametrize(
    ("days", "today", "completed"),
    [
        pytest.param(DAYS, AFTER, True, id="after-last-day"),
        pytest.param(DAYS, date(2025, 3, 13), True, id="day-after-last-day"),
        pytest.param(DAYS, D3, False, id="on-last-day"),
        pytest.param(DAYS, D2, False, id="in-the-middle"),
        pytest.param(DAYS, BEFORE, False, id="before"),
        pytest.param([D3, D1], date(2025, 3, 11), False, id="unordered-days"),
        pytest.param([], AFTER, False, id="no-days"),
    ],
)
def test_session_completed(days, today, completed):
    assert session_completed(days=days, today=today) is completed
