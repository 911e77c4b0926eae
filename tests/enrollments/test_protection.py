"""Pages with sessions, quiz results or certificate rules cannot be deleted from the admin: a message, not a 500.

enrollments/protection.py asks each app's `page_has_records` hook; enrollments answers for sessions, quiz results
and applications, certificates for its rules (tests/certificates/test_wagtail_hooks.py).
"""

import pytest
from django.urls import reverse
from wagtail import hooks

from courses.models import CoursePage, ModulePage, QuizPage
from enrollments import protection
from enrollments.quizzes import services
from tests.certificates.factories import CertificateRuleFactory
from tests.courses.factories import add_quiz, translate_tree
from tests.enrollments.factories import TrainingSessionFactory
from tests.factories import CoordinatorFactory, ParticipantFactory
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
    from tests.content.factories import add_call
    from tests.enrollments.factories import ApplicationFactory

    call = add_call(tree.home)
    ApplicationFactory(call=call)
    for page in (call, call.get_parent()):
        response = delete(admin, page)
        assert response.status_code == 200
        assert uk(REFUSAL) in text(response)
    assert CallPage.objects.filter(pk=call.pk).exists()


def test_enrollments_answers_for_sessions_quiz_results_and_applications():
    registered = hooks.get_hooks("page_has_records")

    for check in (protection.sessions_refer_to, protection.quiz_results_refer_to, protection.applications_refer_to):
        assert check in registered


def test_each_of_enrollments_checks_sees_only_its_own_records(tree):
    from tests.content.factories import add_call
    from tests.enrollments.factories import ApplicationFactory

    quiz = add_quiz(tree.modules[0])
    call = add_call(tree.home)
    checks = (protection.sessions_refer_to, protection.quiz_results_refer_to, protection.applications_refer_to)

    def answers(page):
        ids = protection._subtree_ids([page])
        return [check(ids) for check in checks]

    assert answers(tree.home) == [False, False, False]
    TrainingSessionFactory(course=tree.course)
    services.start_attempt(quiz=quiz, user=ParticipantFactory())
    ApplicationFactory(call=call)
    assert answers(quiz) == [False, True, False]
    assert answers(tree.modules[0]) == [False, True, False]  # the quiz lies beneath
    assert answers(tree.modules[1]) == [False, False, False]
    assert answers(tree.course) == [True, True, False]
    assert answers(call) == [False, False, True]
    assert answers(tree.home) == [True, True, True]
    assert answers(tree.news) == [False, False, False]


def test_a_page_is_kept_when_any_apps_hook_says_records_refer_to_it(admin, tree):
    asked = []

    def another_apps_records(page_ids):
        asked.append(sorted(row["pk"] for row in page_ids))
        return True

    with hooks.register_temporarily("page_has_records", another_apps_records):
        response = delete(admin, tree.modules[1])

    assert uk(REFUSAL) in text(response)
    assert ModulePage.objects.filter(pk=tree.modules[1].pk).exists()
    assert asked == [[tree.modules[1].pk]]


def test_a_translation_is_kept_when_records_refer_to_the_page_it_translates(admin, tree):
    english = translate_tree(tree)
    TrainingSessionFactory(course=tree.course)  # on the Ukrainian course; Wagtail would delete both

    response = delete(admin, english.course)

    assert uk(REFUSAL) in text(response)
    assert CoursePage.objects.filter(pk=english.course.pk).exists()
