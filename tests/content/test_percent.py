"""Percentages written one way per language (content/percent.py and the `percent` filter)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from content.percent import format_percent


@pytest.mark.parametrize(("language", "value", "expected"), [
    ("uk", 85, "85\u00a0%"),
    ("uk", Decimal("62.5"), "62,5\u00a0%"),
    ("uk", 66.666, "66,7\u00a0%"),
    ("uk", 100.0, "100\u00a0%"),
    ("en", 85, "85%"),
    ("en", Decimal("62.5"), "62.5%"),
    ("en", 0, "0%"),
])
def test_format_percent(language, value, expected):
    with translation.override(language):
        assert format_percent(value) == expected


def test_the_filter_leaves_a_missing_value_to_the_template():
    template = Template("{% load numbers %}[{{ none|percent }}][{{ half|percent }}]")
    with translation.override("en"):
        assert template.render(Context({"none": None, "half": 50})) == "[][50%]"
