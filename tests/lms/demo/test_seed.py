"""`seed_demo` (lms/demo/seed.py) and its command: the demo accounts only on request or in debug, and what a
seed without them still loads."""

import pytest
from django.contrib.auth import get_user_model

from courses.models import CoursePage
from enrollments.models import Enrollment, TrainingSession
from lms.demo.seed import SeedReport
from tests.lms.demo.seeding import seed

DEMO_COURSES = {"case-management", "crisis-communication", "burnout-prevention"}


@pytest.mark.parametrize(
    ("flag", "debug", "with_users"),
    [(False, False, False), (True, False, True), (False, True, True), (True, True, True)],
)
def test_demo_accounts_only_on_request_or_in_debug(monkeypatch, settings, flag, debug, with_users):
    calls = []
    monkeypatch.setattr("lms.demo.management.commands.seed_demo.seed_demo",
                        lambda **kwargs: calls.append(kwargs) or SeedReport(pages_created=0, users=[]))
    settings.DEBUG = debug

    seed(**({"users": True} if flag else {}))

    assert calls == [{"with_users": with_users}]


class TestSeededWithoutUsers:
    """`seed_demo` without `--users` and outside debug, once for these tests, rolled back after the class."""

    @pytest.fixture(autouse=True)
    def _seeded(self, demo_output_without_users, db):
        pass

    def test_seed_without_users_creates_no_accounts(self, demo_output_without_users):
        output = demo_output_without_users
        assert get_user_model().objects.count() == 0
        assert "@example.org" not in output
        assert CoursePage.objects.count() == 2 * len(DEMO_COURSES)
        assert not CoursePage.objects.filter(trainers__isnull=False).exists()

    def test_seed_without_users_still_schedules_the_sessions(self):
        # The finished session needs the demo accounts, so it is left out; the open call's session is there.
        assert TrainingSession.objects.count() == 4
        assert not Enrollment.objects.exists()
        assert not TrainingSession.objects.filter(trainers__isnull=False).exists()
