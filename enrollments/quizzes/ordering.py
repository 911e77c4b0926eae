"""The order one attempt shows questions and choices in, drawn once when the attempt starts."""

import random


def attempt_order(*, definition: dict, rng: random.Random | None = None) -> dict:
    """Question ids, and choice ids per question, shuffled where the quiz asks for it."""
    rng = rng or random.SystemRandom()
    questions = [question["id"] for question in definition["questions"]]
    if definition["shuffle_questions"]:
        rng.shuffle(questions)
    choices = {}
    for question in definition["questions"]:
        ids = [choice["id"] for choice in question.get("choices", [])]
        if definition["shuffle_choices"]:
            rng.shuffle(ids)
        if ids:
            choices[question["id"]] = ids
    return {"questions": questions, "choices": choices}
