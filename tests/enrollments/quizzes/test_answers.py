"""What a posted quiz form may hold: foreign, extra and malformed fields are refused as a whole."""

import pytest
from django.http import QueryDict

from enrollments.quizzes.answers import MAX_TEXT_LENGTH, InvalidAnswers, parse_answers, submission_problems
from tests.enrollments.quizzes.definitions import DEFINITION


def form(*pairs, questions=("s", "m", "t", "x", "n")) -> QueryDict:
    data = QueryDict(mutable=True)
    if questions is not None:
        data.setlist("questions", list(questions))
    for key, value in pairs:
        data.appendlist(key, value)
    return data


def test_a_full_form_is_parsed_by_question():
    parsed = parse_answers(definition=DEFINITION, data=form(
        ("q-s", "s2"), ("q-m", "m3"), ("q-m", "m1"), ("q-t", "true"), ("q-x", "  план "), ("q-n", "2,5")))
    assert parsed == {"s": "s2", "m": ["m1", "m3"], "t": "true", "x": "план", "n": "2,5"}


def test_listed_questions_without_a_field_are_cleared():
    assert parse_answers(definition=DEFINITION, data=form(("q-s", "s1"))) == {
        "s": "s1", "m": None, "t": None, "x": None, "n": None}


def test_a_partial_form_only_touches_its_own_questions():
    assert parse_answers(definition=DEFINITION, data=form(("q-t", "false"), questions=["t"])) == {"t": "false"}


@pytest.mark.parametrize("data", [
    form(questions=None),  # no list of questions: an incomplete post
    form(questions=[]),
    form(questions=["s", "elsewhere"]),  # a question of another quiz
    form(("q-elsewhere", "s1")),  # an extra field
    form(("q-s", "s1"), questions=["t"]),  # an answer to a question the form did not list
    form(("q-s", "m1")),  # a choice of another question
    form(("q-s", "s1"), ("q-s", "s2")),  # two answers to a single-choice question
    form(("q-m", "m1"), ("q-m", "m1")),  # the same choice twice
    form(("q-t", "maybe")),
], ids=["no-list", "empty-list", "foreign-question", "extra-field", "unlisted-answer", "foreign-choice",
        "two-singles", "duplicate", "bad-boolean"])


def test_forms_that_do_not_fit_the_attempt_are_refused(data):
    with pytest.raises(InvalidAnswers) as refused:
        parse_answers(definition=DEFINITION, data=data)
    assert "Reload the page" in str(refused.value) or "Оновіть сторінку" in str(refused.value)


def test_overlong_text_is_refused_with_the_limit():
    with pytest.raises(InvalidAnswers, match=str(MAX_TEXT_LENGTH)):
        parse_answers(definition=DEFINITION, data=form(("q-x", "я" * (MAX_TEXT_LENGTH + 1))))


def test_submission_problems_name_questions_as_the_attempt_numbers_them():
    self_check = {"questions": [{"id": "p", "type": "statement"}, {"id": "n", "type": "numeric"}]}
    problems = submission_problems(definition=self_check, answers={"n": "два"}, order=["n", "p"])
    assert len(problems) == 2
    assert "1" in problems[0] and "два" in problems[0]
    assert "2" in problems[1]
    assert submission_problems(definition=self_check, answers={"n": "2", "p": "o1"}, order=["n", "p"]) == []
