"""The pages of courses/models.py: the catalogue, course and module pages as a visitor and as a learner sees them,
what a quiz page refuses to hold, and the hooks each page asks."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail import hooks

from content.choices import Profession
from content.hours import hours_label
from courses.models import CourseAudience, CoursePage, QuizPage
from enrollments.models import ModuleCompletion
from tests.courses.factories import (
    TopicFactory,
    add_course,
    add_quiz,
    graded_questions,
    self_assessment_fields,
    translate_tree,
)
from tests.helpers import text, uk, uk_plural

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]

CATALOGUE_URL = "/uk/courses/"


@pytest.fixture
def catalogue_courses(tree):
    """Three live courses that differ in topic, audience, language and format, plus a draft."""
    psychosocial = TopicFactory(slug="psychosocial", name_uk="Психосоціальна підтримка", name_en="Psychosocial")
    first_aid = add_course(
        tree.catalogue, slug="first-aid", modules=1, title="Перша психологічна допомога",
        summary="Як підтримати людину в перші години після події.",
        topic=psychosocial, format="in_person", delivery_language="uk",
        audiences=[CourseAudience(profession="psychologist")],
    )
    english = add_course(
        tree.catalogue, slug="supervision", modules=1, title="Supervision basics",
        summary="Reflective supervision for social workers.",
        format="blended", delivery_language="en",
        audiences=[CourseAudience(profession="social_worker"), CourseAudience(profession="teacher")],
    )
    draft = CoursePage(title="Чернетка курсу", slug="draft", summary="Ще не готово", live=False)
    draft.locale_id = tree.catalogue.locale_id
    tree.catalogue.add_child(instance=draft)
    return {"case-management": tree.course, "first-aid": first_aid, "supervision": english}


def listed_course_urls(response) -> list[str]:
    return re.findall(r'class="card__title"><a href="([^"]+)"', text(response))


# --- Catalogue -----------------------------------------------------------------------------


def test_catalogue_lists_live_courses_not_drafts(client, catalogue_courses):
    response = client.get(CATALOGUE_URL)

    assert response.status_code == 200
    html = text(response)
    assert listed_course_urls(response) == [
        "/uk/courses/case-management/", "/uk/courses/first-aid/", "/uk/courses/supervision/"
    ]
    assert ">Перша психологічна допомога</a>" in html
    assert "Як підтримати людину в перші години після події." in html
    assert "Reflective supervision for social workers." in html
    assert "Чернетка курсу" not in html
    assert uk_plural("%(counter)s course", "%(counter)s courses", 3, counter=3) in html


@pytest.mark.parametrize(("params", "expected"), [
    ({"topic": "psychosocial"}, ["first-aid"]),
    ({"audience": "psychologist"}, ["first-aid"]),
    ({"audience": "teacher"}, ["supervision"]),
    ({"language": "en"}, ["supervision"]),
    ({"language": "uk"}, ["case-management", "first-aid"]),
    ({"format": "in_person"}, ["first-aid"]),
    ({"format": "self_paced"}, ["case-management"]),
    ({"format": "blended", "language": "en"}, ["supervision"]),
    ({"format": "blended", "language": "uk"}, []),
])
def test_catalogue_filters_narrow_the_list(client, catalogue_courses, params, expected):
    response = client.get(CATALOGUE_URL, params)

    assert response.status_code == 200
    assert listed_course_urls(response) == [f"/uk/courses/{slug}/" for slug in expected]
    html = text(response)
    assert f'href="{CATALOGUE_URL}">{uk("Clear filters")}</a>' in html
    if not expected:
        assert uk("No courses match these filters.") in html


def test_filter_selection_is_kept_in_the_form(client, catalogue_courses):
    response = client.get(CATALOGUE_URL, {"audience": "psychologist"})

    assert response.status_code == 200
    assert '<option value="psychologist" selected>' in text(response)


def test_audience_filter_lists_a_course_once(client, catalogue_courses):
    """A course written for several professions appears once when one of them is chosen."""
    response = client.get(CATALOGUE_URL, {"audience": "social_worker"})

    assert response.status_code == 200
    assert listed_course_urls(response) == ["/uk/courses/supervision/"]


@pytest.mark.parametrize("params", [
    {"format": "astronaut"},
    {"topic": "no-such-topic"},
    {"audience": "<script>alert(1)</script>"},
    {"language": "xx", "page": "abc"},
])
def test_invalid_filter_shows_all_courses(client, catalogue_courses, params):
    response = client.get(CATALOGUE_URL, params)

    assert response.status_code == 200
    assert len(listed_course_urls(response)) == 3
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_catalogue_is_paginated(client, tree):
    for n in range(12):
        add_course(tree.catalogue, slug=f"course-{n:02}", modules=0)

    first = client.get(CATALOGUE_URL)
    second = client.get(CATALOGUE_URL, {"page": 2})

    assert first.status_code == second.status_code == 200
    assert len(listed_course_urls(first)) == 12
    assert listed_course_urls(second) == ["/uk/courses/course-11/"]
    assert uk_plural("%(counter)s course", "%(counter)s courses", 13, counter=13) in text(first)
    assert uk("Page %(number)s of %(total)s", number=1, total=2) in text(first)
    assert 'href="?page=2" rel="next"' in text(first)
    assert 'href="?page=1" rel="prev"' in text(second)


def test_pagination_keeps_the_filters(client, tree):
    for n in range(13):
        add_course(tree.catalogue, slug=f"blended-{n:02}", modules=0, format="blended")

    response = client.get(CATALOGUE_URL, {"format": "blended"})

    assert response.status_code == 200
    assert 'href="?format=blended&amp;page=2" rel="next"' in response.content.decode()


# --- Course page ---------------------------------------------------------------------------


@pytest.fixture
def described_course(tree):
    course = tree.course
    course.learning_outcomes = [("outcome", "Складати план допомоги"), ("outcome", "Вести облік випадку")]
    course.audiences = [CourseAudience(profession="case_manager"), CourseAudience(profession="social_worker")]
    course.save_revision().publish()
    return course


def test_course_page_describes_the_course(client, tree, described_course):
    response = client.get(described_course.url)

    assert response.status_code == 200
    html = text(response)
    assert "<h1>Ведення випадку</h1>" in html
    assert "<li>Складати план допомоги</li>" in html
    assert "<li>Вести облік випадку</li>" in html
    with translation.override("uk"):
        assert str(Profession.CASE_MANAGER.label) in html
        assert str(Profession.SOCIAL_WORKER.label) in html
    titles = re.findall(r'<li class="module-list__item[^"]*">\s*<a href="([^"]+)">([^<]+)</a>', html)
    assert titles == [(m.url, m.title) for m in tree.modules]
    assert html.count(uk_plural("%(minutes)s minute", "%(minutes)s minutes", 30, minutes=30)) == 2
    with translation.override("uk"):  # the course's hours written as a session's and a certificate's are
        assert f"<dd>{hours_label(described_course.duration_hours)}</dd>" in html


def test_course_page_asks_visitors_to_log_in(client, tree):
    response = client.get(tree.course.url)

    assert response.status_code == 200
    html = text(response)
    assert f'href="/uk/accounts/login/?next={tree.course.url}"' in html
    assert uk("Log in to track your progress") in html
    assert "<progress" not in html


def test_course_page_shows_the_learners_progress(learner, participant, tree):
    first, second = tree.modules
    ModuleCompletion.objects.create(user=participant, module_key=first.translation_key,
                                    course_key=tree.course.translation_key)

    response = learner.get(tree.course.url)

    assert response.status_code == 200
    html = text(response)
    assert uk("%(completed)s of %(total)s modules completed (%(percent)s%%)", completed=1, total=2, percent=50) \
        in html
    assert '<progress id="course-progress" max="2" value="1"' in html
    assert f'<a class="button" href="{second.url}">{uk("Continue where you left off")}</a>' in html
    assert html.count(uk("completed")) >= 1
    assert uk("Log in to track your progress") not in html


def test_course_page_invites_a_new_learner_to_start(learner, tree):
    response = learner.get(tree.course.url)

    assert response.status_code == 200
    html = text(response)
    assert f'<a class="button" href="{tree.modules[0].url}">{uk("Start the course")}</a>' in html
    assert uk("%(completed)s of %(total)s modules completed (%(percent)s%%)", completed=0, total=2, percent=0) \
        in html


# --- Module page ---------------------------------------------------------------------------


def test_module_page_position_and_pager(client, tree):
    first, second = tree.modules

    first_page = client.get(first.url)
    last_page = client.get(second.url)

    assert first_page.status_code == last_page.status_code == 200
    first_html, last_html = text(first_page), text(last_page)
    assert uk("Module %(position)s of %(total)s", position=1, total=2) in first_html
    assert uk("Module %(position)s of %(total)s", position=2, total=2) in last_html
    assert "Текст модуля 1." in first_html
    assert 'rel="prev"' not in first_html
    assert f'<a href="{second.url}" rel="next">' in first_html
    assert f'<a href="{first.url}" rel="prev">' in last_html
    assert 'rel="next"' not in last_html
    assert uk("Back to the course") in last_html


def test_module_page_for_visitors_has_no_form(client, tree):
    module = tree.modules[0]

    response = client.get(module.url)

    assert response.status_code == 200
    html = text(response)
    assert "/complete/" not in html
    assert f'href="/uk/accounts/login/?next={module.url}"' in html


def test_module_page_offers_to_mark_complete(learner, tree):
    first, second = tree.modules

    response = learner.get(first.url)

    assert response.status_code == 200
    html = text(response)
    assert f'<form method="post" action="/uk/learning/modules/{first.pk}/complete/">' in html
    assert f'<input type="hidden" name="next" value="{second.url}">' in html
    assert uk("Mark as complete") in html
    assert uk("You have completed this module.") not in html


def test_module_page_after_completion(learner, participant, tree):
    first, second = tree.modules
    marked = learner.post(f"/uk/learning/modules/{first.pk}/complete/", {"next": first.url})
    assert marked.status_code == 302

    response = learner.get(first.url)

    assert response.status_code == 200
    html = text(response)
    assert uk("You have completed this module.") in html
    assert f'<form method="post" action="/uk/learning/modules/{first.pk}/reopen/">' in html
    assert f"/uk/learning/modules/{first.pk}/complete/" not in html
    assert uk("%(completed)s of %(total)s modules of this course completed", completed=1, total=2) in html


def test_progress_on_the_uk_module_counts_on_the_en_translation(learner, participant, tree):
    english = translate_tree(tree)
    learner.post(f"/uk/learning/modules/{tree.modules[0].pk}/complete/")

    module = learner.get(english.modules[0].url)
    course = learner.get(english.course.url)

    assert english.modules[0].url == "/en/courses/case-management/module-1/"
    assert module.status_code == course.status_code == 200
    assert '<html lang="en">' in text(module)
    assert "You have completed this module." in text(module)
    assert f'action="/uk/learning/modules/{english.modules[0].pk}/reopen/"' not in text(module)
    assert f'action="/en/learning/modules/{english.modules[0].pk}/reopen/"' in text(module)
    assert "1 of 2 modules completed (50%)" in text(course)
    assert f'href="{english.modules[1].url}">Continue where you left off</a>' in text(course)


# --- Quiz page -----------------------------------------------------------------------------

def test_graded_quizzes_refuse_statements_and_self_assessments_need_scale_and_bands(tree):
    quiz = QuizPage(title="Т", slug="t", kind="graded", questions=self_assessment_fields()["questions"])
    with pytest.raises(ValidationError) as graded:
        quiz.clean()
    assert "questions" in graded.value.message_dict

    check = QuizPage(title="С", slug="s", kind="self_assessment", questions=graded_questions())
    with pytest.raises(ValidationError) as self_check:
        check.clean()
    assert set(self_check.value.message_dict) == {"questions", "scale", "bands"}


# --- What the apps above add: the page hooks -----------------------------------------------


@pytest.mark.parametrize("hook_name", ["course_page_context", "module_page_context", "quiz_page_context"])
def test_each_page_asks_its_hook_with_its_own_reads_and_shows_what_it_adds(client, participant, tree, hook_name):
    quiz = add_quiz(tree.modules[0], title="Перевірка знань")
    page = {"course_page_context": tree.course, "module_page_context": tree.modules[0],
            "quiz_page_context": quiz}[hook_name]
    client.force_login(participant)
    asked = []

    def add(page, request, context):
        asked.append((page, request.user, {"modules", "quiz_pages", "parent_page"} & set(context)))
        return {"page_title_extra": "додано"}

    with hooks.register_temporarily(hook_name, add):
        response = client.get(page.url)

    assert response.status_code == 200
    assert response.context["page_title_extra"] == "додано"
    [(given, user, own_reads)] = asked
    assert (given.pk, user) == (page.pk, participant)
    assert own_reads == {"course_page_context": {"modules", "quiz_pages"}, "module_page_context": {
        "modules", "quiz_pages"}, "quiz_page_context": {"parent_page"}}[hook_name]
