"""Certificate reads (certificates/selectors.py): which rules apply, participants' records, hours and titles."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from certificates import selectors
from certificates.models import CertificateRule
from enrollments.models import Enrollment, ModuleCompletion, SessionDay
from tests.certificates.factories import CertificateRuleFactory, issued_certificate
from tests.courses.factories import add_course, add_quiz, translate_tree
from tests.enrollments.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    ProfileFactory,
    SessionDayFactory,
    TrainingSessionFactory,
    attended_every_day,
    graded_answers,
    submitted_attempt,
)
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def loaded(*enrollments) -> list[Enrollment]:
    """The enrollments as the selectors want them: session, course and profile loaded."""
    return list(Enrollment.objects.filter(pk__in=[e.pk for e in enrollments])
                .select_related("session__course", "user__profile").order_by("pk"))


def last_day_at(session, hour: int = 15):
    """A moment on the session's last day: its post-test is open then."""
    last = session.days.order_by("date").last()
    return timezone.make_aware(datetime.combine(last.date, time(hour)))


@pytest.fixture
def tests_of(tree):
    """The course's pre- and post-test (pass mark 70 %)."""
    pre = add_quiz(tree.course, slug="pre", kind="pre_test", title="Вхідний тест")
    post = add_quiz(tree.course, slug="post", kind="post_test", pretest=pre, pass_mark=70, title="Підсумковий тест")
    return pre, post


# --- Which rules apply ---------------------------------------------------------------------------

def test_a_session_rule_overrides_the_course_rule_of_the_same_kind_only(tree):
    session, other = TrainingSessionFactory(course=tree.course), TrainingSessionFactory(course=tree.course)
    course_completion = CertificateRuleFactory(course=tree.course, kind="completion")
    course_attendance = CertificateRuleFactory(course=tree.course, kind="attendance")
    own_completion = CertificateRuleFactory(course=None, session=session, kind="completion")

    rules = selectors.rules_for_sessions([session, other])

    assert rules == {session.pk: [course_attendance, own_completion], other.pk: [course_attendance, course_completion]}
    assert selectors.rules_for_session(session) == [course_attendance, own_completion]


def test_a_course_rule_set_on_the_english_page_applies_to_sessions_of_the_ukrainian_one(tree):
    english = translate_tree(tree)
    rule = CertificateRuleFactory(course=english.course)
    session = TrainingSessionFactory(course=tree.course)
    english_session = TrainingSessionFactory(course=english.course)

    assert selectors.rules_for_sessions([session, english_session]) == {session.pk: [rule],
                                                                         english_session.pk: [rule]}


def test_inactive_rules_are_ignored_and_do_not_override(tree):
    session = TrainingSessionFactory(course=tree.course)
    course_rule = CertificateRuleFactory(course=tree.course)
    CertificateRuleFactory(course=None, session=session, active=False)
    CertificateRuleFactory(course=tree.course, kind="attendance", active=False)

    assert selectors.rules_for_session(session) == [course_rule]


def test_rules_of_other_courses_and_sessions_do_not_apply(tree):
    other_course = add_course(tree.catalogue, slug="burnout", modules=0)
    session, other_session = TrainingSessionFactory(course=tree.course), TrainingSessionFactory(course=tree.course)
    CertificateRuleFactory(course=other_course)
    CertificateRuleFactory(course=None, session=other_session)

    assert selectors.rules_for_sessions([session]) == {session.pk: []}
    assert selectors.rules_for_sessions([]) == {}


def test_rules_are_read_in_the_same_queries_for_one_session_or_five(tree):
    CertificateRuleFactory(course=tree.course, modules=tree.modules)
    sessions = [TrainingSessionFactory(course=tree.course, days=0) for _ in range(5)]
    CertificateRuleFactory(course=None, session=sessions[-1], kind="attendance")
    for session in sessions:
        session.course = tree.course  # loaded, as the selector expects

    with CaptureQueriesContext(connection) as one:
        selectors.rules_for_sessions(sessions[-1:])
    with CaptureQueriesContext(connection) as five:
        rules = selectors.rules_for_sessions(sessions)

    assert len(one) == len(five) == 3  # rules, their quizzes, their modules
    assert [len(rules[s.pk]) for s in sessions] == [1, 1, 1, 1, 2]


