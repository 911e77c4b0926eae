"""Validity: when a certificate expires, and whether it has. Expiry is a date in Kyiv time."""

import calendar
from datetime import date


def expiry_date(*, issued_on: date, months: int | None) -> date | None:
    """The day it stops being valid, `months` after issue (31 Jan + 1 month = 28/29 Feb); None: never."""
    if not months:
        return None
    month_index = issued_on.month - 1 + months
    year, month = issued_on.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(issued_on.day, calendar.monthrange(year, month)[1]))


def is_expired(*, expires_on: date | None, today: date) -> bool:
    """Valid up to and including the day before `expires_on`."""
    return expires_on is not None and today >= expires_on
