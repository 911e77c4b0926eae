"""Tampered, stale and foreign requests to the quiz views: refused with a clear message, never a 500,
and nothing already saved is lost."""

import pytest

from enrollments.quizzes import services
from tests.courses.factories import add_quiz, choice_ids, question_ids
from tests.enrollments.quizzes.taking import form, right_answers, start, url
from tests.factories import ParticipantFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db

FOREIGN = ("This form holds answers that do not belong to this attempt. Reload the page: the answers already "
           "saved are kept.")
ALREADY_SUBMITTED = "This attempt was already submitted; your answers were not changed."
INCOMPLETE = "The form arrived incomplete. Reload the page: the answers already saved are kept."


def tampered(kind: str, attempt, quiz, other_quiz) -> dict:
    ids, others = question_ids(quiz), question_ids(other_quiz)
    if kind == "questions of another quiz":
        return {"questions": list(others.values()), f"q-{others['true_false']}": "true"}
    if kind == "extra field":
        return form(attempt, {f"q-{others['true_false']}": "true"})
    if kind == "choice of another question":
        return form(attempt, {f"q-{ids['single_choice']}": choice_ids(quiz, "multiple_choice")["Житло"]})
    return {f"q-{ids['true_false']}": "true"}  # no `questions`


TAMPERINGS = ["questions of another quiz", "extra field", "choice of another question", "missing questions"]


@pytest.mark.parametrize("kind", TAMPERINGS)
@pytest.mark.parametrize("action", ["save", "submit"])
def test_tampered_forms_are_refused_and_keep_what_was_saved(learner, participant, quiz, tree, kind, action):
    other_quiz = add_quiz(tree.modules[1], slug="other")
    attempt = start(quiz, participant)
    learner.post(url(attempt, "save"), form(attempt, right_answers(quiz)))
    attempt.refresh_from_db()
    saved = attempt.answers

    response = learner.post(url(attempt, action), tampered(kind, attempt, quiz, other_quiz))

    assert response.status_code == 400
    assert uk(INCOMPLETE if kind == "missing questions" else FOREIGN) in text(response)
    assert uk("Nothing you saved before has been lost.") in text(response)
    attempt.refresh_from_db()
    assert attempt.answers == saved
    assert not attempt.is_submitted


def test_tampered_autosave_gets_a_json_error(learner, participant, quiz):
    attempt = start(quiz, participant)

    response = learner.post(url(attempt, "save"), {"q-nope": "1"}, headers={"accept": "application/json"})

    assert response.status_code == 400
    assert response.json() == {"error": uk(INCOMPLETE)}


def test_resubmitting_changes_nothing(learner, participant, quiz):
    attempt = start(quiz, participant)
    learner.post(url(attempt, "submit"), form(attempt, right_answers(quiz)))

    response = learner.post(url(attempt, "submit"), form(attempt, {f"q-{question_ids(quiz)['true_false']}": "false"}))
    autosave = learner.post(url(attempt, "save"), form(attempt), headers={"accept": "application/json"})

    assert response.status_code == 302
    assert response["Location"] == url(attempt, "review")
    assert uk(ALREADY_SUBMITTED) in text(learner.get(response["Location"]))
    assert autosave.status_code == 409
    assert autosave.json() == {"error": uk(ALREADY_SUBMITTED), "review_url": url(attempt, "review")}
    attempt.refresh_from_db()
    assert attempt.percent == 100
    assert attempt.answers[question_ids(quiz)["true_false"]] == "true"


@pytest.mark.parametrize(("method", "action"), [("get", ""), ("post", "save"), ("post", "submit"),
                                                ("get", "review")])


def test_someone_elses_attempt_is_not_found(client, quiz, method, action):
    owner = ParticipantFactory()
    attempt = start(quiz, owner)
    if action == "review":
        services.submit_attempt(attempt=attempt)
    client.force_login(ParticipantFactory())

    response = getattr(client, method)(url(attempt, action), form(attempt) if method == "post" else None)

    assert response.status_code == 404
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_the_form_of_a_submitted_attempt_leads_to_its_review_and_back(learner, participant, quiz):
    attempt = start(quiz, participant)
    assert learner.get(url(attempt, "review"))["Location"] == url(attempt)

    services.submit_attempt(attempt=attempt)

    assert learner.get(url(attempt))["Location"] == url(attempt, "review")
