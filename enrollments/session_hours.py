"""A session's hours: counted once from its days and written one way, wherever they are shown (the course page's
session cards, the session page, the certificate and its verification page)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.formats import number_format
from django.utils.translation import ngettext, pgettext

if TYPE_CHECKING:
    from enrollments.models import SessionDay


def scheduled_hours(days: Iterable[SessionDay]) -> Decimal:
    """Hours from the first start to the last end of each day, summed, to a tenth of an hour."""
    minutes = sum(
        (datetime.combine(day.date, day.ends_at) - datetime.combine(day.date, day.starts_at)).seconds // 60
        for day in days
    )
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"))


def hours_label(hours: Decimal) -> str:
    """'18 годин' / '1 годину' / '7,5 години' in Ukrainian, '18 hours' in English (the active language)."""
    if hours == hours.to_integral_value():
        count = int(hours)
        return ngettext("%(hours)s hour", "%(hours)s hours", count) % {"hours": count}
    # gettext plurals need whole numbers; Ukrainian has its own form for fractions.
    return pgettext("a fractional number of hours", "%(hours)s hours") % {"hours": number_format(hours)}
