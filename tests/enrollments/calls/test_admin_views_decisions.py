"""Scoring and deciding through the admin (enrollments/calls/admin_views.py, `ReviewView`, `MoveView`,
`BulkMoveView`): a reviewer's own review, coordinators' moves one by one and in bulk."""

import re

import pytest
from django.urls import reverse

from enrollments.calls.models import Application, ApplicationChange, Review
from enrollments.models import Enrollment
from tests.content.factories import add_call
from tests.enrollments.calls.reviewing import apply, criteria_of, submit_review
from tests.enrollments.factories import EnrollmentFactory, TrainingSessionFactory
from tests.factories import ReviewerFactory
from tests.helpers import messages_of, text, uk

pytestmark = pytest.mark.shared_tree  # every test here reads the same pages


@pytest.fixture
def call(tree):
    return add_call(tree.home)


@pytest.fixture
def application(call):
    return apply(call, name="Марія Бондар")


def review_url(application) -> str:
    return reverse("calls_admin:review", args=[application.call.pk, application.pk])


def move_url(application) -> str:
    return reverse("calls_admin:move", args=[application.call.pk, application.pk])


def review_form(call, *values, action="submit", stage=0, comment="") -> dict:
    data = {"stage": stage, "comment": comment, "action": action}
    for criterion, value in zip(criteria_of(call), values, strict=False):
        data[f"mark_{criterion.pk}"] = value
    return data


# --- Reviews -------------------------------------------------------------------------------------

def test_a_reviewer_saves_a_draft_then_submits(client, call, application, reviewer):
    client.force_login(reviewer)
    response = client.post(review_url(application), review_form(call, 4, action="draft", comment="Поки що"),
                           follow=True)
    assert response.status_code == 200 and uk("Your draft is saved.") in messages_of(response)
    draft = Review.objects.get(reviewer=reviewer)
    assert draft.submitted_at is None and draft.comment == "Поки що"
    first = criteria_of(call)[0].pk
    assert re.search(rf'<input[^>]*name="mark_{first}" value="4"[^>]*checked', text(response))  # the draft's mark

    response = client.post(review_url(application), review_form(call, 4, 5, comment="Готово"), follow=True)
    assert uk("Your review is submitted.") in messages_of(response)
    submitted = Review.objects.get(reviewer=reviewer)
    assert submitted.submitted_at is not None and str(submitted.total) == "86.7"
    assert review_url(application) not in text(response)  # final: no form any more


def test_submitting_without_every_mark_shows_the_form_again(client, call, application, reviewer):
    client.force_login(reviewer)
    response = client.post(review_url(application), review_form(call, 4))
    assert response.status_code == 200
    assert uk("Give a mark to submit the review.") in text(response)
    assert not Review.objects.exists()


def test_a_mark_outside_the_scale_is_refused(client, call, application, reviewer):
    client.force_login(reviewer)
    response = client.post(review_url(application), review_form(call, 9, 5))
    assert response.status_code == 200 and not Review.objects.exists()


def test_a_stale_form_from_the_previous_stage_saves_nothing(client, call, application, reviewer):
    Application.objects.filter(pk=application.pk).update(stage=1)
    client.force_login(reviewer)
    response = client.post(review_url(application), review_form(call, 4, 4, stage=0), follow=True)
    assert uk("The application has moved to another stage since you opened it. Your marks were not saved; "
              "open it again.") in messages_of(response)
    assert not Review.objects.exists()


def test_a_reviewer_only_ever_writes_their_own_review(client, call, application, reviewer):
    other = ReviewerFactory()
    review = submit_review(application, other, 1, 1, comment="Чужа")
    client.force_login(reviewer)
    client.post(review_url(application), {**review_form(call, 5, 5), "reviewer": other.pk, "review": review.pk})
    review.refresh_from_db()
    assert review.comment == "Чужа" and review.total is not None and str(review.total) == "20.0"
    assert Review.objects.get(reviewer=reviewer).total is not None


def test_a_submitted_review_sent_again_is_taken_once_and_a_changed_one_is_refused(client, call, application,
                                                                                  reviewer):
    client.force_login(reviewer)
    client.post(review_url(application), review_form(call, 4, 5, comment="Готово"))
    again = client.post(review_url(application), review_form(call, 4, 5, comment="Готово"), follow=True)
    assert again.status_code == 200 and uk("Your review is submitted.") in messages_of(again)
    changed = client.post(review_url(application), review_form(call, 1, 1, comment="Інакше"), follow=True)
    assert uk("You have already submitted your review of this stage.") in messages_of(changed)
    assert Review.objects.get().marks == {str(c.pk): m for c, m in zip(criteria_of(call), (4, 5), strict=True)}


def test_trainers_cannot_post_reviews(client, call, application):
    from tests.factories import TrainerFactory

    client.force_login(TrainerFactory())
    response = client.post(review_url(application), review_form(call, 5, 5))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not Review.objects.exists()


# --- One decision --------------------------------------------------------------------------------

