"""What certificates add to the floors below through hooks (certificates/wagtail_hooks.py): the pages their rules
name are kept from deletion (`page_has_records`), and "My learning" shows certificates (`my_learning_sections`)."""

import pytest
from django.test import RequestFactory
from wagtail import hooks

from certificates import selectors, wagtail_hooks
from enrollments import protection
from enrollments.selectors import my_sessions
from tests.certificates.factories import CertificateRuleFactory, issued_certificate
from tests.courses.factories import add_quiz
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, TrainingSessionFactory
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


# --- Deletion ------------------------------------------------------------------------------------

def test_certificates_answer_for_their_rules_when_pages_are_deleted():
    assert selectors.rules_refer_to in hooks.get_hooks("page_has_records")


@pytest.mark.parametrize("named", ["course", "quiz", "module"])
def test_a_page_a_rule_names_has_records_and_so_do_the_pages_above_it(tree, named):
    quiz = add_quiz(tree.modules[0], pass_mark=60)
    rule = {"course": {"course": tree.course}, "quiz": {"quizzes": [quiz]}, "module": {"modules": [tree.modules[1]]}}
    CertificateRuleFactory(**rule[named])
    page = {"course": tree.course, "quiz": quiz, "module": tree.modules[1]}[named]

    assert selectors.rules_refer_to(protection._subtree_ids([page])) is True
    assert protection.page_has_records([page]) is True
    assert protection.page_has_records([tree.home]) is True


def test_pages_no_rule_names_have_no_certificate_records(tree):
    quiz = add_quiz(tree.modules[0], pass_mark=60)
    CertificateRuleFactory(course=None, session=TrainingSessionFactory(course=tree.course), modules=[tree.modules[1]])

    assert selectors.rules_refer_to(protection._subtree_ids([quiz])) is False
    assert selectors.rules_refer_to(protection._subtree_ids([tree.modules[0]])) is False
    assert selectors.rules_refer_to(protection._subtree_ids([tree.modules[1]])) is True


# --- My learning ---------------------------------------------------------------------------------

def test_certificates_add_a_section_to_my_learning():
    assert wagtail_hooks.certificates_on_my_learning in hooks.get_hooks("my_learning_sections")


def test_the_section_holds_the_persons_outlooks_and_certificates(tree):
    person = ParticipantFactory()
    ProfileFactory(user=person)
    certificate = issued_certificate(enrollment=EnrollmentFactory(session=TrainingSessionFactory(course=tree.course),
                                                                  user=person))
    waiting = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course), user=person, status="waitlisted")
    CertificateRuleFactory(course=None, session=waiting.session)
    EnrollmentFactory(session=certificate.session)  # someone else's place
    request = RequestFactory().get("/uk/learning/")
    request.user = person

    section = wagtail_hooks.certificates_on_my_learning(request, my_sessions(user=person))

    assert section["template"] == "certificates/my_learning.html"
    [(training, [(outlook, revoked)])] = section["outlooks"]  # the waiting spot has no outlook
    assert training.enrollment == certificate.enrollment and training.enrollment.user is person
    assert (outlook.certificate, revoked) == (certificate, None)
    assert section["certificates"] == [(certificate, False)]


def test_the_section_of_someone_without_certificates_is_empty(tree):
    person = ParticipantFactory()
    request = RequestFactory().get("/uk/learning/")
    request.user = person

    section = wagtail_hooks.certificates_on_my_learning(request, my_sessions(user=person))

    assert (section["outlooks"], section["certificates"]) == ([], [])
