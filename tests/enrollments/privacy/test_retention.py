"""The retention rule (enrollments/privacy/retention.py): when each purpose's period starts and when it has run out."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enrollments.privacy import retention
from enrollments.privacy.retention import (
    RetentionSettingError,
    application_due,
    is_due,
    last_start,
    months_later,
    periods,
    reporting_details_due,
)

TODAY = date(2027, 3, 15)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
months = st.integers(min_value=1, max_value=120)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 1, 15), 12, date(2027, 1, 15)),
    (date(2026, 1, 31), 1, date(2026, 2, 28)),  # a shorter month: its last day
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2026, 12, 1), 6, date(2027, 6, 1)),
])
def test_months_later_keeps_the_day_or_the_months_last(day, months, expected):
    assert months_later(day, months) == expected


@given(day=days, months=months)
def test_months_later_is_later_by_about_that_many_months(day, months):
    later = months_later(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day <= day.day


@given(today=days, months=months)
def test_last_start_is_exactly_the_latest_day_whose_period_has_run_out(today, months):
    start = last_start(today, months)
    assert is_due(since=start, months=months, today=today)
    assert not is_due(since=start + timedelta(days=1), months=months, today=today)


@given(since=days, months=months, today=days)
def test_due_from_the_day_the_period_ends_and_on_every_day_after(since, months, today):
    assert is_due(since=since, months=months, today=today) == (today >= months_later(since, months))


@pytest.mark.parametrize(("consented", "ends", "today", "expected"), [
    # Trained: counted from the last day of the last training, whatever the consent's date.
    (date(2025, 1, 1), [date(2026, 3, 16)], TODAY, False),
    (date(2025, 1, 1), [date(2026, 3, 15)], TODAY, True),
    (date(2025, 1, 1), [date(2025, 6, 1), date(2026, 6, 1)], TODAY, False),  # the later training counts
    # A training whose days are not set yet has not ended.
    (date(2020, 1, 1), [date(2020, 6, 1), None], TODAY, False),
    # Never trained: counted from the consent.
    (date(2026, 3, 15), [], TODAY, True),
    (date(2026, 3, 16), [], TODAY, False),
    # Details without any consent on record are not kept at all.
    (None, [], TODAY, True),
])
def test_reporting_details_are_due_a_period_after_the_last_training_or_the_consent(consented, ends, today,
                                                                                    expected):
    assert reporting_details_due(consented_on=consented, training_ends=ends, months=12, today=today) is expected


KYIV_MIDNIGHT = datetime(2026, 9, 14, 21, 30, tzinfo=UTC)  # 15 September 00:30 in Kyiv


@pytest.mark.parametrize(("status", "deadline", "decided", "expected"), [
    ("rejected", datetime(2026, 9, 1, 12, tzinfo=UTC), datetime(2026, 9, 16, tzinfo=UTC), False),  # decided later
    ("rejected", datetime(2026, 9, 1, 12, tzinfo=UTC), datetime(2026, 9, 15, tzinfo=UTC), True),
    ("withdrawn", datetime(2026, 9, 16, 12, tzinfo=UTC), datetime(2026, 8, 1, tzinfo=UTC), False),  # the deadline
    ("withdrawn", datetime(2026, 9, 15, 12, tzinfo=UTC), datetime(2026, 8, 1, tzinfo=UTC), True),
    ("draft", datetime(2026, 9, 15, 12, tzinfo=UTC), None, True),
    ("draft", KYIV_MIDNIGHT, None, True),  # the Kyiv day, not the UTC one (14 September)
    ("draft", KYIV_MIDNIGHT + timedelta(days=1), None, False),
    # Accepted ones stay, and those in review wait for a decision however old the call.
    ("accepted", datetime(2020, 1, 1, tzinfo=UTC), datetime(2020, 2, 1, tzinfo=UTC), False),
    ("submitted", datetime(2020, 1, 1, tzinfo=UTC), None, False),
    ("shortlisted", datetime(2020, 1, 1, tzinfo=UTC), None, False),
])
def test_applications_not_accepted_are_due_after_the_later_of_deadline_and_decision(status, deadline, decided,
                                                                                     expected):
    assert application_due(status=status, deadline=deadline, decided_at=decided, months=6, today=TODAY) is expected


def test_periods_of_every_purpose_are_read_from_the_setting():
    setting = {"reporting_details": 12, "rejected_applications": 6, "access_log": 24, "other": 3}
    assert periods(setting) == {"reporting_details": 12, "rejected_applications": 6, "access_log": 24}


@pytest.mark.parametrize(("setting", "message"), [
    ({"reporting_details": 12, "access_log": 24}, "no period for rejected_applications"),
    ({"reporting_details": 0, "rejected_applications": 6, "access_log": 24}, r"\['reporting_details'\] must be"),
    ({"reporting_details": 12, "rejected_applications": "6", "access_log": 24}, "not '6'"),
    ({"reporting_details": 12, "rejected_applications": 6, "access_log": True}, "not True"),
])
def test_a_setting_that_cannot_be_enforced_is_refused_by_name(setting, message):
    with pytest.raises(RetentionSettingError, match=message):
        periods(setting)


def test_every_purpose_enforced_has_a_period_in_the_settings(settings):
    assert set(retention.PURPOSES) <= set(settings.PRIVACY_RETENTION_MONTHS)
