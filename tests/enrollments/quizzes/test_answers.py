"""What a posted quiz form may hold: foreign, extra and malformed fields are refused as a whole."""

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from enrollments.quizzes.answers import MAX_TEXT_LENGTH, InvalidAnswers, parse_answers, submission_problems
from enrollments.quizzes.scoring import score_attempt
from tests.enrollments.quizzes.definitions import DEFINITION
from tests.enrollments.quizzes.strategies import (
    QUESTION_TYPES,
    any_text,
    definition,
    json_values,
    options_of,
    posted_values,
    stored_answer,
)


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


def test_a_nul_in_typed_text_is_dropped_before_it_reaches_the_database():
    assert parse_answers(definition=DEFINITION, data=form(("q-x", "пл\x00ан"), ("q-n", "\x00"))) == {
        "s": None, "m": None, "t": None, "x": "план", "n": None}


# --- Any form at all: each field is parsed or the whole form refused; nothing else escapes ---------------


@pytest.mark.parametrize("kind", QUESTION_TYPES)
@given(data=st.data())
def test_any_posted_values_are_parsed_into_an_answer_of_the_right_shape_or_refused(kind, data):
    quiz = data.draw(definition((kind,)))
    question = quiz["questions"][0]
    posted = form(*[(f"q-{question['id']}", value) for value in data.draw(posted_values(quiz, question))],
                  questions=[question["id"]])

    try:
        answer = parse_answers(definition=quiz, data=posted)[question["id"]]
    except InvalidAnswers:
        return

    if answer is None:
        return
    if kind == "multiple_choice":
        assert answer == sorted(set(answer)) and set(answer) <= set(options_of(quiz, question))
    elif kind in ("short_text", "numeric"):
        assert isinstance(answer, str) and 0 < len(answer) <= MAX_TEXT_LENGTH and "\x00" not in answer
    else:
        assert answer in options_of(quiz, question)
    score_attempt(definition=quiz, answers={question["id"]: answer})  # and it can be scored


@given(fields=st.lists(st.tuples(st.sampled_from(["questions", "q-s", "q-m", "q-n", "q-x"]) | any_text,
                                                  any_text), max_size=8))
def test_any_posted_form_is_parsed_or_refused(fields):
    posted = form(*fields, questions=None)
    try:
        parsed = parse_answers(definition=DEFINITION, data=posted)
    except InvalidAnswers:
        return
    assert set(parsed) <= {question["id"] for question in DEFINITION["questions"]}


@pytest.mark.parametrize("kinds", [QUESTION_TYPES[:5], ("statement", "statement")], ids=["graded", "self"])
@given(data=st.data())
def test_submission_problems_take_any_stored_answers(kinds, data):
    quiz = data.draw(definition(kinds))
    answers = data.draw(st.fixed_dictionaries({}, optional={q["id"]: stored_answer(quiz, q) for q in quiz["questions"]})
                        | json_values)
    order = [question["id"] for question in quiz["questions"]]

    problems = submission_problems(definition=quiz, answers=answers, order=order)

    assert all(isinstance(problem, str) for problem in problems)
