"""Reads for quiz results against a real database: which attempts belong to a session, knowledge
gain, per-quiz reports, both language trees, versions, privacy of self-assessments, who may see."""

from datetime import time
from decimal import Decimal

import pytest
from django.utils import translation
from wagtail.models import Locale
from wagtail.rich_text import RichText

from courses.models import CourseTrainer, QuizPage
from enrollments.quizzes import reports
from enrollments.quizzes.results import MIN_GROUP
from tests.courses.factories import add_course, add_quiz, question_ids, translate_tree
from tests.enrollments.factories import (
    EnrollmentFactory,
    ProfileFactory,
    TrainingSessionFactory,
    graded_answers,
    statement_answers,
    submitted_attempt,
)
from tests.enrollments.quizzes.session_results import ALL, moment
from tests.factories import CoordinatorFactory, ParticipantFactory, TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quizzes(tree):
    """The course's pre-test and post-test, a module quiz and a self-assessment."""
    pre = add_quiz(tree.course, slug="pre", kind="pre_test", title="Вхідний тест")
    post = add_quiz(tree.course, slug="post", kind="post_test", title="Підсумковий тест", pretest=pre)
    graded = add_quiz(tree.modules[0], slug="module-quiz", title="Тест модуля", pass_mark=70)
    check = add_quiz(tree.course, slug="burnout", kind="self_assessment", title="Самоперевірка")
    return {"pre": pre, "post": post, "graded": graded, "self": check}


@pytest.fixture
def session(tree):
    return TrainingSessionFactory(course=tree.course, title="Ведення випадку, Дніпро")


def person(session, name: str, status: str = "enrolled"):
    user = ParticipantFactory()
    ProfileFactory(user=user, full_name=name, organisation="ЦСС Марганець")
    EnrollmentFactory(session=session, user=user, status=status)
    return user


def take_pre(quizzes, session, user, right):
    return submitted_attempt(quizzes["pre"], user, graded_answers(quizzes["pre"], right=right),
                             when=moment(session, 0, time(9, 0)))


def take_post(quizzes, session, user, right):
    return submitted_attempt(quizzes["post"], user, graded_answers(quizzes["post"], right=right),
                             when=moment(session, 2, time(16, 0)))


def test_course_quizzes_lists_each_quiz_once_across_languages_in_the_readers_language(tree, quizzes):
    translate_tree(tree)
    english = quizzes["graded"].copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Module quiz"
    english.save_revision().publish()

    listed = reports.course_quizzes(course_key=tree.course.translation_key)
    assert [q.title for q in listed] == ["Вхідний тест", "Тест модуля", "Самоперевірка", "Підсумковий тест"]
    assert listed[3].pretest_key == quizzes["pre"].translation_key
    with translation.override("en"):
        titles = [q.title for q in reports.course_quizzes(course_key=tree.course.translation_key)]
    assert "Module quiz" in titles and "Тест модуля" not in titles and len(titles) == 4


def test_knowledge_gain_per_participant_and_for_the_session(quizzes, session):
    anna, borys, vira = person(session, "Анна Ярош"), person(session, "Борис Ох"), person(session, "Віра Кий")
    take_pre(quizzes, session, anna, right={"true_false", "numeric"})  # 3 of 6 (half the multiple choice)
    take_post(quizzes, session, anna, right=ALL)  # 6 of 6
    take_pre(quizzes, session, borys, right=ALL - {"numeric"})  # 5 of 6: passes at 70 %
    take_post(quizzes, session, borys, right=ALL)
    take_pre(quizzes, session, vira, right=set())  # 1 of 6; no post-test

    overview = reports.session_overview(session=session)

    (gain,) = overview.gains
    assert (gain.pre.title, gain.post.title) == ("Вхідний тест", "Підсумковий тест")
    assert [row.name for row in gain.rows] == ["Анна Ярош", "Борис Ох", "Віра Кий"]
    anna_row = gain.rows[0].gain
    assert (anna_row.pre.score, anna_row.post.score, anna_row.points) == (3, 6, 3)
    assert anna_row.percentage_points == Decimal(50)
    assert gain.rows[2].gain.post is None and gain.rows[2].gain.points is None
    summary = gain.summary
    assert (summary.took_pre, summary.took_post, summary.with_both) == (3, 2, 2)
    assert (summary.mean_pre_percent, summary.mean_post_percent) == (Decimal("66.7"), Decimal("100.0"))
    assert (summary.mean_gain_points, summary.mean_gain_percentage_points) == (Decimal("2.0"), Decimal("33.4"))
    assert (summary.passed_pre_share, summary.passed_post_share) == (Decimal("33.3"), Decimal("100.0"))


