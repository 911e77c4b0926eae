"""`{{ value|percent }}` and `{{ value|hours }}`: percentages and hours written one way per language (content.percent,
content.hours)."""

from decimal import Decimal

from django import template

from content.hours import hours_label
from content.percent import format_percent

register = template.Library()


@register.filter
def percent(value) -> str:
    """'' for a missing value, so a template can show its own dash."""
    if value is None or value == "":
        return ""
    return format_percent(value)


@register.filter
def hours(value) -> str:
    """'' for a missing value."""
    if value is None or value == "":
        return ""
    return hours_label(Decimal(str(value)))
