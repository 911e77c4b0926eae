"""Who may see an application and its files (enrollments/calls/permissions.py): the applicant always, staff as
their admin list of applications does."""

import pytest
from django.contrib.auth.models import AnonymousUser

from enrollments.calls.permissions import can_see_application
from tests.enrollments.factories import ApplicationFactory
from tests.factories import CoordinatorFactory, ParticipantFactory, ReviewerFactory, TrainerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]


def test_who_may_see_an_application(call):
    application = ApplicationFactory(call=call)
    superuser = ParticipantFactory(is_superuser=True)
    assert can_see_application(application.applicant, application)
    assert can_see_application(CoordinatorFactory(), application)
    assert can_see_application(ReviewerFactory(), application)
    assert can_see_application(superuser, application)
    assert not can_see_application(ParticipantFactory(), application)
    assert not can_see_application(TrainerFactory(), application)
    assert not can_see_application(AnonymousUser(), application)


@pytest.mark.parametrize(("status", "applicant", "coordinator", "reviewer_sees"), [
    ("draft", True, False, False),  # a draft is seen by nobody but its applicant
    ("withdrawn", True, True, False),  # as in the admin: coordinators see withdrawn applications, reviewers not
    ("accepted", True, True, True),
])
def test_staff_see_an_application_as_their_admin_list_does(call, status, applicant, coordinator, reviewer_sees):
    application = ApplicationFactory(call=call, status=status)
    assert can_see_application(application.applicant, application) is applicant
    assert can_see_application(CoordinatorFactory(), application) is coordinator
    assert can_see_application(ReviewerFactory(), application) is reviewer_sees
