"""My learning's courses (enrollments/views.py): progress, where to continue, both languages, hooks' sections."""

import pytest
from django.core.cache import cache
from django.template import engines
from wagtail import hooks

from tests.courses.factories import add_course, translate_tree
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, TrainingSessionFactory
from tests.enrollments.paths import LOGIN_URL, MY_LEARNING_URL, complete_url
from tests.helpers import text, uk

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]

MY_LEARNING_QUERIES = 21  # 19 measured with one started course and with six (1 lists the certificates)


def test_my_learning_needs_log_in(client):
    response = client.get(MY_LEARNING_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={MY_LEARNING_URL}"


def test_my_learning_empty_state(learner, tree):
    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    assert uk("You have not started a course yet. When you mark your first module as complete, "
              "the course appears here with your progress.") in html
    assert 'href="/uk/courses/"' in html
    assert tree.course.title not in html
    # no profile yet: a nudge to fill it in, which comes back here once saved
    assert uk("Complete your profile") in html
    assert f'href="/uk/learning/profile/?next={MY_LEARNING_URL}"' in html


def test_my_learning_shows_progress_and_where_to_continue(learner, participant, tree):
    ProfileFactory(user=participant)
    first, second = tree.modules
    other = add_course(tree.catalogue, slug="not-started", title="Не розпочатий курс")
    learner.post(complete_url(first))

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    assert f'href="{tree.course.url}">Ведення випадку</a>' in html
    assert uk("%(completed)s of %(total)s modules completed (%(percent)s%%)", completed=1, total=2, percent=50) \
        in html
    assert f'href="{second.url}"' in html
    assert uk("Continue with “%(title)s”", title="Модуль 2") in html
    assert other.title not in html
    assert uk("Complete your profile") not in html


def test_my_learning_in_english_keeps_courses_not_yet_translated(client, participant, tree):
    """Progress on a Ukrainian-only course must not vanish from /en/learning/ once an English tree exists.

    Bug: enrollments/selectors.py learning_overview() keeps only courses of the active locale, so the
    English page tells this learner "You have not started a course yet".
    """
    translate_tree(tree)
    only_uk = add_course(tree.catalogue, slug="uk-only", modules=2, title="Лише українською")
    client.force_login(participant)
    client.post(complete_url(only_uk.get_children().first()))

    response = client.get("/en/learning/")

    assert response.status_code == 200
    html = text(response)
    assert "You have not started a course yet." not in html
    assert f'href="{only_uk.url}">Лише українською</a>' in html
    assert "1 of 2 modules completed (50%)" in html


def test_my_learning_in_english_shows_the_english_course(client, participant, tree):
    english = translate_tree(tree)
    client.force_login(participant)
    client.post(complete_url(tree.modules[0]))

    response = client.get("/en/learning/")

    assert response.status_code == 200
    html = text(response)
    assert f'href="{english.course.url}">Case management</a>' in html
    assert f'href="{english.modules[1].url}">Continue with “Module 2”</a>' in html
    assert "Ведення випадку" not in html


def test_my_learning_shows_a_finished_course(learner, tree):
    for module in tree.modules:
        learner.post(complete_url(module))

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    assert uk("%(completed)s of %(total)s modules completed (%(percent)s%%)", completed=2, total=2, percent=100) \
        in html
    assert uk("Course completed") in html


def test_my_learning_shows_what_the_apps_above_add_through_hooks(learner, participant, tree):
    place = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course), user=participant)
    asked = []

    def a_section(request, trainings, completed):
        asked.append((request.user, [training.enrollment for training in trainings], completed))
        return {"template": engines["django"].from_string('<p id="added">{{ section.words }}</p>').template,
                "words": "Додано згори"}

    with hooks.register_temporarily([("my_learning_sections", a_section),
                                     ("my_learning_sections", lambda request, trainings, completed: None)]):
        response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    assert asked == [(participant, [place], {})]
    html = text(response)
    assert html.count('<p id="added">Додано згори</p>') == 1  # a hook with nothing to add adds nothing
    assert html.index('id="trainings-heading"') < html.index('id="added"') < html.index('id="courses-heading"')


@pytest.mark.parametrize("started", [1, 6])
def test_my_learning_query_count_does_not_grow(learner, participant, tree, django_assert_max_num_queries, started):
    ProfileFactory(user=participant)
    courses = [tree.course] + [
        add_course(tree.catalogue, slug=f"course-{n}", modules=3, title=f"Курс номер {n}") for n in range(started - 1)
    ]
    for course in courses:
        learner.post(complete_url(course.get_children().first()))
    cache.clear()

    with django_assert_max_num_queries(MY_LEARNING_QUERIES):
        response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    assert text(response).count('class="card__title"') == started


def test_a_joined_training_counts_its_course_is_offered_instead_of_the_empty_message(learner, participant, tree):
    other = add_course(tree.catalogue, slug="other-course", modules=2, title="Інший курс")
    EnrollmentFactory(session=TrainingSessionFactory(course=tree.course), user=participant)
    EnrollmentFactory(session=TrainingSessionFactory(course=other), user=participant)
    learner.post(complete_url(other.get_children().first()))  # started: shown with its progress, not offered

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    courses = text(response).split('id="courses-heading"', 1)[1]
    assert uk("You have not started a course yet. When you mark your first module as complete, "
              "the course appears here with your progress.") not in courses
    assert courses.count(uk("The course of your training: you have not opened its modules yet.")) == 1
    first = tree.modules[0]
    assert f'href="{first.url}">{uk("Start with “%(title)s”", title=first.title)}</a>' in courses
    assert f">{other.title}</a>" in courses
