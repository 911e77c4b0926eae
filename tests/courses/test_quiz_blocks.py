"""The quiz question blocks (courses/quiz_blocks.py): what a block refuses on its own."""

import pytest
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db


def test_a_band_must_not_end_below_its_start(tree):
    from courses.quiz_blocks import BandBlock

    block = BandBlock()
    value = block.to_python({"min_score": 5, "max_score": 2, "label": "?", "advice": "<p>.</p>"})
    with pytest.raises(ValidationError):
        block.clean(value)
