"""The demo quizzes (lms/demo/quizzes.py): the sources in lms/demo/curriculum/*/quizzes/*.yml, checked and built
into quiz pages in both languages; seeding them again."""

import copy
import random

import pytest
from django.contrib.auth import get_user_model
from django.http import QueryDict
from wagtail.models import Page

from courses.models import CoursePage, ModulePage, QuizPage
from courses.quiz_definition import build_definition
from enrollments.models import Attendance, Enrollment, QuizAttempt, QuizVersion, TrainingSession
from enrollments.quizzes.answers import field_name, parse_answers
from enrollments.quizzes.scoring import normalise_text, score_attempt, score_question
from lms.demo.quizzes import (
    QuizSource,
    all_quiz_problems,
    band_gaps,
    quiz_problems,
    read_quizzes,
    rule_fields,
    translated_fields,
)
from lms.demo.results import simulated_answers
from lms.demo.sources import LANGUAGES
from tests.lms.demo.seeding import seed

DEMO_COURSES = {"case-management", "crisis-communication", "burnout-prevention"}


@pytest.fixture(scope="module")
def sources() -> list[QuizSource]:
    return read_quizzes()


def by_slug(sources, slug: str) -> QuizSource:
    return next(source for source in sources if source.slug == slug)


def page_for(source: QuizSource, lang: str = "uk") -> QuizPage:
    """An unsaved quiz page built from a source, as the seed builds it."""
    return QuizPage(**rule_fields(source), **translated_fields(source, lang))


def score(definition: dict, answers: dict[str, list[str]]):
    """Scores simulated form values the way a posted form is: parsed first, then scored."""
    data = QueryDict(mutable=True)
    data.setlist("questions", [question["id"] for question in definition["questions"]])
    for question_id, values in answers.items():
        if values:
            data.setlist(field_name(question_id), values)
    parsed = parse_answers(definition=definition, data=data)
    return score_attempt(definition=definition, answers={k: v for k, v in parsed.items() if v is not None})


# --- The YAML sources (pure) -------------------------------------------------------------------

def test_the_sources_are_valid(sources):
    assert all_quiz_problems(sources) == []


def test_every_course_has_a_graded_module_quiz_and_the_course_quizzes_the_issue_asks_for(sources):
    kinds = {(source.course_slug, source.data["kind"]) for source in sources}
    for course in DEMO_COURSES:
        assert (course, "graded") in kinds, course
    assert {("crisis-communication", "pre_test"), ("crisis-communication", "post_test"),
            ("burnout-prevention", "self_assessment")} <= kinds
    for source in sources:
        if source.data["kind"] == "graded":
            assert source.data["parent"] != "course", source.slug


def test_graded_quizzes_follow_the_demo_rules(sources):
    types = set()
    for source in (s for s in sources if s.data["kind"] == "graded"):
        data = source.data
        assert 6 <= len(data["questions"]) <= 8, source.slug
        assert (data["pass_mark"], data["max_attempts"], data["shuffle_choices"]) == (70, 3, True), source.slug
        assert data["review"] in ("solutions", "feedback")
        quiz_types = {question["type"] for question in data["questions"]}
        assert len(quiz_types) >= 4, source.slug
        types |= quiz_types
        # Feedback for single choices, per choice: it explains why a distractor is wrong.
        for question in data["questions"]:
            for choice in question.get("choices", []):
                assert set(choice.get("feedback", {})) == set(LANGUAGES), source.slug
    assert types >= {"single_choice", "multiple_choice", "true_false", "short_text", "numeric"}


