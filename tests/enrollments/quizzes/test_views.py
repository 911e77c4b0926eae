"""Taking a quiz through the participant views: the quiz page, the form, saving, submitting, the review."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.test import Client
from django.utils import timezone

from enrollments.models import QuizAttempt
from enrollments.quizzes import services
from tests.courses.factories import add_quiz, graded_questions, question_ids
from tests.enrollments.paths import LOGIN_URL
from tests.enrollments.quizzes.taking import form, right_answers, start, start_url, url
from tests.factories import ParticipantFactory
from tests.helpers import text, uk, uk_plural

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]

PRIVACY = ("Only you can see your answers and result; trainers see only group totals, and only when at least "
           "5 people answered.")
TIMED_OUT = "Time ran out, so your saved answers were submitted."
# Measured on SQLite and PostgreSQL with 5 and 15 questions, 1 and 4 earlier attempts; the budget is that plus two.
QUIZ_PAGE_QUERIES = 29  # most are Wagtail's: routing, site, locale; and the site settings row made on first use
ATTEMPT_QUERIES = 12
SAVE_QUERIES = 9
SUBMIT_QUERIES = 13
REVIEW_QUERIES = 14


def querydict(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


# --- The quiz page ---------------------------------------------------------------------------------


def test_quiz_page_asks_a_visitor_to_log_in(client, quiz):
    response = client.get(quiz.url)

    assert response.status_code == 200
    html = text(response)
    assert f'href="{LOGIN_URL}?next=/uk/courses/case-management/module-1/quiz/"' in html
    assert uk("Log in to take it") in html
    assert f'action="{start_url(quiz)}"' not in html


def test_quiz_page_shows_the_facts_and_a_start_button(learner, tree):
    quiz = add_quiz(tree.modules[0], slug="quiz", max_attempts=2, time_limit_minutes=15, pass_mark=80,
                    intro="<p>Перевірте себе.</p>")

    response = learner.get(quiz.url)

    assert response.status_code == 200
    html = text(response)
    assert "<h1>Тест quiz</h1>" in html
    assert "<p>Перевірте себе.</p>" in html
    assert f"<dt>{uk('Questions')}</dt><dd>5</dd>" in html
    assert f"<dt>{uk('Attempts left')}</dt><dd>2</dd>" in html
    assert f"<dt>{uk('Pass mark')}</dt><dd>80\xa0%</dd>" in html  # Ukrainian: a no-break space before the sign
    assert uk("%(minutes)s min", minutes=15) in html
    assert f'<form method="post" action="{start_url(quiz)}">' in html
    assert f">{uk('Start')}</button>" in html
    assert uk(PRIVACY) not in html


def test_start_opens_an_attempt_and_the_page_then_offers_to_resume(learner, participant, quiz):
    response = learner.post(start_url(quiz))

    attempt = QuizAttempt.objects.get(user=participant)
    assert response.status_code == 302
    assert response["Location"] == url(attempt)
    assert learner.post(start_url(quiz))["Location"] == url(attempt)  # a double tap resumes, not a second attempt
    page = text(learner.get(quiz.url))
    assert f">{uk('Resume')}</button>" in page
    assert uk("Your answers so far are saved. Carry on where you stopped.") in page


@pytest.mark.parametrize(("method", "action"), [("post", "start"), ("get", ""), ("post", "save"),
                                                ("post", "submit"), ("get", "review")])


def test_every_view_needs_log_in(client, participant, quiz, method, action):
    target = start_url(quiz) if action == "start" else url(start(quiz, participant), action)

    response = getattr(client, method)(target)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN_URL}?next=")


# --- The attempt form ------------------------------------------------------------------------------


def test_attempt_form_holds_the_questions_but_no_right_answers(learner, participant, quiz):
    attempt = start(quiz, participant)

    response = learner.get(url(attempt))

    assert response.status_code == 200
    html = text(response)
    assert html.count("<fieldset class=\"question\"") == 5
    assert html.count("<legend>") == 5
    for question_id in attempt.order["questions"]:
        assert f'<input type="hidden" name="questions" value="{question_id}">' in html
    assert 'inputmode="decimal"' in html
    assert f'action="{url(attempt, "submit")}"' in html
    assert f'formaction="{url(attempt, "save")}"' in html
    assert 'src="/static/js/quiz.js" defer' in html
    for secret in ("correct", "Правильно.", "Перегляньте модуль.", "Про «", "план втручання", "ІПП"):
        assert secret not in html, secret


def test_saved_answers_come_back_in_a_new_session(learner, participant, quiz):
    attempt = start(quiz, participant)
    answers = right_answers(quiz)

    response = learner.post(url(attempt, "save"), form(attempt, answers))

    assert response.status_code == 302
    assert response["Location"] == url(attempt)
    assert uk("Saved at %(time)s", time="") in text(learner.get(url(attempt)))
    other_phone = Client()
    other_phone.force_login(participant)
    html = text(other_phone.get(url(attempt)))
    for field, value in answers.items():
        for one in value if isinstance(value, list) else [value]:
            if field.endswith(question_ids(quiz)["short_text"]) or field.endswith(question_ids(quiz)["numeric"]):
                assert f'name="{field}" value="{one}"' in html
            else:
                assert f'name="{field}" value="{one}" checked>' in html


def test_autosave_answers_in_json(learner, participant, quiz):
    attempt = start(quiz, participant)

    response = learner.post(url(attempt, "save"), form(attempt, {f"q-{question_ids(quiz)['true_false']}": "false"}),
                            headers={"accept": "application/json"})

    assert response.status_code == 200
    data = response.json()
    attempt.refresh_from_db()
    assert data["saved_at"] == attempt.saved_at.isoformat()
    assert data["message"] == uk("Saved at %(time)s", time=timezone.localtime(attempt.saved_at).strftime("%H:%M"))
    assert attempt.answers == {question_ids(quiz)["true_false"]: "false"}


def test_submit_scores_on_the_server_and_shows_the_review(learner, participant, quiz):
    attempt = start(quiz, participant)

    response = learner.post(url(attempt, "submit"), form(attempt, right_answers(quiz)))

    assert response.status_code == 302
    assert response["Location"] == url(attempt, "review")
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.percent == 100 and attempt.passed is True
    html = text(learner.get(url(attempt, "review")))
    assert uk("Your answers were submitted.") in html
    assert uk("%(score)s of %(max)s points (%(percent)s%%)", score="6", max="6", percent="100") in html
    assert uk("Passed: the pass mark was %(mark)s%%.", mark=70) in html
    assert f'data-quiz-done="{attempt.public_id}"' in html
    assert 'href="/uk/courses/case-management/module-1/"' in html


def test_a_number_that_is_not_a_number_is_shown_again_to_fix(learner, participant, quiz):
    attempt = start(quiz, participant)
    numeric = question_ids(quiz)["numeric"]

    response = learner.post(url(attempt, "submit"), form(attempt, {f"q-{numeric}": "вісімнадцять"}))

    assert response.status_code == 400
    html = text(response)
    position = attempt.order["questions"].index(numeric) + 1
    assert uk("Question %(number)d: “%(answer)s” is not a number.", number=position, answer="вісімнадцять") in html
    assert f'name="q-{numeric}" value="вісімнадцять"' in html
    attempt.refresh_from_db()
    assert not attempt.is_submitted
    assert attempt.answers == {numeric: "вісімнадцять"}


# --- Attempt and time limits -----------------------------------------------------------------------


@pytest.mark.parametrize("allowed", [1, 2])
def test_no_attempt_beyond_the_limit(learner, participant, tree, allowed):
    quiz = add_quiz(tree.modules[0], slug="quiz", max_attempts=allowed)
    for _ in range(allowed):
        services.submit_attempt(attempt=start(quiz, participant))

    response = learner.post(start_url(quiz), follow=True)

    assert response.redirect_chain == [(quiz.url, 302)]
    message = uk_plural("You have used your only attempt.", "You have used all %(counter)s attempts.", allowed,
                        counter=allowed)
    html = text(response)
    assert html.count(message) == 2  # the message, and the page's reason in place of the button
    assert f'action="{start_url(quiz)}"' not in html
    assert QuizAttempt.objects.filter(user=participant).count() == allowed


def test_review_offers_another_try_while_attempts_are_left(learner, participant, tree):
    quiz = add_quiz(tree.modules[0], slug="quiz", max_attempts=2)
    first = start(quiz, participant)
    services.submit_attempt(attempt=first)

    html = text(learner.get(url(first, "review")))
    assert uk_plural("%(counter)s attempt left.", "%(counter)s attempts left.", 1, counter=1) in html
    assert f">{uk('Try again')}</button>" in html

    services.submit_attempt(attempt=start(quiz, participant))
    assert f">{uk('Try again')}</button>" not in text(learner.get(url(first, "review")))


def test_the_form_shows_the_deadline_and_the_countdown(learner, participant, tree):
    quiz = add_quiz(tree.modules[0], slug="quiz", time_limit_minutes=20)
    attempt = start(quiz, participant)

    html = text(learner.get(url(attempt)))

    deadline = timezone.localtime(attempt.deadline).strftime("%H:%M")
    assert uk("Submit by %(time)s", time=deadline) in html
    assert 'data-seconds-left="1199"' in html or 'data-seconds-left="1200"' in html
    assert 'aria-live="polite" data-quiz-announce' in html


def test_an_attempt_past_its_time_is_submitted_with_what_was_saved(learner, participant, tree):
    quiz = add_quiz(tree.modules[0], slug="quiz", time_limit_minutes=10)
    attempt = start(quiz, participant, now=timezone.now() - timedelta(minutes=30))
    services.save_answers(attempt=attempt, data=querydict(form(attempt, right_answers(quiz))),
                          now=timezone.now() - timedelta(minutes=25))

    response = learner.get(url(attempt), follow=True)

    assert response.redirect_chain == [(url(attempt, "review"), 302)]
    html = text(response)
    assert uk(TIMED_OUT) in html
    assert uk("Time ran out, so the answers saved by then were submitted.") in html
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.auto_submitted and attempt.percent == 100


def test_a_late_autosave_is_told_the_time_ran_out(learner, participant, tree):
    quiz = add_quiz(tree.modules[0], slug="quiz", time_limit_minutes=10)
    attempt = start(quiz, participant, now=timezone.now() - timedelta(minutes=30))

    response = learner.post(url(attempt, "save"), form(attempt), headers={"accept": "application/json"})

    assert response.status_code == 409
    assert response.json()["error"] == uk(TIMED_OUT)
    attempt.refresh_from_db()
    assert attempt.is_submitted


# --- Reviews by policy, and self-assessments ---------------------------------------------------------


@pytest.mark.parametrize(("policy", "marks", "feedback", "solutions"), [
    ("score", False, False, False), ("feedback", True, True, False), ("solutions", True, True, True)])


def test_the_review_shows_what_the_policy_allows(learner, participant, tree, policy, marks, feedback, solutions):
    quiz = add_quiz(tree.modules[0], slug="quiz", review=policy)
    attempt = start(quiz, participant)
    wrong = {**right_answers(quiz), f"q-{question_ids(quiz)['short_text']}": "не знаю"}
    learner.post(url(attempt, "submit"), form(attempt, wrong))

    response = learner.get(url(attempt, "review"))

    assert response.status_code == 200
    html = text(response)
    assert uk("%(score)s of %(max)s points (%(percent)s%%)", score="5", max="6", percent="83,3") in html
    assert "не знаю" in html  # the person's own answer, always
    assert (uk("not correct") in html) is marks
    assert ("Перегляньте модуль." in html) is feedback
    assert ("Про «Оцінювання»" in html) is feedback
    assert ("план втручання / ІПП" in html) is solutions
    assert (uk("right answer") in html) is solutions
    assert (uk("This quiz shows your score only, not which answers were right.") in html) is not marks


def self_assessment_answers(quiz, label: str = "Часто") -> dict:
    scale = {block.value["label"]: block.id for block in quiz.scale}
    return {f"q-{block.id}": scale[label] for block in quiz.questions}


def test_self_assessment_result_is_a_band_with_advice_for_its_owner_only(learner, participant, client, tree):
    quiz = add_quiz(tree.course, slug="burnout", kind="self_assessment")
    page = text(learner.get(quiz.url))
    assert uk(PRIVACY) in page
    assert uk("Pass mark") not in page
    attempt = start(quiz, participant)

    response = learner.post(url(attempt, "submit"), form(attempt, self_assessment_answers(quiz)))

    html = text(learner.get(response["Location"]))
    assert "Помірне навантаження" in html  # 2 + 2 + (3 − 2) = 5
    assert "<p>Плануйте відпочинок.</p>" in html
    assert uk(PRIVACY) in html
    assert uk("Passed: the pass mark was %(mark)s%%.", mark="") not in html
    client.force_login(ParticipantFactory())
    assert client.get(url(attempt, "review")).status_code == 404


def test_an_unanswered_statement_must_be_answered(learner, participant, tree):
    quiz = add_quiz(tree.course, slug="burnout", kind="self_assessment")
    attempt = start(quiz, participant)
    answers = self_assessment_answers(quiz)
    answers.pop(next(iter(answers)))

    response = learner.post(url(attempt, "submit"), form(attempt, answers))

    assert response.status_code == 400
    position = attempt.order["questions"].index(next(iter(self_assessment_answers(quiz)))[2:]) + 1
    assert uk("Statement %(number)d is not answered yet.", number=position) in text(response)


# --- Query budgets -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("copies", "earlier"), [(1, 1), (3, 4)])
def test_quiz_views_stay_within_their_query_budget(learner, participant, tree, copies, earlier,
                                                   django_assert_max_num_queries):
    quiz = add_quiz(tree.modules[0], slug="quiz", questions=graded_questions() * copies)
    for _ in range(earlier):
        services.submit_attempt(attempt=start(quiz, participant))
    attempt = start(quiz, participant)
    data = form(attempt, {f"q-{question_id}": "" for question_id in attempt.order["questions"]})

    with django_assert_max_num_queries(QUIZ_PAGE_QUERIES):
        assert learner.get(quiz.url).status_code == 200
    with django_assert_max_num_queries(ATTEMPT_QUERIES):
        assert learner.get(url(attempt)).status_code == 200
    with django_assert_max_num_queries(SAVE_QUERIES):
        assert learner.post(url(attempt, "save"), data, headers={"accept": "application/json"}).status_code == 200
    with django_assert_max_num_queries(SUBMIT_QUERIES):
        assert learner.post(url(attempt, "submit"), data).status_code == 302
    with django_assert_max_num_queries(REVIEW_QUERIES):
        response = learner.get(url(attempt, "review"))
    assert response.status_code == 200
    assert text(response).count('class="review-question') == 5 * copies
