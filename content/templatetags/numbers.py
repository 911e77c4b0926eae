"""`{{ value|percent }}`: a percentage written one way per language (content.percent)."""

from django import template

from content.percent import format_percent

register = template.Library()


@register.filter
def percent(value) -> str:
    """'' for a missing value, so a template can show its own dash."""
    if value is None or value == "":
        return ""
    return format_percent(value)