def test_a_coordinator_accepts_and_the_applicant_is_enrolled(client, tree, coordinator, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    session = TrainingSessionFactory(title="Травма-інформована школа")
    application = apply(add_call(tree.home, slug="with-session", sessions=[session]), name="Марія Бондар")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(move_url(application), {"move": "accept", "note": "Найкраща"}, follow=True)
    assert response.status_code == 200
    assert any("Травма-інформована школа" in message for message in messages_of(response))
    enrollment = Enrollment.objects.get(user=application.applicant)
    assert (enrollment.session, enrollment.source) == (session, "application")
    assert ApplicationChange.objects.get().note == "Найкраща"
    assert len(mailoutbox) == 1
    assert "Найкраща" in text(response)  # the history on the page


def test_a_full_session_refuses_the_acceptance_with_a_message(client, tree, coordinator):
    session = TrainingSessionFactory(capacity=1)
    EnrollmentFactory(session=session)
    application = apply(add_call(tree.home, slug="full", sessions=[session]))
    client.force_login(coordinator)
    response = client.post(move_url(application), {"move": "accept"}, follow=True)
    assert any(uk("No place is left on the call's training sessions: free a seat or raise a session's capacity "
                  "first.") == message for message in messages_of(response))
    application.refresh_from_db()
    assert application.status == "submitted" and not ApplicationChange.objects.exists()


def test_a_move_the_rule_forbids_is_refused(client, application, coordinator):
    Application.objects.filter(pk=application.pk).update(stage=1)
    client.force_login(coordinator)
    response = client.post(move_url(application), {"move": "next_stage"}, follow=True)
    assert uk("This is the call's last stage: accept or reject instead.") in messages_of(response)
    assert Application.objects.get(pk=application.pk).status == "submitted"


def test_reviewers_cannot_decide(client, application, reviewer):
    client.force_login(reviewer)
    response = client.post(move_url(application), {"move": "accept"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Application.objects.get(pk=application.pk).status == "submitted"


def test_a_decision_on_an_outdated_page_is_refused_and_a_repeated_one_changes_nothing(client, application,
                                                                                     coordinator):
    client.force_login(coordinator)
    seen = {"seen_status": "submitted", "seen_stage": "0"}
    first = client.post(move_url(application), {"move": "reject", **seen}, follow=True)
    again = client.post(move_url(application), {"move": "reject", **seen}, follow=True)  # the second tap
    assert first.status_code == again.status_code == 200
    assert uk("%(name)s: %(status)s.") % {"name": "Марія Бондар", "status": "Не відібрано"} in messages_of(again)
    assert application.changes.count() == 1

    stale = client.post(move_url(application), {"move": "next_stage", **seen}, follow=True)  # from an old tab
    assert stale.status_code == 200
    assert uk("The application has changed since you opened it: it is now “%(status)s”. Nothing was changed."
              ) % {"status": "Не відібрано"} in messages_of(stale)
    application.refresh_from_db()
    assert (application.status, application.stage) == ("rejected", 0) and application.changes.count() == 1


def test_moves_are_post_only(client, application, coordinator):
    client.force_login(coordinator)
    assert client.get(move_url(application)).status_code == 405


# --- Bulk ----------------------------------------------------------------------------------------

def bulk_url(call) -> str:
    return reverse("calls_admin:bulk_move", args=[call.call_id])


def test_bulk_next_stage_moves_the_ticked_applications(client, call, coordinator):
    first, second, untouched = apply(call, name="Перша"), apply(call, name="Друга"), apply(call, name="Третя")
    client.force_login(coordinator)
    response = client.post(bulk_url(call), {"applications": [first.pk, second.pk], "move": "next_stage",
                                            "note": "Разом"}, follow=True)
    assert response.status_code == 200
    assert dict(Application.objects.values_list("full_name", "stage")) == {"Перша": 1, "Друга": 1, "Третя": 0}
    assert "2 заявки переведено на наступний етап." in messages_of(response)  # a sentence, in the plural form
    assert list(ApplicationChange.objects.values_list("note", flat=True)) == ["Разом", "Разом"]
    assert untouched.changes.count() == 0


def test_bulk_accept_reports_who_found_no_seat(client, tree, coordinator):
    session = TrainingSessionFactory(capacity=1)
    call = add_call(tree.home, slug="one-seat", sessions=[session])
    best, other = apply(call, name="Найкраща"), apply(call, name="Інша")
    submit_review(best, ReviewerFactory(), 5, 5)
    client.force_login(coordinator)
    response = client.post(bulk_url(call), {"applications": [best.pk, other.pk], "move": "accept"}, follow=True)
    errors = [m for m in messages_of(response) if "Інша" in m]
    assert "1 заявку прийнято." in messages_of(response)
    assert len(errors) == 1 and uk("No place is left on the call's training sessions: free a seat or raise a "
                                   "session's capacity first.") in errors[0]
    assert dict(Application.objects.values_list("full_name", "status")) == {"Найкраща": "accepted",
                                                                           "Інша": "submitted"}


def test_bulk_with_an_application_of_another_call_is_not_found(client, tree, call, coordinator):
    mine, theirs = apply(call), apply(add_call(tree.home, slug="other"))
    client.force_login(coordinator)
    response = client.post(bulk_url(call), {"applications": [mine.pk, theirs.pk], "move": "reject"}, follow=True)
    assert response.status_code == 404
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}


def test_reviewers_cannot_move_in_bulk(client, call, application, reviewer):
    client.force_login(reviewer)
    response = client.post(bulk_url(call), {"applications": [application.pk], "move": "reject"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Application.objects.get(pk=application.pk).status == "submitted"


def test_bulk_without_a_selection_explains(client, call, coordinator):
    client.force_login(coordinator)
    response = client.post(bulk_url(call), {"move": "reject"}, follow=True)
    assert uk("Select at least one application and a decision.") in messages_of(response)
