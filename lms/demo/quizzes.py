"""The demo quizzes, read from `curriculum/<course>/quizzes/*.yml` (the format is described in
`curriculum/README.md`), checked, and written as quiz pages in both languages.

One YAML file holds one quiz in both languages, so the two cannot drift apart. Every question,
choice, scale answer and band gets an id derived from the course, the quiz slug and its position:
the Ukrainian page and its English translation share them, because attempts record answers by id.

Quiz pages are what trainers author in the admin, with no service behind it: they are written as pages
(`lms.demo.pages`). Idempotent like the rest of the demo: a quiz page is looked up by slug under its parent and
created only when missing, its translation likewise, so nothing an editor changed is overwritten. The
attempts people made on them are `lms.demo.results`.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from wagtail.models import Locale

from content.markdown import render_markdown
from courses.models import CoursePage, ModulePage, QuizKind, QuizPage, ReviewPolicy
from courses.quiz_blocks import GRADED_QUESTION_TYPES
from lms.demo.pages import publish, translated
from lms.demo.sources import CURRICULUM_DIR, LANGUAGES

ID_NAMESPACE = uuid.UUID("5b0f3c9e-2f7a-4c1e-9a57-6d1c2b8e4a10")  # never change: ids are stored in attempts
CHOICE_TYPES = ("single_choice", "multiple_choice")


# --- Reading and checking the sources (pure) -----------------------------------------------------

@dataclass(frozen=True)
class QuizSource:
    """One quiz file: the course folder it sits in and its parsed YAML."""

    course_slug: str
    data: dict

    @property
    def slug(self) -> str:
        return self.data["slug"]


def read_quizzes(directory: Path = CURRICULUM_DIR) -> list[QuizSource]:
    """Every quiz file, pre-tests before the post-tests that point at them."""
    sources = [QuizSource(course_slug=path.parent.parent.name, data=yaml.safe_load(path.read_text(encoding="utf-8")))
               for path in sorted(directory.glob("*/quizzes/*.yml"))]
    return sorted(sources, key=lambda source: bool(source.data.get("pretest")))


def block_id(source: QuizSource, *path) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, "/".join([source.course_slug, source.slug, *map(str, path)])))


def _bilingual(value, where: str, limit: int | None = None) -> list[str]:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        return [f"{where}: needs exactly the languages {', '.join(LANGUAGES)}"]
    problems = [f"{where} ({lang}) is empty" for lang in LANGUAGES if not str(value[lang] or "").strip()]
    if limit:
        problems += [f"{where} ({lang}) is longer than {limit}" for lang in LANGUAGES if len(str(value[lang])) > limit]
    return problems


def _question_problems(question: dict, where: str, self_assessment: bool) -> list[str]:
    kind = question.get("type")
    if self_assessment:
        return (_bilingual(question.get("prompt"), f"{where} prompt", 500)
                + ([] if kind == "statement" else [f"{where}: a self-assessment has statements only"]))
    if kind not in GRADED_QUESTION_TYPES:
        return [f"{where}: unknown or misplaced question type {kind!r}"]
    problems = _bilingual(question.get("prompt"), f"{where} prompt")
    if not isinstance(question.get("points"), int) or not 1 <= question["points"] <= 100:
        problems.append(f"{where}: points must be a whole number from 1 to 100")
    for name in ("feedback_correct", "feedback_incorrect"):
        problems += _bilingual(question.get(name), f"{where} {name}", 1000)
    if kind in CHOICE_TYPES:
        choices = question.get("choices") or []
        correct = sum(1 for choice in choices if choice.get("correct") is True)
        if len(choices) < 2:
            problems.append(f"{where}: give at least two choices")
        if (kind == "single_choice" and correct != 1) or correct < 1:
            problems.append(f"{where}: {'exactly' if kind == 'single_choice' else 'at least'} one correct choice")
        for number, choice in enumerate(choices, start=1):
            problems += _bilingual({lang: choice.get(lang) for lang in LANGUAGES}, f"{where} choice {number}", 500)
            if "feedback" in choice:
                problems += _bilingual(choice["feedback"], f"{where} choice {number} feedback", 500)
    elif kind == "true_false" and question.get("answer") not in ("true", "false"):
        problems.append(f"{where}: answer must be the string \"true\" or \"false\"")
    elif kind == "short_text":
        accepted = question.get("accepted_answers") or {}
        if set(accepted) != set(LANGUAGES) or not all(accepted.values()):
            problems.append(f"{where}: accepted answers needed in {', '.join(LANGUAGES)}")
    elif kind == "numeric":
        try:
            Decimal(str(question.get("answer"))), Decimal(str(question.get("tolerance", 0)))
        except InvalidOperation:
            problems.append(f"{where}: answer and tolerance must be numbers")
    return problems


def band_gaps(bands: list[dict], low: int, high: int) -> list[str]:
    """Where the bands fail to cover low..high exactly once."""
    problems, expected = [], low
    for band in sorted(bands, key=lambda band: band["min"]):
        if band["min"] != expected:
            problems.append(f"band {band['min']}–{band['max']} should start at {expected}")
        if band["max"] < band["min"]:
            problems.append(f"band {band['min']}–{band['max']} ends before it starts")
        expected = band["max"] + 1
    if expected != high + 1:
        problems.append(f"the bands end at {expected - 1}, the scores at {high}")
    return problems


def quiz_problems(source: QuizSource, pretests: set[tuple[str, str]] = frozenset()) -> list[str]:
    """Everything wrong with one quiz file; `pretests` are the (course, slug) of the known pre-tests."""
    data, where = source.data, f"{source.course_slug}/{source.slug}"
    kind = data.get("kind")
    if kind not in QuizKind.values:
        return [f"{where}: unknown kind {kind!r}"]
    problems = _bilingual(data.get("title"), f"{where} title", 255) + _bilingual(data.get("intro"), f"{where} intro")
    if data.get("review") not in ReviewPolicy.values:
        problems.append(f"{where}: unknown review {data.get('review')!r}")
    if kind in (QuizKind.PRE_TEST, QuizKind.POST_TEST) and data.get("parent") != "course":
        problems.append(f"{where}: pre- and post-tests belong on the course page")
    if kind == QuizKind.POST_TEST and (source.course_slug, data.get("pretest")) not in pretests:
        problems.append(f"{where}: pretest must name a pre-test of the same course")
    questions = data.get("questions") or []
    if not questions:
        problems.append(f"{where}: no questions")
    self_assessment = kind == QuizKind.SELF_ASSESSMENT
    for number, question in enumerate(questions, start=1):
        problems += _question_problems(question, f"{where} question {number}", self_assessment)
    if self_assessment:
        scale, bands = data.get("scale") or [], data.get("bands") or []
        if len(scale) < 2:
            return [*problems, f"{where}: the scale needs at least two answers"]
        for number, option in enumerate(scale, start=1):
            problems += _bilingual({lang: option.get(lang) for lang in LANGUAGES}, f"{where} scale {number}", 100)
        for number, band in enumerate(bands, start=1):
            problems += (_bilingual(band.get("label"), f"{where} band {number} label", 120)
                         + _bilingual(band.get("advice"), f"{where} band {number} advice"))
        scores = [option["score"] for option in scale]
        problems += [f"{where}: {gap}" for gap in band_gaps(bands, len(questions) * min(scores),
                                                                  len(questions) * max(scores))]
    return problems


def all_quiz_problems(sources: list[QuizSource]) -> list[str]:
    pretests = {(s.course_slug, s.slug) for s in sources if s.data.get("kind") == QuizKind.PRE_TEST}
    return [problem for source in sources for problem in quiz_problems(source, pretests)]


# --- Sources → StreamField data (pure) -------------------------------------------------------

def _html(markdown_text: str) -> str:
    return str(render_markdown(markdown_text.strip()))


def _question_value(source: QuizSource, number: int, question: dict, lang: str) -> dict:
    kind = question["type"]
    if kind == "statement":
        return {"prompt": question["prompt"][lang].strip(), "reverse_scored": bool(question.get("reverse_scored"))}
    value = {"prompt": _html(question["prompt"][lang]), "points": question["points"],
             **{name: question[name][lang] for name in ("feedback_correct", "feedback_incorrect")}}
    if kind in CHOICE_TYPES:
        value["choices"] = [
            {"type": "item", "id": block_id(source, "q", number, "choice", position),
             "value": {"text": choice[lang], "correct": choice["correct"],
                       "feedback": (choice.get("feedback") or {}).get(lang, "")}}
            for position, choice in enumerate(question["choices"], start=1)
        ]
    elif kind == "true_false":
        value["answer"] = question["answer"]
    elif kind == "short_text":
        value["accepted_answers"] = [
            {"type": "item", "id": block_id(source, "q", number, lang, "accepted", position), "value": text}
            for position, text in enumerate(question["accepted_answers"][lang], start=1)
        ]
    elif kind == "numeric":
        value.update(answer=str(question["answer"]), tolerance=str(question.get("tolerance", 0)))
    return value


def translated_fields(source: QuizSource, lang: str) -> dict:
    """The fields that differ by language, as raw StreamField data with ids shared by both languages."""
    data = source.data
    return {
        "title": data["title"][lang],
        "intro": _html(data["intro"][lang]),
        "questions": [{"type": question["type"], "id": block_id(source, "q", number),
                       "value": _question_value(source, number, question, lang)}
                      for number, question in enumerate(data["questions"], start=1)],
        "scale": [{"type": "option", "id": block_id(source, "scale", position),
                   "value": {"label": option[lang], "score": option["score"]}}
                  for position, option in enumerate(data.get("scale") or [], start=1)],
        "bands": [{"type": "band", "id": block_id(source, "band", position),
                   "value": {"min_score": band["min"], "max_score": band["max"], "label": band["label"][lang],
                             "advice": _html(band["advice"][lang])}}
                  for position, band in enumerate(data.get("bands") or [], start=1)],
    }


def rule_fields(source: QuizSource) -> dict:
    data = source.data
    return {"kind": data["kind"], "pass_mark": data.get("pass_mark", 70), "max_attempts": data.get("max_attempts", 0),
            "time_limit_minutes": data.get("time_limit_minutes"), "review": data["review"],
            "shuffle_questions": bool(data.get("shuffle_questions")),
            "shuffle_choices": bool(data.get("shuffle_choices"))}


# --- Writing the quiz pages ------------------------------------------------------------------

def seed_quiz_pages(*, courses: dict[str, CoursePage], locale: Locale) -> dict[tuple[str, str], QuizPage]:
    """The Ukrainian quiz pages by (course slug, quiz slug), each with its translation into `locale`."""
    sources = read_quizzes()
    if problems := all_quiz_problems(sources):
        raise ValueError("Invalid demo quizzes:\n" + "\n".join(problems))
    pages: dict[tuple[str, str], QuizPage] = {}
    for source in sources:
        course = courses.get(source.course_slug)
        if course is None:
            continue
        parent_slug = source.data["parent"]
        parent = course if parent_slug == "course" else ModulePage.objects.child_of(course).filter(
            slug=parent_slug).first()
        if parent is None:  # the module was renamed or removed by an editor
            continue
        quiz = QuizPage.objects.child_of(parent).filter(slug=source.slug).first()
        if quiz is None:
            pretest = pages.get((source.course_slug, source.data.get("pretest")))
            quiz = QuizPage(slug=source.slug, locale_id=parent.locale_id, pretest=pretest, **rule_fields(source),
                            **translated_fields(source, "uk"))
            parent.add_child(instance=quiz)
            publish(quiz)
        translated(quiz, locale, **translated_fields(source, "en"))
        pages[(source.course_slug, source.slug)] = quiz
    return pages
