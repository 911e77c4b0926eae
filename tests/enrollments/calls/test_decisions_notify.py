"""`notify=False` on a decision: the same change, history and seat, without the decision email (the demo's way of
writing its applicants' past)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from enrollments.calls import decisions
from enrollments.calls.models import ApplicationChange
from enrollments.models import Enrollment
from tests.content.factories import add_call
from tests.enrollments.calls.reviewing import apply
from tests.enrollments.factories import TrainingSessionFactory


@pytest.fixture
def call(tree):
    return add_call(tree.home)  # two stages


@pytest.mark.parametrize(("name", "status", "stage"), [
    ("next_stage", "submitted", 1),
    ("shortlist", "shortlisted", 0),
    ("reject", "rejected", 0),
])
def test_a_decision_without_notify_is_recorded_as_usual_and_emails_nobody(
        call, coordinator, mailoutbox, django_capture_on_commit_callbacks, name, status, stage):
    application = apply(call, email="hanna@example.org")
    earlier = timezone.now() - timedelta(days=3)

    with django_capture_on_commit_callbacks(execute=True):
        moved = decisions.move_application(application=application, move=name, by=coordinator, now=earlier,
                                           notify=False)

    assert (moved.status, moved.stage) == (status, stage)
    change = ApplicationChange.objects.get(application=application)
    assert (change.changed_by, change.changed_at, change.from_status, change.to_status, change.to_stage) == (
        coordinator, earlier, "submitted", status, stage)
    assert mailoutbox == []


def test_the_same_decision_with_the_default_emails_the_applicant(call, coordinator, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    application = apply(call, email="hanna@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        decisions.move_application(application=application, move="shortlist", by=coordinator)

    assert [message.to for message in mailoutbox] == [["hanna@example.org"]]


def test_accepting_without_notify_still_enrolls_and_sends_no_email(tree, coordinator, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    session = TrainingSessionFactory(capacity=1)
    application = apply(add_call(tree.home, sessions=[session]))

    with django_capture_on_commit_callbacks(execute=True):
        accepted = decisions.move_application(application=application, move="accept", by=coordinator, notify=False)

    enrollment = Enrollment.objects.get(session=session)
    assert accepted.status == "accepted" and accepted.enrollment == enrollment
    assert (enrollment.status, enrollment.source) == ("enrolled", "application")
    assert mailoutbox == []


def test_a_bulk_decision_without_notify_moves_every_application_and_emails_nobody(
        call, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    applications = [apply(call), apply(call)]

    with django_capture_on_commit_callbacks(execute=True):
        result = decisions.move_applications(applications=applications, move="reject", by=coordinator, notify=False)

    assert sorted(a.pk for a in result.moved) == sorted(a.pk for a in applications) and not result.refused
    assert ApplicationChange.objects.filter(to_status="rejected").count() == 2
    assert mailoutbox == []


def test_a_bulk_decision_by_default_emails_each_applicant(call, coordinator, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    applications = [apply(call, email="a@example.org"), apply(call, email="b@example.org")]

    with django_capture_on_commit_callbacks(execute=True):
        decisions.move_applications(applications=applications, move="reject", by=coordinator)

    assert sorted(message.to[0] for message in mailoutbox) == ["a@example.org", "b@example.org"]
