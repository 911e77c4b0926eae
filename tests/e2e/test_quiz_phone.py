"""A module quiz taken on a phone-sized screen in a real browser: autosave, resume, a dropped connection, submit.

Needs Debian's Chromium at /usr/bin/chromium (`make install`); skipped without it, except in CI.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from enrollments.models import QuizAttempt
from enrollments.quizzes import services
from tests.courses.factories import add_quiz, build_tree, choice_ids, question_ids
from tests.e2e.browsing import PHONE, logged_in_context, watch_console
from tests.factories import ParticipantFactory
from tests.helpers import uk

pytestmark = [
    pytest.mark.browser,
    # live_server flushes the database after the test: put Wagtail's root page and default site back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WAIT = 20_000  # ms: a save that failed offline is retried on `online`, or at the latest after 15 s
expect.set_options(timeout=10_000)  # ms, not the default 5: CI's two cores also run the live server and Chromium


def saved_response(page):
    return page.expect_response(lambda response: response.url.endswith("/save/") and response.status == 200)


def test_a_module_quiz_on_a_phone(new_context, live_server):
    tree = build_tree()
    quiz = add_quiz(tree.modules[0], slug="quiz", review="solutions")
    person = ParticipantFactory()
    ids, single, multiple = question_ids(quiz), choice_ids(quiz, "single_choice"), choice_ids(quiz, "multiple_choice")
    context = logged_in_context(new_context, live_server, person)
    page = context.new_page()
    console = watch_console(page)
    status = page.locator("[data-quiz-status]")
    saved = re.compile(re.escape(uk("Saved at %(time)s", time="")))
    offline = uk("No connection: your answers are kept on this phone and will be sent when the connection returns.")

    page.goto(tree.modules[0].url)
    page.get_by_role("link", name="Тест quiz").click()
    page.get_by_role("button", name=uk("Start")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Тест quiz")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing wider than the phone

    # Autosave: a tap saves at once; typing saves after a pause.
    with saved_response(page):
        page.locator(f'input[value="{single["Оцінювання"]}"]').check()
    expect(status).to_have_text(saved)
    with saved_response(page):
        page.locator(f'[name="q-{ids["short_text"]}"]').fill("План втручання")
    attempt = QuizAttempt.objects.get(user=person)
    assert attempt.answers == {ids["single_choice"]: single["Оцінювання"], ids["short_text"]: "План втручання"}

    # Resume: a reload shows what was saved.
    page.reload()
    expect(page.locator(f'input[value="{single["Оцінювання"]}"]')).to_be_checked()
    expect(page.locator(f'[name="q-{ids["short_text"]}"]')).to_have_value("План втручання")

    # No connection: the answer waits on the phone, then goes when the connection returns.
    context.set_offline(True)
    page.locator(f'input[value="{multiple["Житло"]}"]').check()
    expect(status).to_have_text(offline)
    assert page.evaluate(f"localStorage.getItem('quiz-pending:{attempt.public_id}')")
    with saved_response(page):
        context.set_offline(False)
    expect(status).to_have_text(saved, timeout=WAIT)
    attempt.refresh_from_db()
    assert attempt.answers[ids["multiple_choice"]] == [multiple["Житло"]]
    assert page.evaluate(f"localStorage.getItem('quiz-pending:{attempt.public_id}')") is None

    # Unsent answers outlive the page: the next visit puts them back from the phone and sends them.
    page.route("**/save/", lambda route: route.abort())
    page.locator(f'input[value="{multiple["Здоров’я"]}"]').check()
    expect(status).to_have_text(offline)
    page.unroute("**/save/")
    with saved_response(page):
        page.reload()
    expect(page.locator(f'input[value="{multiple["Здоров’я"]}"]')).to_be_checked()
    attempt.refresh_from_db()
    assert set(attempt.answers[ids["multiple_choice"]]) == {multiple["Житло"], multiple["Здоров’я"]}

    page.locator(f'input[name="q-{ids["true_false"]}"][value="true"]').check()
    page.locator(f'[name="q-{ids["numeric"]}"]').fill("18")
    page.get_by_role("button", name=uk("Submit answers")).click()

    expect(page.locator(".quiz-result__main")).to_have_text(
        uk("%(score)s of %(max)s points (%(percent)s%%)", score="6", max="6", percent="100"))
    expect(page.get_by_text(uk("Passed: the pass mark was %(mark)s%%.", mark=70))).to_be_visible()
    expect(page.get_by_text("Правильно.").first).to_be_visible()
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.percent == 100
    assert page.evaluate(f"localStorage.getItem('quiz-pending:{attempt.public_id}')") is None
    console.assert_no_csp_violations()


def test_the_countdown_submits_when_time_is_up(new_context, live_server):
    tree = build_tree()
    quiz = add_quiz(tree.modules[0], slug="quiz", time_limit_minutes=1)
    person = ParticipantFactory()
    attempt = services.start_attempt(quiz=quiz, user=person, now=timezone.now() - timedelta(seconds=55))
    page = logged_in_context(new_context, live_server, person).new_page()
    console = watch_console(page)

    page.goto(f"/uk/learning/quizzes/attempts/{attempt.public_id}/")
    expect(page.locator("[data-quiz-countdown]")).to_have_text(re.compile(r"^0:0\d$"))
    page.locator(f'input[name="q-{question_ids(quiz)["true_false"]}"][value="true"]').check()

    expect(page).to_have_url(re.compile(r"/review/$"), timeout=WAIT)
    expect(page.locator(".quiz-result__main")).to_have_text(
        uk("%(score)s of %(max)s points (%(percent)s%%)", score="1", max="6", percent="16,7"))
    attempt.refresh_from_db()
    assert attempt.is_submitted
    console.assert_no_csp_violations()
