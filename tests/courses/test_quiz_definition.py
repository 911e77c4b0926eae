"""The frozen definition of a quiz (courses/quiz_definition.py): answers, points and ids, the scale and bands of a
self-assessment, and prompts escaped into HTML."""

import pytest

from courses.models import QuizPage
from courses.quiz_definition import build_definition, fingerprint
from tests.courses.factories import add_quiz, choice_ids, self_assessment_fields

pytestmark = pytest.mark.django_db


def test_the_definition_carries_answers_points_and_ids(tree):
    quiz = add_quiz(tree.modules[0])
    definition = build_definition(quiz)
    types = [question["type"] for question in definition["questions"]]
    assert types == ["single_choice", "multiple_choice", "true_false", "short_text", "numeric"]
    single = definition["questions"][0]
    assert {choice["id"] for choice in single["choices"]} == set(choice_ids(quiz, "single_choice").values())
    assert [choice["correct"] for choice in single["choices"]] == [True, False, False]
    assert definition["questions"][4]["answer"] == "18" and definition["pass_mark"] == 70
    assert fingerprint(definition) == fingerprint(build_definition(QuizPage.objects.get(pk=quiz.pk)))


def test_self_assessment_definition_has_scale_and_bands_but_no_pass_mark(tree):
    definition = build_definition(add_quiz(tree.course, kind="self_assessment"))
    assert definition["pass_mark"] is None
    assert [option["score"] for option in definition["scale"]] == [0, 1, 2, 3]
    assert [(band["min"], band["max"]) for band in definition["bands"]] == [(0, 3), (4, 6), (7, 9)]
    assert definition["questions"][2]["reverse_scored"] is True


def test_statement_prompts_are_escaped_into_html(tree):
    fields = self_assessment_fields()
    fields["questions"] = [("statement", {"prompt": "Я <b>виснажуюся</b> & втомлююся", "reverse_scored": False})]
    definition = build_definition(add_quiz(tree.course, kind="self_assessment", **fields))
    assert definition["questions"][0]["prompt"] == "<p>Я &lt;b&gt;виснажуюся&lt;/b&gt; &amp; втомлююся</p>"