def test_requirements_name_quizzes_and_modules_in_the_readers_language(tree, tests_of):
    translate_tree(tree)
    rule = CertificateRuleFactory(course=tree.course, quizzes=[tests_of[1]], modules=tree.modules[:1],
                                  attendance="percent", min_attendance_percent=60)
    [rule] = CertificateRule.objects.prefetch_related("required_quizzes", "required_modules")

    requirements = selectors.requirements_for_rules([rule])[rule.pk]
    with translation.override("en"):
        english = selectors.requirements_for_rules([rule])[rule.pk]

    assert (requirements.every_day, requirements.min_percent) == (False, 60)
    assert [q.title for q in requirements.quizzes] == ["Підсумковий тест"]
    assert [m.title for m in requirements.modules] == ["Модуль 1"]
    assert [m.title for m in english.modules] == ["Module 1"]
    assert [q.title for q in english.quizzes] == ["Підсумковий тест"]  # the quiz has no English page: kept
    assert requirements.modules[0].key == english.modules[0].key == tree.modules[0].translation_key


# --- Participants' records -----------------------------------------------------------------------

@pytest.mark.parametrize(("late_counts", "excused_counts", "attended_days"), [
    pytest.param(True, False, [1, 2], id="default-policy:late-counts"),
    pytest.param(False, False, [1], id="late-does-not-count"),
    pytest.param(False, True, [1, 3], id="excused-counts"),
    pytest.param(True, True, [1, 2, 3], id="both-count"),
])
def test_attendance_is_counted_with_the_sessions_policy(tree, late_counts, excused_counts, attended_days):
    session = TrainingSessionFactory(course=tree.course, late_counts_as_attended=late_counts,
                                     excused_counts_as_attended=excused_counts, days=4)
    enrollment = EnrollmentFactory(session=session)
    days = list(session.days.order_by("date"))
    for day, status in zip(days, ["present", "late", "excused", "absent"], strict=True):
        AttendanceFactory(enrollment=enrollment, day=day, status=status)

    record = selectors.participant_records(loaded(enrollment))[enrollment.pk]

    assert record.days == tuple(day.date for day in days)
    assert record.attended == {days[number - 1].date for number in attended_days}


def test_a_session_bound_quiz_counts_only_in_its_session_a_module_quiz_everywhere(tree, tests_of):
    _, post = tests_of
    module_quiz = add_quiz(tree.modules[0], slug="module-quiz", kind="graded", title="Тест модуля")
    person = ParticipantFactory()
    now_on = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course), user=person)
    later = TrainingSessionFactory(course=tree.course, days=0)
    for offset in range(30, 33):
        SessionDayFactory(session=later, date=timezone.localdate() + timedelta(days=offset))
    next_month = EnrollmentFactory(session=later, user=person)

    passed_post = submitted_attempt(post, person, when=last_day_at(now_on.session))
    passed_module = submitted_attempt(module_quiz, person)

    assert passed_post.passed and passed_post.session_id == now_on.session_id
    assert passed_module.passed and passed_module.session_id is None
    records = selectors.participant_records(loaded(now_on, next_month))
    assert records[now_on.pk].passed_quizzes == {post.translation_key, module_quiz.translation_key}
    assert records[next_month.pk].passed_quizzes == {module_quiz.translation_key}


def test_failed_quizzes_do_not_count(tree):
    module_quiz = add_quiz(tree.modules[0], slug="module-quiz", kind="graded", pass_mark=70)
    enrollment = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course))

    failed = submitted_attempt(module_quiz, enrollment.user, graded_answers(module_quiz, right={"true_false"}))

    assert failed.passed is False
    assert selectors.participant_records(loaded(enrollment))[enrollment.pk].passed_quizzes == frozenset()


def test_completed_modules_are_the_persons_own(tree):
    enrollment, other = EnrollmentFactory(), EnrollmentFactory()
    ModuleCompletion.objects.create(user=enrollment.user, course_key=tree.course.translation_key,
                                    module_key=tree.modules[1].translation_key)

    records = selectors.participant_records(loaded(enrollment, other))

    assert records[enrollment.pk].completed_modules == {tree.modules[1].translation_key}
    assert records[other.pk].completed_modules == frozenset()