def test_pre_and_post_tests_are_parallel_forms(sources):
    pre, post = by_slug(sources, "pre-test").data, by_slug(sources, "post-test").data
    assert (pre["review"], pre["max_attempts"], pre["time_limit_minutes"]) == ("score", 1, 15)
    assert (post["pretest"], post["max_attempts"], post["pass_mark"]) == ("pre-test", 1, pre["pass_mark"])
    assert post["review"] in ("solutions", "feedback")
    assert len(pre["questions"]) == len(post["questions"]) == 8
    # Item by item the same type and the same points, so the two scores compare like with like.
    assert [(q["type"], q["points"]) for q in pre["questions"]] == [(q["type"], q["points"]) for q in post["questions"]]
    pre_prompts = {q["prompt"]["uk"] for q in pre["questions"]}
    assert not pre_prompts & {q["prompt"]["uk"] for q in post["questions"]}


def test_self_assessment_is_a_self_check_on_a_frequency_scale(sources):
    data = by_slug(sources, "burnout-self-check").data
    assert len(data["questions"]) == 10
    assert 2 <= sum(1 for q in data["questions"] if q.get("reverse_scored")) < 10
    assert [(option["en"], option["score"]) for option in data["scale"]] == [
        ("Never", 0), ("Rarely", 1), ("Sometimes", 2), ("Often", 3), ("Always", 4)]
    assert [(band["min"], band["max"]) for band in data["bands"]] == [(0, 13), (14, 26), (27, 40)]
    assert "не діагноз" in data["intro"]["uk"] and "not a diagnosis" in data["intro"]["en"]
    assert "Maslach" not in str(data) and "Copenhagen" not in str(data)


@pytest.mark.parametrize("typed", ["зв'язувати", "зв’язувати", "звʼязувати", " Зв'язувати. "])
def test_short_answers_accept_every_apostrophe(sources, typed):
    question = by_slug(sources, "psychological-first-aid-quiz").data["questions"][0]
    definition_question = {"type": "short_text", "points": 1, "accepted_answers": question["accepted_answers"]["uk"]}
    assert score_question(definition={}, question=definition_question, answer=typed).correct
    assert normalise_text(typed) in {normalise_text(text) for text in question["accepted_answers"]["uk"]}


def test_problems_are_found_in_a_broken_quiz(sources):
    broken = copy.deepcopy(by_slug(sources, "psychological-first-aid-quiz").data)
    single = next(q for q in broken["questions"] if q["type"] == "single_choice")
    for choice in single["choices"]:
        choice["correct"] = True
    del broken["title"]["en"]
    broken["questions"][0]["accepted_answers"]["en"] = []
    problems = quiz_problems(QuizSource(course_slug="crisis-communication", data=broken))
    assert any("exactly one correct choice" in p for p in problems)
    assert any("title: needs exactly the languages uk, en" in p for p in problems)
    assert any("accepted answers needed" in p for p in problems)

    self_check = copy.deepcopy(by_slug(sources, "burnout-self-check").data)
    self_check["bands"][1]["min"] = 15
    self_check["questions"][0]["type"] = "single_choice"
    problems = quiz_problems(QuizSource(course_slug="burnout-prevention", data=self_check))
    assert any("should start at 14" in p for p in problems)
    assert any("statements only" in p for p in problems)

    post = by_slug(sources, "post-test")
    assert any("pretest must name" in p for p in quiz_problems(post, pretests=set()))


@pytest.mark.parametrize(("bands", "gaps"), [
    ([(0, 13), (14, 26), (27, 40)], 0),
    ([(0, 13), (15, 40)], 1),  # a gap at 14
    ([(0, 14), (14, 40)], 1),  # 14 in two bands
    ([(0, 13), (14, 39)], 1),  # 40 in none
    ([(27, 40), (0, 13), (14, 26)], 0),  # order does not matter
])
def test_band_gaps(bands, gaps):
    assert len(band_gaps([{"min": low, "max": high} for low, high in bands], 0, 40)) == gaps


