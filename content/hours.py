"""One way to write a number of hours: '18 годин', '1 годину', '7,5 години' in Ukrainian, '18 hours', '7.5 hours' in
English (the active language), on course cards and pages, session pages and certificates alike."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import ngettext, pgettext


def hours_label(hours: Decimal) -> str:
    if hours == hours.to_integral_value():
        count = int(hours)
        return ngettext("%(hours)s hour", "%(hours)s hours", count) % {"hours": count}
    # gettext plurals need whole numbers; Ukrainian has its own form for fractions.
    return pgettext("a fractional number of hours", "%(hours)s hours") % {"hours": number_format(hours)}
