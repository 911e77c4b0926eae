"""Validity (certificates/validity.py): expiry dates by calendar months, expired on the date itself."""

from datetime import date

import pytest

from certificates.validity import expiry_date, is_expired


@pytest.mark.parametrize(("issued_on", "months", "expires_on"), [
    pytest.param(date(2026, 1, 31), 1, date(2026, 2, 28), id="31-jan+1-is-28-feb"),
    pytest.param(date(2028, 1, 31), 1, date(2028, 2, 29), id="31-jan+1-is-29-feb-in-a-leap-year"),
    pytest.param(date(2026, 1, 15), 1, date(2026, 2, 15), id="same-day-next-month"),
    pytest.param(date(2026, 3, 31), 1, date(2026, 4, 30), id="31-mar+1-is-30-apr"),
    pytest.param(date(2026, 3, 15), 12, date(2027, 3, 15), id="twelve-months-is-a-year"),
    pytest.param(date(2026, 12, 31), 1, date(2027, 1, 31), id="over-new-year"),
    pytest.param(date(2026, 11, 30), 3, date(2027, 2, 28), id="30-nov+3-is-28-feb"),
    pytest.param(date(2028, 2, 29), 12, date(2029, 2, 28), id="29-feb+12-is-28-feb"),
    pytest.param(date(2026, 5, 10), 36, date(2029, 5, 10), id="three-years"),
    pytest.param(date(2026, 5, 10), 25, date(2028, 6, 10), id="two-years-and-a-month"),
])
def test_expiry_date_adds_calendar_months(issued_on, months, expires_on):
    assert expiry_date(issued_on=issued_on, months=months) == expires_on


@pytest.mark.parametrize("months", [None, 0])
def test_without_a_validity_period_it_never_expires(months):
    assert expiry_date(issued_on=date(2026, 1, 31), months=months) is None


@pytest.mark.parametrize(("today", "expired"), [
    pytest.param(date(2027, 3, 14), False, id="the-day-before"),
    pytest.param(date(2027, 3, 15), True, id="on-the-date"),
    pytest.param(date(2030, 1, 1), True, id="after"),
])
def test_expired_on_the_expiry_date(today, expired):
    assert is_expired(expires_on=date(2027, 3, 15), today=today) is expired


def test_a_certificate_without_expiry_never_expires():
    assert is_expired(expires_on=None, today=date(2100, 1, 1)) is False