def test_both_languages_share_every_id_and_ids_are_unique(sources):
    for source in sources:
        uk, en = translated_fields(source, "uk"), translated_fields(source, "en")
        for name in ("questions", "scale", "bands"):
            assert [block["id"] for block in uk[name]] == [block["id"] for block in en[name]], source.slug
        uk_choices = [item["id"] for block in uk["questions"] for item in block["value"].get("choices", [])]
        en_choices = [item["id"] for block in en["questions"] for item in block["value"].get("choices", [])]
        assert uk_choices == en_choices
        ids = [block["id"] for name in ("questions", "scale", "bands") for block in uk[name]] + uk_choices
        assert len(ids) == len(set(ids))
        assert uk["title"] != en["title"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_quiz_pages_built_from_the_sources_validate_and_score(db, sources, lang):
    for source in sources:
        page = page_for(source, lang)
        if source.data["kind"] == "post_test":
            page.pretest_id = 0  # stands in for the pre-test page, which the seed links (tested below)
        for name in ("questions", "scale", "bands"):
            QuizPage._meta.get_field(name).stream_block.clean(getattr(page, name))  # the admin's block checks
        page.clean()
        definition = build_definition(page)
        rng = random.Random(source.slug)
        if source.data["kind"] == "self_assessment":
            assert score(definition, simulated_answers(definition, rng=rng, strain=0)).band["min"] == 0
            assert score(definition, simulated_answers(definition, rng=rng, strain=4)).band["max"] == 40
        else:
            every = len(definition["questions"])
            assert score(definition, simulated_answers(definition, rng=rng, right=every)).percent == 100
            assert score(definition, simulated_answers(definition, rng=rng, right=0)).passed is False


# --- Seeded ----------------------------------------------------------------------------------------

def counts() -> dict[str, int]:
    models = (Page, QuizPage, get_user_model(), TrainingSession, Enrollment, Attendance, QuizVersion, QuizAttempt)
    return {model.__name__: model.objects.count() for model in models}


class TestSeededDemoQuizzes:
    """The seed runs once for these tests (seconds), in a transaction rolled back after the class."""

    @pytest.fixture(autouse=True)
    def _seeded(self, demo_output, db):
        pass

    def test_quizzes_exist_in_both_languages_with_the_same_ids(self, sources):
        assert QuizPage.objects.filter(locale__language_code="uk").count() == len(sources)
        for quiz in QuizPage.objects.filter(locale__language_code="uk"):
            english = QuizPage.objects.get(locale__language_code="en", translation_key=quiz.translation_key)
            assert quiz.live and english.live and english.title != quiz.title
            assert english.get_parent().translation_key == quiz.get_parent().translation_key
            uk_definition, en_definition = build_definition(quiz), build_definition(english)
            assert uk_definition["questions"][0]["prompt"] != en_definition["questions"][0]["prompt"]
            for name in ("questions", "scale", "bands"):
                assert [block.id for block in getattr(quiz, name)] == [block.id for block in getattr(english, name)]
            assert [c["id"] for q in uk_definition["questions"] for c in q.get("choices", [])] == [
                c["id"] for q in en_definition["questions"] for c in q.get("choices", [])]

    def test_quizzes_sit_where_the_sources_say(self, sources):
        for source in sources:
            course = CoursePage.objects.get(locale__language_code="uk", slug=source.course_slug)
            parent = course if source.data["parent"] == "course" else ModulePage.objects.child_of(course).get(
                slug=source.data["parent"])
            quiz = QuizPage.objects.child_of(parent).get(slug=source.slug)
            assert (quiz.kind, quiz.review, quiz.max_attempts) == (
                source.data["kind"], source.data["review"], source.data["max_attempts"])
        pre = QuizPage.objects.get(locale__language_code="uk", slug="pre-test")
        assert set(QuizPage.objects.filter(slug="post-test").values_list("pretest", flat=True)) == {pre.pk}

    def test_seeding_again_creates_nothing_and_keeps_editor_changes(self):
        quiz = QuizPage.objects.get(locale__language_code="uk", slug="pre-test")
        quiz.title = "Змінено редактором"
        quiz.save_revision().publish()
        before = counts()

        output = seed(users=True)

        assert counts() == before
        assert "(0 pages created)" in output
        quiz.refresh_from_db()
        assert quiz.title == "Змінено редактором"
