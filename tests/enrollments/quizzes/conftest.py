"""Fixtures of the quiz tests: a module quiz to take, and a session's quizzes and people for the results pages."""

import pytest

from tests.courses.factories import add_quiz
from tests.enrollments.factories import TrainingSessionFactory, graded_answers, submitted_attempt
from tests.enrollments.quizzes.session_results import ALL, person, take_pre_and_post


@pytest.fixture
def quiz(tree):
    return add_quiz(tree.modules[0], slug="quiz")


@pytest.fixture
def session(tree, trainer):
    """A session of the tree's course taught by `trainer`: the one whose results the trainer reads."""
    return TrainingSessionFactory(course=tree.course, trainers=[trainer], title="Ведення випадку, Дніпро")


@pytest.fixture
def quizzes(tree):
    """The course's pre-test and post-test, a module quiz and a self-assessment."""
    pre = add_quiz(tree.course, slug="pre", kind="pre_test", title="Вхідний тест")
    return {
        "pre": pre,
        "post": add_quiz(tree.course, slug="post", kind="post_test", title="Підсумковий тест", pretest=pre),
        "graded": add_quiz(tree.modules[0], slug="module-quiz", title="Тест модуля", pass_mark=70),
        "self": add_quiz(tree.course, slug="burnout", kind="self_assessment", title="Самоперевірка вигорання"),
    }


@pytest.fixture
def people(session, quizzes):
    """Two people with a pre- and a post-test; one took the module quiz twice."""
    anna, borys = person(session, "Анна Ярош"), person(session, "Борис Ох")
    take_pre_and_post(quizzes, session, anna, pre={"true_false", "numeric"})  # 3 → 6 of 6
    take_pre_and_post(quizzes, session, borys, pre=ALL - {"numeric"}, post=ALL - {"short_text"})  # 5 → 5
    submitted_attempt(quizzes["graded"], anna, graded_answers(quizzes["graded"], right=set()))
    submitted_attempt(quizzes["graded"], anna, graded_answers(quizzes["graded"], right=ALL - {"numeric"}))
    return anna, borys
