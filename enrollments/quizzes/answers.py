"""What a posted quiz form may contain, checked against the attempt's own questions.

The form sends `questions` (the ids of the questions it shows) and one `q-<id>` field per answer.
A listed question with no field was left unanswered (an unticked checkbox sends nothing). Anything
that names a question or choice the attempt does not have is refused as a whole, so a tampered or
stale form never overwrites what was saved.
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _

FIELD_PREFIX = "q-"
MAX_TEXT_LENGTH = 300


class InvalidAnswers(Exception):
    """The posted form does not fit the attempt; its message can be shown to the participant."""


def field_name(question_id: str) -> str:
    return f"{FIELD_PREFIX}{question_id}"


def _options(definition: dict, question: dict) -> set[str]:
    if question["type"] == "statement":
        return {option["id"] for option in definition["scale"]}
    if question["type"] == "true_false":
        return {"true", "false"}
    return {choice["id"] for choice in question.get("choices", [])}


def _foreign() -> InvalidAnswers:
    return InvalidAnswers(_("This form holds answers that do not belong to this attempt. Reload the page: "
                            "the answers already saved are kept."))


def _parse_one(definition: dict, question: dict, values: list[str]):
    values = [value for value in values if value != ""]
    if not values:
        return None
    kind = question["type"]
    if kind == "multiple_choice":
        if len(set(values)) != len(values) or not set(values) <= _options(definition, question):
            raise _foreign()
        return sorted(values)
    if len(values) > 1:
        raise _foreign()
    value = values[0]
    if kind in ("short_text", "numeric"):
        value = value.replace("\x00", "")  # PostgreSQL's JSON cannot hold a NUL; no one means to type one
        if len(value) > MAX_TEXT_LENGTH:
            raise InvalidAnswers(_("An answer is too long: keep it under %(limit)d characters.")
                                 % {"limit": MAX_TEXT_LENGTH})
        return value.strip() or None
    if value not in _options(definition, question):
        raise _foreign()
    return value


def parse_answers(*, definition: dict, data: Mapping) -> dict[str, object]:
    """The answers in a posted form (a QueryDict), by question id; None marks a cleared answer."""
    if "questions" not in data:
        raise InvalidAnswers(_("The form arrived incomplete. Reload the page: the answers already saved are kept."))
    by_id = {question["id"]: question for question in definition["questions"]}
    listed = data.getlist("questions")
    if not listed or any(question_id not in by_id for question_id in listed):
        raise _foreign()
    named = {key[len(FIELD_PREFIX):] for key in data if key.startswith(FIELD_PREFIX)}
    if named - set(listed):
        raise _foreign()
    return {question_id: _parse_one(definition, by_id[question_id], data.getlist(field_name(question_id)))
            for question_id in listed}


def submission_problems(*, definition: dict, answers: object, order: list[str]) -> list[str]:
    """What must be fixed before submitting: numbers that are not numbers, unanswered statements.

    Questions are numbered as this attempt shows them (`order`), which may be shuffled.
    """
    from enrollments.quizzes.scoring import parse_number, usable_answer

    by_id = {question["id"]: question for question in definition["questions"]}
    if not isinstance(answers, dict):  # stored JSON of another shape holds no answers
        answers = {}
    problems = []
    for position, question in enumerate((by_id[question_id] for question_id in order), start=1):
        answer = usable_answer(question, answers.get(question["id"]))
        if question["type"] == "numeric" and answer and parse_number(answer) is None:
            problems.append(_("Question %(number)d: “%(answer)s” is not a number.")
                            % {"number": position, "answer": answer})
        if question["type"] == "statement" and not answer:
            problems.append(_("Statement %(number)d is not answered yet.") % {"number": position})
    return problems