@pytest.mark.parametrize(("status", "holds_place"), [
    ("enrolled", True), ("waitlisted", False), ("pending", False), ("cancelled", False),
])
def test_only_a_held_place_counts(tree, status, holds_place):
    enrollment = EnrollmentFactory(status=status)

    assert selectors.participant_records(loaded(enrollment))[enrollment.pk].holds_place is holds_place


def test_the_name_comes_from_the_profile_then_the_account_never_the_email(tree):
    with_profile = EnrollmentFactory(user=ProfileFactory(full_name="  Юрій Зінченко ").user)
    account_only = EnrollmentFactory(user=ParticipantFactory(first_name="Марія", last_name="Ткаченко"))
    nameless = EnrollmentFactory(user=ProfileFactory(full_name="").user)

    records = selectors.participant_records(loaded(with_profile, account_only, nameless))

    assert selectors.holder_name(with_profile.user) == "Юрій Зінченко"
    assert selectors.holder_name(account_only.user) == "Марія Ткаченко"
    assert selectors.holder_name(nameless.user) == ""
    assert [records[e.pk].has_name for e in (with_profile, account_only, nameless)] == [True, True, False]


def test_today_is_passed_through(tree):
    enrollment = EnrollmentFactory()
    today = timezone.localdate() + timedelta(days=1)

    assert selectors.participant_records(loaded(enrollment), today=today)[enrollment.pk].today == today
    assert selectors.participant_records([]) == {}


# --- Outlooks: fixed queries ---------------------------------------------------------------------

def _places(tree, post, count: int) -> list[Enrollment]:
    """`count` people on as many sessions, each with marks, a passed post-test, a module done; every other
    one with a certificate already."""
    places = []
    for number in range(count):
        enrollment = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course),
                                       user=ProfileFactory(full_name=f"Учасник {number}").user)
        attended_every_day(enrollment)
        submitted_attempt(post, enrollment.user, when=last_day_at(enrollment.session))
        ModuleCompletion.objects.create(user=enrollment.user, course_key=tree.course.translation_key,
                                        module_key=tree.modules[0].translation_key)
        if number % 2:
            CertificateRuleFactory(course=None, session=enrollment.session, kind="attendance")
            issued_certificate(enrollment=enrollment, full_name=f"Учасник {number}")
        places.append(enrollment)
    return places


def test_outlooks_are_read_in_the_same_queries_for_one_enrollment_or_five(tree, tests_of):
    translate_tree(tree)
    CertificateRuleFactory(course=tree.course, quizzes=[tests_of[1]], modules=tree.modules)
    places = _places(tree, tests_of[1], 5)

    with CaptureQueriesContext(connection) as one:
        selectors.outlooks_for(loaded(places[0]))
    with CaptureQueriesContext(connection) as five:
        outlooks = selectors.outlooks_for(loaded(*places))

    assert len(one) == len(five) <= 10
    first, second = outlooks[places[0].pk], outlooks[places[1].pk]
    assert [(o.rule.kind, o.eligibility.eligible, o.certificate) for o in first] == [("completion", False, None)]
    assert [m.title for m in first[0].eligibility.missing] == ["Модуль 2"]
    assert [(o.rule.kind, o.eligibility.eligible, bool(o.certificate)) for o in second] == [
        ("attendance", True, True), ("completion", False, False)]


# --- Hours and titles ----------------------------------------------------------------------------

def _day(starts: time, ends: time) -> SessionDay:
    return SessionDay(date=timezone.localdate(), starts_at=starts, ends_at=ends)


def test_course_titles_in_ukrainian_and_english(tree):
    session = TrainingSessionFactory(course=tree.course, title="Ведення випадку (Дніпро)")
    assert selectors.course_titles(session) == ("Ведення випадку", "Ведення випадку")

    english = translate_tree(tree)
    assert selectors.course_titles(session) == ("Ведення випадку", "Case management")

    english.course.unpublish()
    assert selectors.course_titles(session) == ("Ведення випадку", "Ведення випадку")
