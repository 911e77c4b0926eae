"""The <id:…> path converter (content/converters.py): ids that fit a 64-bit column, and nothing longer."""

import re

import pytest
from django.urls import NoReverseMatch, resolve, reverse

from content.converters import IdConverter


@pytest.mark.parametrize(("text", "matches"), [("1", True), ("9" * 18, True), ("9" * 19, False), (str(2**63), False),
                                               ("", False), ("-1", False), ("1.0", False), ("١٢", False)])
def test_an_id_is_one_to_eighteen_ascii_digits(text, matches):
    assert bool(re.fullmatch(IdConverter.regex, text)) is matches


def test_urls_with_ids_resolve_and_reverse():
    assert resolve("/uk/learning/quizzes/42/start/").kwargs == {"page_id": 42}
    assert reverse("quiz_start", args=["42"]) == reverse("quiz_start", args=[42]) == "/uk/learning/quizzes/42/start/"
    with pytest.raises(NoReverseMatch):
        reverse("quiz_start", args=[2**63])
