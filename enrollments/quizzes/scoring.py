"""How an attempt is scored: one pure function per question type, over the frozen quiz definition.

Multiple choice earns partial credit. With k correct choices, each correct choice ticked is worth
+points/k and each wrong choice ticked −points/k; the question's score never falls below zero.
Ticking everything therefore scores nothing on a question with as many wrong choices as right
ones, and a single slip costs a share, not the whole question.

Short text answers match an accepted answer ignoring case, spacing, the form of the apostrophe
(Ukrainian is typed with ’, ʼ or ' depending on the keyboard) and a final full stop. Numeric
answers accept a decimal comma and spaces between thousands; a number of any size is just wrong
when it is far off (1e999999999 is a valid decimal, and scoring it must not overflow).

The form stores text, and a list of texts for multiple choice. Anything else found in an attempt's
answers (a number, an object, a list where text belongs) counts as no answer: scoring takes any
stored value and never raises.

Self-assessment statements score the scale value picked (reversed for reverse-scored statements);
the total falls into a band. Self-assessments have no pass mark.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal(0)
APOSTROPHES = re.compile(r"[’ʼ‘`´ʹ′]")


@dataclass(frozen=True)
class QuestionScore:
    points: Decimal
    max_points: Decimal
    answered: bool

    @property
    def correct(self) -> bool:
        return self.answered and self.max_points > 0 and self.points == self.max_points

    @property
    def partly_correct(self) -> bool:
        return ZERO < self.points < self.max_points


@dataclass(frozen=True)
class Score:
    points: Decimal
    max_points: Decimal
    percent: Decimal
    passed: bool | None  # None for self-assessments: they are not passed or failed
    band: dict | None
    questions: dict[str, QuestionScore]


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = APOSTROPHES.sub("'", text)
    return " ".join(text.split()).rstrip(".").strip().casefold()


def parse_number(text: object) -> Decimal | None:
    """'3,5' → 3.5; '1 000' → 1000; anything else that is not a finite number (or not text) → None."""
    if not isinstance(text, str):
        return None
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def usable_answer(question: dict, answer: object) -> str | list[str] | None:
    """A stored answer in the shape its question type takes: the ids ticked for multiple choice,
    text for the rest; None when there is no such answer."""
    if question["type"] == "multiple_choice":
        ticked = sorted({value for value in answer if isinstance(value, str) and value}) if isinstance(
            answer, list) else []
        return ticked or None
    return answer if isinstance(answer, str) and answer else None


def scale_value(*, definition: dict, question: dict, option_id: str) -> int | None:
    scores = {option["id"]: option["score"] for option in definition["scale"]}
    if option_id not in scores:
        return None
    if question.get("reverse_scored"):
        return max(scores.values()) + min(scores.values()) - scores[option_id]
    return scores[option_id]


def question_max(*, definition: dict, question: dict) -> Decimal:
    if question["type"] == "statement":
        return Decimal(max((option["score"] for option in definition["scale"]), default=0))
    return Decimal(question["points"])


def _choice_points(question: dict, answer: str | list[str]) -> Decimal:
    points = Decimal(question["points"])
    correct = {choice["id"] for choice in question["choices"] if choice["correct"]}
    if question["type"] == "single_choice":
        return points if answer in correct else ZERO
    ticked = set(answer)
    known = {choice["id"] for choice in question["choices"]}
    right, wrong = len(ticked & correct), len((ticked & known) - correct)
    return max(ZERO, points * (right - wrong) / len(correct))


def _within_tolerance(number: Decimal, question: dict) -> bool:
    # Compared, not subtracted: a subtraction rounds to the context's precision and overflows on an
    # exponent like 1e999999999, while comparing two decimals is exact at any size.
    answer, tolerance = Decimal(question["answer"]), Decimal(question["tolerance"])
    return answer - tolerance <= number <= answer + tolerance


def score_question(*, definition: dict, question: dict, answer: object) -> QuestionScore:
    """The points one stored answer earns; None (or anything unusable) means the question was left unanswered."""
    maximum = question_max(definition=definition, question=question)
    answer = usable_answer(question, answer)
    if answer is None:
        return QuestionScore(points=ZERO, max_points=maximum, answered=False)
    kind = question["type"]
    if kind in ("single_choice", "multiple_choice"):
        points = _choice_points(question, answer)
    elif kind == "true_false":
        points = maximum if answer == question["answer"] else ZERO
    elif kind == "short_text":
        accepted = {normalise_text(text) for text in question["accepted_answers"]}
        points = maximum if normalise_text(answer) in accepted else ZERO
    elif kind == "numeric":
        number = parse_number(answer)
        points = maximum if number is not None and _within_tolerance(number, question) else ZERO
    elif kind == "statement":
        points = Decimal(scale_value(definition=definition, question=question, option_id=answer) or 0)
    else:
        raise ValueError(f"Unknown question type {kind!r}")
    return QuestionScore(points=points.quantize(Decimal("0.01"), ROUND_HALF_UP), max_points=maximum, answered=True)


def band_for(*, bands: list[dict], total: Decimal) -> dict | None:
    return next((band for band in bands if band["min"] <= total <= band["max"]), None)


def percent_of(points: Decimal, maximum: Decimal) -> Decimal:
    if not maximum:
        return ZERO
    return (points * 100 / maximum).quantize(Decimal("0.1"), ROUND_HALF_UP)


def score_attempt(*, definition: dict, answers: object) -> Score:
    """Scores every question of the definition; answers to anything else are ignored."""
    if not isinstance(answers, dict):
        answers = {}
    questions = {q["id"]: score_question(definition=definition, question=q, answer=answers.get(q["id"]))
                 for q in definition["questions"]}
    points = sum((q.points for q in questions.values()), ZERO)
    maximum = sum((q.max_points for q in questions.values()), ZERO)
    percent = percent_of(points, maximum)
    self_assessment = definition["kind"] == "self_assessment"
    return Score(
        points=points,
        max_points=maximum,
        percent=percent,
        passed=None if self_assessment else percent >= definition["pass_mark"],
        band=band_for(bands=definition["bands"], total=points) if self_assessment else None,
        questions=questions,
    )
