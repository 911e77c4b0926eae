"""`enroll(notify=False)`: the same place, found by the same seat rule, without the confirmation email (the demo's
way of putting its people on sessions)."""

import pytest

from enrollments.models import EnrollmentSource
from enrollments.services import enroll
from tests.courses.factories import build_tree
from tests.enrollments.factories import EnrollmentFactory, TrainingSessionFactory
from tests.factories import ParticipantFactory


@pytest.fixture
def session(db):
    return TrainingSessionFactory(course=build_tree(modules=0).course, capacity=1)


@pytest.mark.parametrize("source", [EnrollmentSource.SELF, EnrollmentSource.IMPORTED])
def test_enrolling_without_notify_gives_the_place_and_emails_nobody(session, mailoutbox,
                                                                    django_capture_on_commit_callbacks, source):
    user = ParticipantFactory()

    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enroll(session=session, user=user, source=source, notify=False)

    assert (enrollment.user, enrollment.status, enrollment.source) == (user, "enrolled", source)
    assert mailoutbox == []


def test_without_notify_a_full_session_still_waitlists(session, mailoutbox, django_capture_on_commit_callbacks):
    EnrollmentFactory(session=session)

    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enroll(session=session, user=ParticipantFactory(), source=EnrollmentSource.IMPORTED,
                            notify=False)

    assert enrollment.status == "waitlisted"
    assert mailoutbox == []


def test_by_default_the_place_is_confirmed_by_email(session, mailoutbox, django_capture_on_commit_callbacks):
    user = ParticipantFactory()

    with django_capture_on_commit_callbacks(execute=True):
        enroll(session=session, user=user, source=EnrollmentSource.IMPORTED)

    assert [message.to for message in mailoutbox] == [[user.email]]
