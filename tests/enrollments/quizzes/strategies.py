"""Hypothesis strategies for the quiz rules: frozen definitions with one question of a given type, shaped as
courses/quiz_definition.py builds them within the admin's limits, and whatever a form or a stored attempt
could hold for an answer."""

from decimal import Decimal

from hypothesis import strategies as st

QUESTION_TYPES = ("single_choice", "multiple_choice", "true_false", "short_text", "numeric", "statement")

ids = st.uuids().map(str)
# Text that looks like a number: signs, commas, spaces, and exponents far past what a decimal context holds.
number_like = st.from_regex(r"[+-]?[0-9 ]{0,25}([.,][0-9]{0,25})?([eE][+-]?[0-9]{1,20})?", fullmatch=True)
any_text = st.text(max_size=400) | number_like | st.sampled_from(
    ["1e999999999", "-1e999999999", "1e-999999999", "9" * 300, "NaN", "sNaN", "-Infinity", "1_000", "\x00", "١٢"])
# Anything a JSON column can hold (no NaN or infinity: JSON has none).
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | any_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
decimal_text = st.decimals(min_value=Decimal("-99999999.9999"), max_value=Decimal("99999999.9999"), places=4,
                           allow_nan=False, allow_infinity=False).map(str)
tolerance_text = st.decimals(min_value=Decimal(0), max_value=Decimal("99999999.9999"), places=4,
                             allow_nan=False, allow_infinity=False).map(str)


@st.composite
def _choices(draw, *, single: bool) -> list[dict]:
    choice_ids = draw(st.lists(ids, min_size=2, max_size=6, unique=True))
    if single:
        right = draw(st.sampled_from(choice_ids))
        flags = [choice_id == right for choice_id in choice_ids]
    else:
        flags = draw(st.lists(st.booleans(), min_size=len(choice_ids), max_size=len(choice_ids)).filter(any))
    return [{"id": choice_id, "text": "…", "correct": flag, "feedback": ""}
            for choice_id, flag in zip(choice_ids, flags, strict=True)]


@st.composite
def question(draw, kind: str) -> dict:
    if kind == "statement":
        return {"id": draw(ids), "type": kind, "prompt": "<p>…</p>", "reverse_scored": draw(st.booleans())}
    question = {"id": draw(ids), "type": kind, "prompt": "<p>…</p>", "points": draw(st.integers(1, 100)),
                "feedback_correct": "", "feedback_incorrect": ""}
    if kind in ("single_choice", "multiple_choice"):
        question["choices"] = draw(_choices(single=kind == "single_choice"))
    elif kind == "true_false":
        question["answer"] = draw(st.sampled_from(["true", "false"]))
    elif kind == "short_text":
        question["accepted_answers"] = draw(st.lists(st.text(min_size=1, max_size=200), min_size=1, max_size=4))
    elif kind == "numeric":
        question.update(answer=draw(decimal_text), tolerance=draw(tolerance_text))
    return question


@st.composite
def definition(draw, kinds: tuple[str, ...]) -> dict:
    """A definition with one question of each of `kinds`: a self-assessment for statements, else graded."""
    questions = [draw(question(kind)) for kind in kinds]
    if "statement" not in kinds:
        return {"kind": "graded", "pass_mark": draw(st.integers(0, 100)), "scale": [], "bands": [],
                "questions": questions}
    scale = [{"id": option_id, "label": "…", "score": draw(st.integers(0, 100))}
             for option_id in draw(st.lists(ids, min_size=2, max_size=7, unique=True))]
    bands = [{"min": low, "max": low + draw(st.integers(0, 50)), "label": f"band {low}", "advice": ""}
             for low in draw(st.lists(st.integers(0, 300), max_size=4, unique=True))]
    return {"kind": "self_assessment", "pass_mark": None, "scale": scale, "bands": bands, "questions": questions}


def options_of(definition: dict, question: dict) -> list[str]:
    """The values the form offers for a question: choice ids, true/false, scale option ids."""
    if question["type"] == "statement":
        return [option["id"] for option in definition["scale"]]
    if question["type"] == "true_false":
        return ["true", "false"]
    return [choice["id"] for choice in question.get("choices", [])]


def posted_values(definition: dict, question: dict):
    """What a form field of this question could carry: its own options, any text, several of either."""
    offered = st.sampled_from(options_of(definition, question)) if options_of(definition, question) else any_text
    return st.lists(offered | any_text, max_size=4)


def stored_answer(definition: dict, question: dict):
    """What an attempt's stored answer to this question could be: a right one, a near miss, anything at all."""
    offered = options_of(definition, question)
    choices = [st.sampled_from(offered), st.lists(st.sampled_from(offered), max_size=6)] if offered else []
    kind = question["type"]
    if kind == "short_text":
        choices.append(st.sampled_from(question["accepted_answers"]))
    if kind == "numeric":
        choices.append(st.just(question["answer"]))
    return st.one_of(*choices, any_text, json_values)
