"""Words kept in both languages on shared rows (content/bilingual.py): the reader's language, else Ukrainian."""

import pytest
from django.utils import translation

from content.bilingual import in_reader_language
from content.models import CallStage


@pytest.mark.parametrize(("language", "uk", "en", "shown"), [
    ("uk", "Співбесіда", "Interview", "Співбесіда"),
    ("en", "Співбесіда", "Interview", "Interview"),
    ("en", "Співбесіда", "", "Співбесіда"),  # no English words yet: the Ukrainian ones, never nothing
    ("uk", "Співбесіда", "", "Співбесіда"),
])
def test_readers_get_their_language_or_the_ukrainian_words(language, uk, en, shown):
    with translation.override(language):
        assert in_reader_language(uk, en) == shown


def test_a_stage_reads_its_title_and_description_in_the_readers_language():
    stage = CallStage(title_uk="Співбесіда", title_en="Interview", description_uk="Онлайн, 30 хвилин.")
    with translation.override("en"):
        assert (str(stage), stage.title, stage.description) == ("Interview", "Interview", "Онлайн, 30 хвилин.")
    with translation.override("uk"):
        assert (stage.title, stage.description) == ("Співбесіда", "Онлайн, 30 хвилин.")