def test_only_the_sessions_own_pre_and_post_tests_and_its_peoples_quizzes_count(tree, quizzes, session):
    insider = person(session, "Анна Ярош")
    cancelled = person(session, "Денис Ліс", status="cancelled")
    outsider = ParticipantFactory()
    other_session = TrainingSessionFactory(course=tree.course)
    EnrollmentFactory(session=other_session, user=outsider)
    take_pre(quizzes, session, insider, right=ALL)
    take_pre(quizzes, other_session, outsider, right=ALL)
    for user in (insider, cancelled, outsider):
        submitted_attempt(quizzes["graded"], user, graded_answers(quizzes["graded"], right=set()))
    submitted_attempt(quizzes["graded"], insider, graded_answers(quizzes["graded"], right=ALL))  # a better retake

    cards = {card.quiz.key: card for card in reports.session_overview(session=session).cards}

    assert cards[quizzes["pre"].translation_key].summary.people == 1
    graded = cards[quizzes["graded"].translation_key].summary
    assert (graded.people, graded.mean_percent, graded.passed_share) == (1, Decimal("100.0"), Decimal("100.0"))
    assert cards[quizzes["post"].translation_key].summary.people == 0


def test_session_quiz_report_lists_everyone_holding_a_place(quizzes, session):
    anna, borys = person(session, "Анна Ярош"), person(session, "Борис Ох")
    person(session, "Віра Кий")  # has not taken it
    person(session, "Галя Чекає", status="waitlisted")  # no place: not listed
    submitted_attempt(quizzes["graded"], anna, graded_answers(quizzes["graded"], right=set()))
    submitted_attempt(quizzes["graded"], anna, graded_answers(quizzes["graded"], right=ALL))
    submitted_attempt(quizzes["graded"], borys, graded_answers(quizzes["graded"], right={"true_false", "numeric"}))
    quiz = next(q for q in reports.course_quizzes(course_key=session.course.translation_key) if q.kind == "graded")

    report = reports.session_quiz_report(session=session, quiz=quiz)

    assert [(row.name, row.attempts) for row in report.participants] == [
        ("Анна Ярош", 2), ("Борис Ох", 1), ("Віра Кий", 0)]
    assert report.participants[0].counted.percent == 100 and report.participants[2].counted is None
    assert [b.count for b in report.distribution if b.count] == [1, 1]  # 33.3 % and 100 %
    ids = question_ids(quizzes["graded"])
    by_id = {row.info.id: row for row in report.questions}
    assert [row.info.number for row in report.questions] == [1, 2, 3, 4, 5]
    assert by_id[ids["single_choice"]].info.text == "Перший крок ведення випадку?"
    assert by_id[ids["true_false"]].share.share_correct == Decimal("100.0")
    assert by_id[ids["single_choice"]].share.share_correct == Decimal("50.0")
    assert by_id[ids["multiple_choice"]].share.share_partly == Decimal("50.0")
    assert len(report.counted) == 2


def test_question_text_comes_from_the_newest_version(quizzes, session):
    anna = person(session, "Анна Ярош")
    quiz_page = quizzes["graded"]
    submitted_attempt(quiz_page, anna)
    page = QuizPage.objects.get(pk=quiz_page.pk)
    page.questions[0].value["prompt"] = RichText("<p>Що робимо <b>спершу</b>?</p>")  # same question id
    page.save_revision().publish()
    submitted_attempt(QuizPage.objects.get(pk=page.pk), person(session, "Борис Ох"))
    quiz = reports.find_quiz(key=quiz_page.translation_key)

    report = reports.session_quiz_report(session=session, quiz=quiz)

    assert report.questions[0].info.text == "Що робимо спершу?"
    assert report.questions[0].share.attempts == 2


