"""When the applying tests happen: a deadline already in summer time, and a server clock five days before it."""

from datetime import date, time, timedelta

from enrollments.calls.window import kyiv_moment

DEADLINE = kyiv_moment(date(2026, 3, 31), time(23, 59))  # 20:59 UTC
NOW = DEADLINE - timedelta(days=5)
