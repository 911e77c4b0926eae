"""Scoring rules for every question type, on plain definitions: no database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enrollments.quizzes.scoring import normalise_text, parse_number, score_attempt, score_question
from tests.enrollments.quizzes.strategies import QUESTION_TYPES, any_text, definition, json_values, stored_answer

CHOICES = [{"id": "a", "correct": True}, {"id": "b", "correct": True}, {"id": "c", "correct": False},
           {"id": "d", "correct": False}]
SINGLE = {"id": "s", "type": "single_choice", "points": 2, "choices": CHOICES[1:]}
MULTIPLE = {"id": "m", "type": "multiple_choice", "points": 2, "choices": CHOICES}
TRUE_FALSE = {"id": "t", "type": "true_false", "points": 1, "answer": "false"}
TEXT = {"id": "x", "type": "short_text", "points": 1, "accepted_answers": ["план втручання", "ІПП"]}
NUMBER = {"id": "n", "type": "numeric", "points": 3, "answer": "2.5", "tolerance": "0.1"}
GRADED = {"kind": "graded", "pass_mark": 70, "scale": [], "bands": [],
          "questions": [SINGLE, MULTIPLE, TRUE_FALSE, TEXT, NUMBER]}


def points(question, answer) -> Decimal:
    return score_question(definition=GRADED, question=question, answer=answer).points


@pytest.mark.parametrize(("answer", "expected"), [("b", 2), ("c", 0), (None, 0), ("zz", 0)])
def test_single_choice_scores_the_correct_choice_only(answer, expected):
    assert points(SINGLE, answer) == expected


@pytest.mark.parametrize(("ticked", "expected"), [
    (["a", "b"], Decimal("2")),  # both right
    (["a"], Decimal("1")),  # half the right ones
    (["a", "c"], Decimal("0")),  # one right, one wrong: cancels out
    (["a", "b", "c"], Decimal("1")),  # one slip costs a share
    (["a", "b", "c", "d"], Decimal("0")),  # ticking everything earns nothing
    (["c", "d"], Decimal("0")),  # never below zero
    ([], Decimal("0")),
])
def test_multiple_choice_gives_partial_credit_with_a_penalty_for_wrong_ticks(ticked, expected):
    assert points(MULTIPLE, ticked) == expected


def test_multiple_choice_ignores_ids_it_does_not_know():
    assert points(MULTIPLE, ["a", "b", "zz"]) == 2


@pytest.mark.parametrize(("answer", "expected"), [("false", 1), ("true", 0), (None, 0)])
def test_true_false(answer, expected):
    assert points(TRUE_FALSE, answer) == expected


@pytest.mark.parametrize(("answer", "expected"), [
    ("план втручання", 1), ("  План   ВТРУЧАННЯ. ", 1), ("іпп", 1), ("план", 0), ("", 0),
])
def test_short_text_ignores_case_spacing_and_final_stop(answer, expected):
    assert points(TEXT, answer) == expected


@pytest.mark.parametrize("typed", ["м’ята", "мʼята", "м'ята", "м`ята"])
def test_short_text_treats_every_apostrophe_alike(typed):
    question = {**TEXT, "accepted_answers": ["м'ята"]}
    assert points(question, typed) == 1


@pytest.mark.parametrize(("answer", "expected"), [
    ("2.5", 3), ("2,5", 3), ("2,6", 3), ("2,4", 3), ("2,61", 0), ("abc", 0), ("", 0), ("NaN", 0), ("Infinity", 0),
])
def test_numeric_accepts_a_decimal_comma_within_tolerance(answer, expected):
    assert points(NUMBER, answer) == expected


@pytest.mark.parametrize(("text", "number"), [("1 000", Decimal(1000)), ("1\u00a0000,5", Decimal("1000.5")),
                                              ("-3", Decimal(-3)), ("3.", Decimal(3)), ("", None), ("1e", None)])
def test_parse_number(text, number):
    assert parse_number(text) == number


def test_normalise_text_unifies_forms():
    assert normalise_text("  Сім’Я.  ") == normalise_text("сімʼя") == "сім'я"


def test_attempt_totals_percent_and_pass_mark():
    score = score_attempt(definition=GRADED, answers={"s": "b", "m": ["a", "b"], "t": "false", "x": "ІПП",
                                                      "n": "7"})
    assert (score.points, score.max_points, score.percent, score.passed) == (6, 9, Decimal("66.7"), False)
    assert score.questions["n"].answered and not score.questions["n"].correct
    assert score.questions["s"].correct


def test_attempt_passes_at_exactly_the_pass_mark():
    definition = {**GRADED, "pass_mark": 50, "questions": [TRUE_FALSE, {**TRUE_FALSE, "id": "t2"}]}
    assert score_attempt(definition=definition, answers={"t": "false"}).passed is True


def test_unanswered_questions_score_zero_and_are_marked_unanswered():
    score = score_attempt(definition=GRADED, answers={})
    assert score.points == 0 and score.max_points == 9 and score.passed is False
    assert not any(result.answered for result in score.questions.values())


def test_answers_to_unknown_questions_are_ignored():
    assert score_attempt(definition=GRADED, answers={"elsewhere": "b"}).points == 0


SELF = {
    "kind": "self_assessment", "pass_mark": None,
    "scale": [{"id": "o0", "label": "Ніколи", "score": 0}, {"id": "o1", "label": "Іноді", "score": 1},
              {"id": "o2", "label": "Часто", "score": 2}],
    "bands": [{"min": 0, "max": 1, "label": "Низьке"}, {"min": 2, "max": 4, "label": "Високе"}],
    "questions": [{"id": "p", "type": "statement", "reverse_scored": False},
                  {"id": "r", "type": "statement", "reverse_scored": True}],
}


@pytest.mark.parametrize(("answers", "total", "band"), [
    ({"p": "o0", "r": "o2"}, 0, "Низьке"),  # reverse scored: "often" counts 0
    ({"p": "o2", "r": "o0"}, 4, "Високе"),
    ({"p": "o1", "r": "o1"}, 2, "Високе"),
])
def test_self_assessment_sums_the_scale_into_a_band_without_pass_or_fail(answers, total, band):
    score = score_attempt(definition=SELF, answers=answers)
    assert score.points == total and score.max_points == 4
    assert score.band["label"] == band
    assert score.passed is None


# --- Any answer at all: numbers too big for a decimal context, and whatever a JSON column holds ---------


@pytest.mark.parametrize("answer", ["1e999999999", "-1e999999999", "1E+999999999", "1e-999999999", "9" * 300,
                                    "1e99999999999999999999"])
def test_a_number_of_any_size_is_scored_as_wrong_without_overflowing(answer):
    assert points(NUMBER, answer) == 0


def test_a_huge_tolerance_still_takes_a_huge_number_as_wrong():
    assert points({**NUMBER, "tolerance": "99999999.9999"}, "1e999999999") == 0
    assert points({**NUMBER, "tolerance": "99999999.9999"}, "-99999997") == 3


@pytest.mark.parametrize(("question", "answer"), [
    (SINGLE, ["b"]), (SINGLE, {"b": 1}), (MULTIPLE, "ab"), (MULTIPLE, [["a"], {"b": 1}, 7]), (MULTIPLE, {"a": 1}),
    (TRUE_FALSE, ["false"]), (TEXT, ["ІПП"]), (TEXT, 5), (NUMBER, 2.5), (NUMBER, ["2.5"]), (NUMBER, True),
])
def test_a_stored_answer_of_the_wrong_shape_counts_as_unanswered(question, answer):
    result = score_question(definition=GRADED, question=question, answer=answer)
    assert result.points == 0 and not result.answered


@given(text=any_text)
def test_parse_number_takes_any_text(text):
    number = parse_number(text)
    assert number is None or number.is_finite()


@given(value=json_values)
def test_parse_number_takes_any_stored_value(value):
    assert parse_number(value) is None or isinstance(value, str)


@pytest.mark.parametrize("kind", QUESTION_TYPES)
@given(data=st.data())
def test_any_stored_answer_scores_between_zero_and_the_maximum(kind, data):
    quiz = data.draw(definition((kind,)))
    question = quiz["questions"][0]
    answer = data.draw(stored_answer(quiz, question))

    result = score_question(definition=quiz, question=question, answer=answer)

    assert Decimal(0) <= result.points <= result.max_points
    assert result.answered or result.points == 0


@pytest.mark.parametrize("kinds", [QUESTION_TYPES[:5], ("statement", "statement")], ids=["graded", "self"])
@given(data=st.data())
def test_any_stored_answers_score_an_attempt_between_zero_and_the_maximum(kinds, data):
    quiz = data.draw(definition(kinds))
    answers = data.draw(st.fixed_dictionaries({}, optional={q["id"]: stored_answer(quiz, q) for q in quiz["questions"]})
                        | json_values)

    score = score_attempt(definition=quiz, answers=answers)

    assert Decimal(0) <= score.points <= score.max_points
    assert Decimal(0) <= score.percent <= 100