@pytest.mark.parametrize(("respondents", "visible"), [(MIN_GROUP - 1, False), (MIN_GROUP, True)])
def test_self_assessment_aggregates_need_five_people(quizzes, session, respondents, visible):
    for number in range(respondents):
        user = person(session, f"Учасниця {number}")
        submitted_attempt(quizzes["self"], user, statement_answers(quizzes["self"], [3, 3, 0]))  # 9: high
    outsider = ParticipantFactory()  # not on the session: does not count towards it
    submitted_attempt(quizzes["self"], outsider, statement_answers(quizzes["self"], [0, 0, 3]))

    card = next(c for c in reports.session_overview(session=session).cards if c.quiz.is_self_assessment)

    assert card.summary is None and card.self_assessment.visible is visible
    if visible:
        assert [(b.label, b.count) for b in card.self_assessment.bands] == [
            ("Низьке навантаження", 0), ("Помірне навантаження", 0), ("Високе навантаження", MIN_GROUP)]
        assert [s.mean for s in card.self_assessment.statements] == [3, 3, 3]
    quiz = reports.find_quiz(key=quizzes["self"].translation_key)
    assert reports.quiz_self_assessment(quiz=quiz, session=session).visible is visible
    assert reports.quiz_self_assessment(quiz=quiz).visible  # with the outsider, everyone is five or more
    with pytest.raises(ValueError):
        reports.session_quiz_report(session=session, quiz=quiz)


def test_quiz_report_across_sessions_and_filtered_by_one(tree, quizzes, session):
    other = TrainingSessionFactory(course=tree.course, title="Ведення випадку, Львів")
    anna, olha = person(session, "Анна Ярош"), person(other, "Ольга Лис")
    take_pre(quizzes, session, anna, right=ALL)
    take_pre(quizzes, other, olha, right=set())
    quiz = reports.find_quiz(key=quizzes["pre"].translation_key)
    sessions = reports.sessions_of_course(course_key=quiz.course_key)

    everyone = reports.quiz_report(quiz=quiz, sessions=sessions)
    only_dnipro = reports.quiz_report(quiz=quiz, session=session, sessions=sessions)

    assert quiz.course_key == tree.course.translation_key
    assert {s.pk for s in sessions} == {session.pk, other.pk}
    assert [(row.name, row.session.title) for row in everyone.participants] == [
        ("Анна Ярош", "Ведення випадку, Дніпро"), ("Ольга Лис", "Ведення випадку, Львів")]
    assert [row.name for row in only_dnipro.participants] == ["Анна Ярош"]


def test_who_may_see_a_courses_quiz_results(tree, quizzes, session):
    course_key = tree.course.translation_key
    named, session_trainer, stranger = TrainerFactory(), TrainerFactory(), TrainerFactory()
    CourseTrainer.objects.create(page=tree.course, user=named)
    session.trainers.add(session_trainer)
    TrainingSessionFactory(trainers=[stranger], course=add_course(tree.catalogue, slug="other", modules=0))

    assert reports.may_see_quiz_results(user=CoordinatorFactory(), course_key=course_key)
    assert reports.may_see_quiz_results(user=named, course_key=course_key)
    assert reports.may_see_quiz_results(user=session_trainer, course_key=course_key)
    assert not reports.may_see_quiz_results(user=stranger, course_key=course_key)
    assert not reports.may_see_quiz_results(user=ParticipantFactory(), course_key=course_key)
    assert not reports.may_see_quiz_results(user=named, course_key=None)


def test_find_quiz_of_an_unknown_key_is_none():
    import uuid

    assert reports.find_quiz(key=uuid.uuid4()) is None


def test_self_assessment_bands_of_both_languages_count_together(tree, quizzes, session):
    translate_tree(tree)
    copy = quizzes["self"].copy_for_translation(Locale.objects.get(language_code="en"))
    english = QuizPage.objects.get(pk=copy.pk)  # its own stream values, not shared with the Ukrainian page
    english.title = "Burnout self-check"
    english.bands[2].value["label"] = "High load"
    english.save_revision().publish()
    english, ukrainian = QuizPage.objects.get(pk=english.pk), QuizPage.objects.get(pk=quizzes["self"].pk)
    assert english.bands[2].value["label"] == "High load" != ukrainian.bands[2].value["label"]
    for number in range(MIN_GROUP):
        page = english if number % 2 else ukrainian
        submitted_attempt(page, person(session, f"Учасниця {number}"), statement_answers(page, [3, 3, 0]))

    summary = reports.quiz_self_assessment(quiz=reports.find_quiz(key=quizzes["self"].translation_key))

    assert [(b.label, b.count) for b in summary.bands][-1] == ("Високе навантаження", MIN_GROUP)
    assert len(summary.bands) == 3
