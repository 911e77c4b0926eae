"""What enrollments add to the course pages below through hooks (enrollments/wagtail_hooks.py): the reader's
progress, upcoming sessions and quiz results on course, module and quiz pages, and a quiz's "Results" button in
the admin. The pages' side (they ask, and show what is added) is in tests/courses/test_views.py."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from wagtail import hooks

from courses.models import CourseTrainer
from courses.selectors import course_context, module_context, quiz_context
from enrollments import wagtail_hooks
from enrollments.models import ModuleCompletion
from enrollments.quizzes.selectors import QuizLink
from tests.courses.factories import add_quiz
from tests.enrollments.factories import TrainingSessionFactory, submitted_attempt
from tests.factories import CoordinatorFactory, ParticipantFactory, TrainerFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db


def request_of(user):
    request = RequestFactory().get("/uk/")
    request.user = user
    return request


@pytest.fixture
def person(tree):
    """Someone who completed the first module and passed its quiz."""
    person = ParticipantFactory()
    ModuleCompletion.objects.create(user=person, module_key=tree.modules[0].translation_key,
                                    course_key=tree.course.translation_key)
    return person


@pytest.fixture
def quiz(tree, person):
    quiz = add_quiz(tree.modules[0], title="Перевірка знань")
    submitted_attempt(quiz, person)
    return quiz


@pytest.mark.parametrize(("hook_name", "fn"), [
    ("course_page_context", wagtail_hooks.reader_on_course_page),
    ("module_page_context", wagtail_hooks.reader_on_module_page),
    ("quiz_page_context", wagtail_hooks.reader_on_quiz_page),
    ("register_page_header_buttons", wagtail_hooks.quiz_results_button),
])
def test_enrollments_registers_what_it_adds_to_course_pages(hook_name, fn):
    assert fn in hooks.get_hooks(hook_name)


def test_the_course_page_gets_the_readers_progress_sessions_and_quiz_results(tree, person):
    course_quiz = add_quiz(tree.course, slug="final", title="Підсумковий тест")
    attempt = submitted_attempt(course_quiz, person)
    session = TrainingSessionFactory(course=tree.course)
    context = course_context(course=tree.course)

    added = wagtail_hooks.reader_on_course_page(tree.course, request_of(person), context)

    assert added["completed_keys"] == {tree.modules[0].translation_key}
    assert (added["progress"].completed, added["progress"].total) == (1, 2)
    assert added["continue_module"] == tree.modules[1]
    assert added["sessions"] == [session]
    assert added["quizzes"] == [QuizLink(page=course_quiz, best=attempt, last=attempt)]


def test_the_module_page_gets_whether_the_reader_completed_it_and_their_results(tree, person, quiz):
    context = module_context(module=tree.modules[0])

    added = wagtail_hooks.reader_on_module_page(tree.modules[0], request_of(person), context)

    assert added["is_completed"] is True
    assert added["completed_keys"] == {tree.modules[0].translation_key}
    assert (added["progress"].completed, added["progress"].total) == (1, 2)
    [link] = added["quizzes"]
    assert link.page == quiz and link.best.passed and not link.in_progress


def test_a_visitor_gets_no_progress_and_no_results(tree, quiz):
    context = module_context(module=tree.modules[0])

    added = wagtail_hooks.reader_on_module_page(tree.modules[0], request_of(AnonymousUser()), context)

    assert (added["is_completed"], added["completed_keys"], added["progress"].completed) == (False, set(), 0)
    assert added["quizzes"] == [QuizLink(page=quiz)]
    assert wagtail_hooks.reader_on_quiz_page(quiz, request_of(AnonymousUser()), quiz_context(quiz=quiz)) == {
        "availability": None}


def test_the_quiz_page_gets_the_readers_attempts(quiz, person):
    added = wagtail_hooks.reader_on_quiz_page(quiz, request_of(person), quiz_context(quiz=quiz))

    availability = added["availability"]
    assert [attempt.number for attempt in availability.submitted] == [1]
    assert availability.can_start and availability.open_attempt is None


# --- The quiz's "Results" button ------------------------------------------------------------------

def buttons(page, user) -> list[tuple[str, str]]:
    return [(str(button.label), button.url)
            for button in wagtail_hooks.quiz_results_button(page, user, "wagtailadmin_pages:edit")]


def test_results_are_offered_on_a_quiz_to_coordinators_and_its_trainers_only(tree, quiz):
    results = [(uk("Results"), reverse("quiz_results", args=[quiz.translation_key]))]
    course_trainer, session_trainer = TrainerFactory(), TrainerFactory()
    CourseTrainer.objects.create(page=tree.course, user=course_trainer)
    TrainingSessionFactory(course=tree.course, trainers=[session_trainer])

    assert buttons(quiz, CoordinatorFactory()) == results
    assert buttons(quiz, course_trainer) == results
    assert buttons(quiz, session_trainer) == results
    assert buttons(quiz, TrainerFactory()) == []
    assert buttons(tree.modules[0], CoordinatorFactory()) == []


def test_a_quiz_edit_page_has_the_results_button(client, quiz):
    client.force_login(CoordinatorFactory(is_superuser=True))

    response = client.get(reverse("wagtailadmin_pages:edit", args=[quiz.pk]))

    assert response.status_code == 200
    assert f'href="{reverse("quiz_results", args=[quiz.translation_key])}"' in text(response)
