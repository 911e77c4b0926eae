"""Authoring quizzes: the page rules, the admin form a trainer fills in, and the frozen definition."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import QuizPage
from courses.quiz_definition import build_definition, fingerprint
from tests.courses.factories import add_quiz, choice_ids, graded_questions, self_assessment_fields
from tests.factories import TrainerFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db


def listblock(items: list[dict]) -> dict:
    """ListBlock form data, as the admin's JavaScript submits it."""
    data = {"count": str(len(items))}
    for index, item in enumerate(items):
        data[str(index)] = {"value": item, "deleted": "", "order": str(index), "id": ""}
    return data


def quiz_form(*, kind: str = "graded", questions=None, **fields) -> dict:
    single = {
        "prompt": rich_text("<p>Який перший крок ведення випадку?</p>", features=["bold"]),
        "choices": listblock([{"text": "Оцінювання", "correct": "on", "feedback": ""},
                              {"text": "Закриття", "feedback": "Закривають наприкінці."}]),
        "points": "2", "feedback_correct": "Так.", "feedback_incorrect": "",
    }
    data = {
        "title": "Перевірка знань", "slug": "check", "kind": kind, "intro": rich_text("<p>Вступ</p>"),
        "questions": streamfield(questions if questions is not None else [("single_choice", single)]),
        "pass_mark": "70", "max_attempts": "3", "time_limit_minutes": "", "review": "feedback",
        "shuffle_choices": "on", "pretest": "", "scale": streamfield([]), "bands": streamfield([]),
        **fields,
    }
    return nested_form_data(data)


def escaped(message: str) -> str:
    """A message as the StreamField widget's JSON carries it (non-ASCII letters as \\u escapes)."""
    return json.dumps(message)[1:-1]


def add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=["courses", "quizpage", parent.pk])


@pytest.fixture
def trainer(client, tree):
    user = TrainerFactory()
    client.force_login(user)
    return user


def test_a_trainer_authors_a_module_quiz_in_the_admin(client, trainer, tree):
    response = client.get(add_url(tree.modules[0]))
    assert response.status_code == 200
    assert escaped(uk("Single choice")) in response.content.decode()  # a block label in the stream widget's JSON

    response = client.post(add_url(tree.modules[0]), quiz_form())
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    quiz = QuizPage.objects.get(slug="check")
    assert quiz.get_parent().pk == tree.modules[0].pk
    [question] = list(quiz.questions)
    assert question.block_type == "single_choice" and question.value["points"] == 2
    assert len(question.value["choices"]) == 2 and question.id


def test_a_single_choice_question_needs_exactly_one_correct_choice(client, trainer, tree):
    single = {
        "prompt": rich_text("<p>?</p>"), "points": "1", "feedback_correct": "", "feedback_incorrect": "",
        "choices": listblock([{"text": "А", "feedback": ""}, {"text": "Б", "feedback": ""}]),
    }
    response = client.post(add_url(tree.modules[0]), quiz_form(questions=[("single_choice", single)]))
    assert response.status_code == 200
    assert escaped(uk("Mark exactly one choice as correct.")) in response.content.decode()
    assert not QuizPage.objects.exists()


def test_a_pre_test_cannot_sit_on_a_module(client, trainer, tree):
    response = client.post(add_url(tree.modules[0]), quiz_form(kind="pre_test"))
    assert response.status_code == 200
    assert uk("Pre- and post-tests belong to a course, not to one of its modules.") in text(response)
    assert not QuizPage.objects.exists()


def test_a_post_test_pairs_with_a_pre_test_of_its_own_course(client, trainer, tree):
    response = client.post(add_url(tree.course), quiz_form(kind="post_test"))
    assert response.status_code == 200
    assert uk("Choose the pre-test this post-test is compared with.") in text(response)

    pre = add_quiz(tree.course, slug="pre", kind="pre_test")
    response = client.post(add_url(tree.course), quiz_form(kind="post_test", slug="post", pretest=str(pre.pk)))
    assert response.status_code == 302
    assert QuizPage.objects.get(slug="post").pretest == pre


def test_graded_quizzes_refuse_statements_and_self_assessments_need_scale_and_bands(tree):
    quiz = QuizPage(title="Т", slug="t", kind="graded", questions=self_assessment_fields()["questions"])
    with pytest.raises(ValidationError) as graded:
        quiz.clean()
    assert "questions" in graded.value.message_dict

    check = QuizPage(title="С", slug="s", kind="self_assessment", questions=graded_questions())
    with pytest.raises(ValidationError) as self_check:
        check.clean()
    assert set(self_check.value.message_dict) == {"questions", "scale", "bands"}


def test_a_band_must_not_end_below_its_start(tree):
    from courses.quiz_blocks import BandBlock

    block = BandBlock()
    value = block.to_python({"min_score": 5, "max_score": 2, "label": "?", "advice": "<p>.</p>"})
    with pytest.raises(ValidationError):
        block.clean(value)


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
