"""The applicants' pages as the tests read them: the apply page's address, the words a reader sees, times named in
Kyiv time, and a call's English page."""

import re

from tests.content.factories import translate_call
from tests.courses.factories import translate_tree
from tests.helpers import uk


def apply_url(call) -> str:
    """The Ukrainian apply page of a call page."""
    return f"/uk/learning/calls/{call.pk}/apply/"


def in_kyiv(words: str) -> str:
    """"31 березня 2026, 23:59 (…)" with the zone named as a Ukrainian reader sees it."""
    return f"{words} ({uk('Kyiv time')})"


def visible(html: str) -> str:
    """The words a reader sees: no tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" .", ".").replace(" ,", ",")


def english_call(call):
    """The call's English translation, published, under an English home and call index."""
    translate_tree(_tree_of(call))
    return translate_call(call, title="Teacher call")


def _tree_of(call):
    from content.models import HomePage, NewsIndexPage
    from courses.models import CourseIndexPage, CoursePage, ModulePage
    from tests.courses.factories import Tree

    home = HomePage.objects.ancestor_of(call).get()
    course = CoursePage.objects.descendant_of(home).first()
    return Tree(home=home, catalogue=CourseIndexPage.objects.child_of(home).get(),
                news=NewsIndexPage.objects.child_of(home).get(), course=course,
                modules=list(ModulePage.objects.child_of(course).order_by("path")))
