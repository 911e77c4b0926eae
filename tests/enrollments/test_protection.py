"""Pages with sessions, quiz results or certificate rules cannot be deleted from the admin: a message, not a 500.

enrollments/protection.py asks each app's `page_has_records` hook; enrollments answers for sessions, quiz results
and applications, certificates for its rules (tests/certificates/test_wagtail_hooks.py).
"""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import translation
from wagtail import hooks

from courses.models import CoursePage, ModulePage, QuizPage
from enrollments import protection
from enrollments.models import Attendance
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


# --- Records keep what they point at ----------------------------------------------------------------

def _marked_day(tree):
    from enrollments.attendance.services import record_attendance
    from tests.enrollments.factories import EnrollmentFactory

    enrollment = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course))
    day = enrollment.session.days.order_by("date").first()
    [attendance] = record_attendance(day=day, marks={enrollment.pk: "present"}, by=None, method="roster")
    return attendance


def _application(tree):
    from tests.content.factories import add_call
    from tests.enrollments.factories import ApplicationFactory

    return ApplicationFactory(call=add_call(tree.home))


def _reviewed_application(tree):
    from enrollments.calls.models import Review
    from tests.factories import ReviewerFactory

    application = _application(tree)
    Review.objects.create(application=application, reviewer=ReviewerFactory(), stage=0, marks={})
    return application


def _changed_application(tree):
    from enrollments.calls.models import ApplicationChange

    application = _application(tree)
    ApplicationChange.objects.create(application=application, changed_at=application.submitted_at,
                                     from_status="draft", to_status="submitted", from_stage=0, to_stage=0)
    return application


def _completed_module(tree):
    from enrollments.models import ModuleCompletion

    user = ParticipantFactory()
    ModuleCompletion.objects.create(user=user, course_key=tree.course.translation_key,
                                    module_key=tree.modules[0].translation_key)
    return user


@pytest.mark.parametrize("parent", [
    pytest.param(lambda tree: _marked_day(tree).day, id="Attendance.day"),
    pytest.param(lambda tree: _marked_day(tree).enrollment, id="Attendance.enrollment"),
    pytest.param(_marked_day, id="AttendanceChange.attendance"),
    pytest.param(_reviewed_application, id="Review.application"),
    pytest.param(_changed_application, id="ApplicationChange.application"),
    pytest.param(_completed_module, id="ModuleCompletion.user"),
])
def test_deleting_what_a_record_points_at_is_refused_by_the_database(tree, parent):
    instance = parent(tree)

    with pytest.raises(ProtectedError):
        instance.delete()

    assert type(instance).objects.filter(pk=instance.pk).exists()
    assert protection.records_keeping(instance)


def test_records_keeping_names_what_refers_and_nothing_for_a_free_row(tree):
    attendance = _marked_day(tree)
    assert protection.records_keeping(attendance.day) == [str(Attendance._meta.verbose_name_plural)]
    assert protection.records_keeping(ParticipantFactory()) == []


# --- People and calls in the admin: a message, not a server error ------------------------------------

def person_kept(person) -> str:
    with translation.override("uk"):
        records = ", ".join(protection.records_keeping(person))
    return uk("“%(name)s” cannot be deleted: %(records)s refer to this person and are kept. Make the account "
              "inactive instead: they can no longer log in, and the records stay.",
              name=person.get_full_name() or person.email, records=records)


def test_a_person_with_records_is_kept_and_the_admin_says_why(admin, tree):
    from tests.enrollments.factories import EnrollmentFactory

    person = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course)).user
    url = reverse("wagtailusers_users:delete", args=[person.pk])

    for response in (admin.get(url, follow=True), admin.post(url, follow=True)):
        assert response.status_code == 200
        assert person_kept(person) in text(response)
    assert uk("enrollments") in person_kept(person)
    assert get_user_model().objects.filter(pk=person.pk).exists()


def test_a_person_without_records_is_deleted_as_usual(admin, db):
    person = ParticipantFactory()
    response = admin.post(reverse("wagtailusers_users:delete", args=[person.pk]), follow=True)
    assert response.status_code == 200
    assert not get_user_model().objects.filter(pk=person.pk).exists()


def test_people_with_records_are_kept_in_bulk_too(admin, tree):
    from tests.enrollments.factories import EnrollmentFactory

    kept, free = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course)).user, ParticipantFactory()
    model = get_user_model()._meta
    url = reverse("wagtail_bulk_action", args=[model.app_label, model.model_name, "delete"])

    response = admin.post(f"{url}?id={kept.pk}&id={free.pk}&next={reverse('wagtailusers_users:index')}", follow=True)

    assert response.status_code == 200
    assert person_kept(kept) in text(response)
    assert get_user_model().objects.filter(pk__in=[kept.pk, free.pk]).count() == 2  # nothing half done
