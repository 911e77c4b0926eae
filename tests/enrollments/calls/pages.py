"""The applicants' pages as the tests read them: the apply form as it is posted, the apply page's address, the words
a reader sees, times named in Kyiv time, and a call's English page."""

import re

from tests.content.factories import question_ids, translate_call
from tests.courses.factories import translate_tree
from tests.helpers import uk

DECLARED = {"full_name": "Олександра Щербак", "community": "Марганецька громада", "oblast": "dnipropetrovsk",
            "profession": "teacher"}
COMPLETE = {"short_text": "Вчителька початкових класів", "long_text": "Хочу допомагати дітям.", "choice": "До 1 року",
            "consent": True}


def posted(call, action: str = "save", declared: dict | None = None, **answers) -> dict:
    """A posted form: the declared details and answers by question kind (a consent is ticked with True)."""
    data = {"action": action, **(DECLARED if declared is None else declared)}
    for kind, value in answers.items():
        if value is True:
            value = "on"
        data[kind if kind.startswith("q-") else f"q-{question_ids(call)[kind]}"] = value
    return data


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
