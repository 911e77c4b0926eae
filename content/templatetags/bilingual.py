"""Words kept in both languages on ordinary rows, marked lang="uk" where an English page shows the Ukrainian."""

from django import template
from django.utils.html import format_html

from content.bilingual import fell_back_to_ukrainian

register = template.Library()


@register.simple_tag
def translated(row, field: str):
    """`{% translated session "title" %}`: the reader's words; the Ukrainian ones in <span lang="uk"> if fallen back."""
    value = getattr(row, field, "") or ""
    if value and fell_back_to_ukrainian(row, field):
        return format_html('<span lang="uk">{}</span>', value)
    return value
