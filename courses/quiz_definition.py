"""A quiz page turned into plain data: what an attempt is taken against and judged by.

The definition is frozen into a `QuizVersion` the first time someone starts an attempt on it, so
later edits to the page never change how a past or running attempt is scored.
"""

import hashlib
import json

from django.utils.html import format_html

from courses.models import QuizKind, QuizPage


def _question(block) -> dict:
    value = block.value
    if block.block_type == "statement":
        # Statements are plain text; every prompt is stored as HTML so they render alike.
        return {"id": block.id, "type": "statement", "prompt": str(format_html("<p>{}</p>", value["prompt"])),
                "reverse_scored": bool(value["reverse_scored"])}
    question = {"id": block.id, "type": block.block_type, "prompt": str(value["prompt"])}
    question.update(points=int(value["points"]), feedback_correct=value["feedback_correct"] or "",
                    feedback_incorrect=value["feedback_incorrect"] or "")
    if block.block_type in ("single_choice", "multiple_choice"):
        question["choices"] = [
            {"id": item.id, "text": item.value["text"], "correct": bool(item.value["correct"]),
             "feedback": item.value["feedback"] or ""}
            for item in value["choices"].bound_blocks
        ]
    elif block.block_type == "true_false":
        question["answer"] = value["answer"]
    elif block.block_type == "short_text":
        question["accepted_answers"] = list(value["accepted_answers"])
    elif block.block_type == "numeric":
        question.update(answer=str(value["answer"]), tolerance=str(value["tolerance"] or 0))
    return question


def build_definition(quiz: QuizPage) -> dict:
    """Everything needed to show, score and review an attempt, as JSON-ready data."""
    self_assessment = quiz.kind == QuizKind.SELF_ASSESSMENT
    return {
        "title": quiz.title,
        "kind": quiz.kind,
        "pass_mark": None if self_assessment else quiz.pass_mark,
        "review": quiz.review,
        "time_limit_minutes": quiz.time_limit_minutes,
        "shuffle_questions": quiz.shuffle_questions,
        "shuffle_choices": quiz.shuffle_choices,
        "questions": [_question(block) for block in quiz.questions],
        "scale": [{"id": block.id, "label": block.value["label"], "score": int(block.value["score"])}
                  for block in quiz.scale] if self_assessment else [],
        "bands": [{"min": int(block.value["min_score"]), "max": int(block.value["max_score"]),
                   "label": block.value["label"], "advice": str(block.value["advice"])}
                  for block in quiz.bands] if self_assessment else [],
    }


def fingerprint(definition: dict) -> str:
    """A stable hash of a definition: equal definitions share one frozen version."""
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
