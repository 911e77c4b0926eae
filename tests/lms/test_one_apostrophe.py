"""One apostrophe in Ukrainian words: the typographic ’ (as in "ім’я", "сім’я"), in what the site says (the
Ukrainian catalogues, templates) and in the demo's texts, so a reader never meets three kinds on one page.

What people type may hold any of them; search and imports read them alike (content.views.plain_words,
enrollments.imports.parsing)."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# A straight ' or a modifier letter ʼ between two Cyrillic letters.
OTHER_APOSTROPHE = re.compile(r"(?<=[а-яіїєґА-ЯІЇЄҐ])['ʼ](?=[а-яіїєґА-ЯІЇЄҐ])")
SOURCES = [*(ROOT / "lms" / "demo").rglob("*.md"), *(ROOT / "lms" / "demo").rglob("*.yml"),
           *(ROOT / "lms" / "demo").rglob("*.py"), *(ROOT / "templates").rglob("*.html")]


def test_the_rule_sees_both_other_apostrophes():
    assert OTHER_APOSTROPHE.findall("ім'я, сімʼя, пам’ять, don't") == ["'", "ʼ"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_demo_texts_and_templates(path):
    lines = [f"{number}: {line.strip()}" for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if OTHER_APOSTROPHE.search(line)]
    assert lines == []


@pytest.mark.parametrize("catalogue", ["locale/uk/LC_MESSAGES/django.mo",
                                       "locale/third_party/uk/LC_MESSAGES/django.mo"])
def test_ukrainian_catalogues(catalogue):
    """The compiled catalogues, as the site reads them (the standard library reads .mo files)."""
    with (ROOT / catalogue).open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)._catalog
    assert [msgid for msgid, msgstr in translations.items() if OTHER_APOSTROPHE.search(msgstr)] == []
