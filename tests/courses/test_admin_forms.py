"""Authoring quizzes in the admin (courses/admin_forms.py, `QuizPageForm`): the form a trainer fills in, the
questions' checks as it shows them, and where pre- and post-tests may sit."""

import json

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import QuizPage
from tests.courses.factories import add_quiz
from tests.factories import TrainerFactory
from tests.helpers import text, uk

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]


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
