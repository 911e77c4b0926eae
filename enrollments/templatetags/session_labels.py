"""`session_label`, `session_dates` and `session_hours` filters: a session named and counted one way
(enrollments.session_label, enrollments.session_hours)."""

from django import template
from django.utils.translation import gettext

from content.hours import hours_label
from enrollments import session_hours as hours
from enrollments import session_label as labels

register = template.Library()


def _first_and_last(item):
    """A session annotated with `first_day` and `last_day` (selectors.with_seats_and_days), a session whose days
    are prefetched, or anything carrying its own `first_day` and `last_day`, such as a certificate."""
    if hasattr(item, "first_day"):
        return item.first_day, item.last_day
    days = list(item.days.all())
    return (days[0].date, days[-1].date) if days else (None, None)


def _place(item) -> str:
    if getattr(item, "format", "") == "online":
        return gettext("Online")
    return item.city or getattr(item, "venue", "")


@register.filter
def session_label(item) -> str:
    first, last = _first_and_last(item)
    return labels.session_label(place=_place(item), first=first, last=last)


@register.filter
def session_dates(item) -> str:
    first, _last = _first_and_last(item)
    return labels.session_label(place="", first=first, last=_last)


@register.filter
def session_hours(session) -> str:
    """The session's hours, '18 годин': as its certificate prints them."""
    return hours_label(hours.training_hours(session))
