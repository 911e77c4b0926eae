"""Tests from a phone-sized Chromium: a participant takes her session's pre-test from *My learning*, answering
every type of question (a number too), and tries a module quiz again from its review; the trainer reads the
pre-test's results, filtered to the session.

Needs Debian's Chromium at /usr/bin/chromium (`make install`); skipped without it, except in CI.
"""

import pytest
from playwright.sync_api import expect

from enrollments.models import QuizAttempt
from tests.courses.factories import add_quiz, build_tree, choice_ids, question_ids
from tests.e2e.browsing import PHONE, logged_in_context, watch_console
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, schedule
from tests.factories import ParticipantFactory, TrainerFactory
from tests.helpers import uk

pytestmark = [
    pytest.mark.browser,
    # live_server flushes the database after the test: put Wagtail's root page and default site back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=10_000)  # ms: CI's two cores also run the live server and Chromium


def test_a_pre_test_with_every_kind_of_answer_and_a_quiz_tried_again(new_context, live_server):
    tree = build_tree()
    pre_test = add_quiz(tree.course, slug="pre-test", kind="pre_test", title="Вхідний тест")
    module_quiz = add_quiz(tree.modules[0], slug="quiz", title="Тест до модуля 1")
    trainer = TrainerFactory()
    # From tomorrow: its pre-test is open until the end of the first day, whatever the hour the test runs.
    session = schedule(course=tree.course, start_in=1, days=2, trainers=[trainer])
    other_session = schedule(course=tree.course, start_in=30, days=1, city="Нікополь")
    learner = ParticipantFactory()
    ProfileFactory(user=learner, full_name="Ірина Мельничук")
    EnrollmentFactory(session=session, user=learner)
    ids, single, multiple = (question_ids(pre_test), choice_ids(pre_test, "single_choice"),
                             choice_ids(pre_test, "multiple_choice"))
    page = logged_in_context(new_context, live_server, learner).new_page()
    consoles = [watch_console(page)]

    # My learning offers the session's pre-test.
    page.goto("/uk/learning/")
    page.get_by_label(uk("Tests of %(title)s", title=session.title)).get_by_role("link", name="Вхідний тест").click()
    page.get_by_role("button", name=uk("Start")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Вхідний тест")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # One answer of every type: right, half right (one of two choices), right, right, and a number.
    page.locator(f'input[value="{single["Оцінювання"]}"]').check()
    page.locator(f'input[value="{multiple["Житло"]}"]').check()
    page.locator(f'input[name="q-{ids["true_false"]}"][value="true"]').check()
    page.locator(f'[name="q-{ids["short_text"]}"]').fill("План втручання")
    page.get_by_label(uk("Your answer (a number)")).fill("18")
    page.get_by_role("button", name=uk("Submit answers")).click()

    expect(page.locator(".quiz-result__main")).to_have_text(
        uk("%(score)s of %(max)s points (%(percent)s%%)", score="5", max="6", percent="83,3"))
    attempt = QuizAttempt.objects.get(user=learner, quiz_key=pre_test.translation_key)
    assert attempt.is_submitted and attempt.session == session and attempt.kind == "pre_test"
    assert attempt.answers == {ids["single_choice"]: single["Оцінювання"], ids["multiple_choice"]: [multiple["Житло"]],
                               ids["true_false"]: "true", ids["short_text"]: "План втручання", ids["numeric"]: "18"}
    assert (attempt.score, attempt.max_score) == (5, 6)
    page.goto("/uk/learning/")
    expect(page.get_by_label(uk("Tests of %(title)s", title=session.title))).to_contain_text(
        uk("done, %(percent)s%%", percent="83,3"))

    # A module quiz, not passed, then tried again from its review.
    page.goto(module_quiz.url)
    page.get_by_role("button", name=uk("Start")).click()
    page.locator(f'input[name="q-{question_ids(module_quiz)["true_false"]}"][value="false"]').check()
    page.get_by_role("button", name=uk("Submit answers")).click()
    expect(page.get_by_text(uk("Not passed yet: the pass mark is %(mark)s%%.", mark=70))).to_be_visible()
    page.get_by_role("button", name=uk("Try again")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Тест до модуля 1")
    tries = QuizAttempt.objects.filter(user=learner, quiz_key=module_quiz.translation_key).order_by("number")
    assert [(attempt.number, attempt.is_submitted) for attempt in tries] == [(1, True), (2, False)]

    # The trainer reads the pre-test's results for this session only.
    desk = logged_in_context(new_context, live_server, trainer).new_page()
    consoles.append(watch_console(desk))
    desk.goto(f"/uk/learning/trainer/quizzes/{pre_test.translation_key}/")
    desk.get_by_label(uk("Session"), exact=True).select_option(str(session.pk))
    desk.get_by_role("button", name=uk("Show")).click()
    expect(desk).to_have_url(f"{live_server.url}/uk/learning/trainer/quizzes/{pre_test.translation_key}/"
                             f"?session={session.pk}")
    expect(desk.locator("main")).to_contain_text("Ірина Мельничук")
    assert str(other_session.pk) in desk.locator("select").inner_html()
    for console in consoles:
        console.assert_no_csp_violations()
