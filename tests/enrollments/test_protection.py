"""Pages with sessions, quiz results or certificate rules cannot be deleted from the admin: a message, not a 500."""

import pytest
from django.urls import reverse

from courses.models import CoursePage, ModulePage, QuizPage
from enrollments.quizzes import services
from tests.factories import (
    CertificateRuleFactory,
    CoordinatorFactory,
    ParticipantFactory,
    TrainingSessionFactory,
    add_quiz,
)
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db

REFUSAL = ("This cannot be deleted: training sessions, quiz results, certificate rules or applications refer to it "
           "or to a page inside it. "
           "Unpublish it instead: it disappears from the site and the records stay intact.")


@pytest.fixture
def admin(client):
    client.force_login(CoordinatorFactory(is_superuser=True))
    return client


def delete(client, page):
    return client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]), follow=True)


def test_a_quiz_with_attempts_is_kept(admin, tree):
    quiz = add_quiz(tree.modules[0])
    services.start_attempt(quiz=quiz, user=ParticipantFactory())
    response = delete(admin, quiz)
    assert response.status_code == 200
    assert uk(REFUSAL) in text(response)
    assert QuizPage.objects.filter(pk=quiz.pk).exists()


def test_a_module_whose_quiz_has_attempts_is_kept(admin, tree):
    quiz = add_quiz(tree.modules[0])
    services.start_attempt(quiz=quiz, user=ParticipantFactory())
    response = delete(admin, tree.modules[0])
    assert uk(REFUSAL) in text(response)
    assert ModulePage.objects.filter(pk=tree.modules[0].pk).exists()


def test_a_course_with_a_session_is_kept(admin, tree):
    TrainingSessionFactory(course=tree.course)
    response = admin.get(reverse("wagtailadmin_pages:delete", args=[tree.course.pk]), follow=True)
    assert uk(REFUSAL) in text(response)


def test_a_course_with_a_certificate_rule_is_kept(admin, tree):
    CertificateRuleFactory(course=tree.course)
    response = delete(admin, tree.course)
    assert response.status_code == 200
    assert uk(REFUSAL) in text(response)
    assert CoursePage.objects.filter(pk=tree.course.pk).exists()


def test_a_quiz_a_certificate_rule_requires_is_kept(admin, tree):
    quiz = add_quiz(tree.modules[0], pass_mark=60)
    CertificateRuleFactory(course=tree.course, quizzes=[quiz])
    response = delete(admin, tree.modules[0])
    assert uk(REFUSAL) in text(response)
    assert QuizPage.objects.filter(pk=quiz.pk).exists()


def test_pages_without_records_are_deleted_as_usual(admin, tree):
    quiz = add_quiz(tree.modules[0])
    response = delete(admin, quiz)
    assert response.status_code == 200
    assert not QuizPage.objects.filter(pk=quiz.pk).exists()


def test_bulk_deletion_is_refused_too(admin, tree):
    quiz = add_quiz(tree.modules[0])
    services.start_attempt(quiz=quiz, user=ParticipantFactory())
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    response = admin.post(f"{url}?id={tree.modules[0].pk}&id={tree.modules[1].pk}&childOf={tree.course.pk}",
                          follow=True)
    assert uk(REFUSAL) in text(response)
    assert ModulePage.objects.filter(pk=tree.modules[0].pk).exists()


def test_a_call_with_applications_is_kept_and_so_is_its_index(admin, tree):
    from content.models import CallPage
    from tests.factories import ApplicationFactory, add_call

    call = add_call(tree.home)
    ApplicationFactory(call=call)
    for page in (call, call.get_parent()):
        response = delete(admin, page)
        assert response.status_code == 200
        assert uk(REFUSAL) in text(response)
    assert CallPage.objects.filter(pk=call.pk).exists()
