"""The demo training sessions (lms/demo/sessions.py): a session under way in Dnipro, one in two weeks in
Zaporizhzhia, one next month in Kyiv."""

from datetime import date, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from content.roles import PARTICIPANT
from courses.models import ModulePage
from enrollments.models import Attendance, Enrollment, SessionDay, TrainingSession
from lms.demo.people import DEMO_USERS
from lms.demo.sessions import demo_session_dates
from tests.lms.demo.seeding import seed


def test_dates_start_today_for_the_session_under_way():
    today = date(2026, 11, 25)
    assert demo_session_dates(starts="today", today=today) == [
        date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)]
    assert demo_session_dates(starts="in_two_weeks", today=today)[0] == date(2026, 12, 9)


@pytest.mark.parametrize(("today", "monday"), [
    (date(2026, 11, 25), date(2026, 12, 7)),  # 1 December 2026 is a Tuesday
    (date(2026, 12, 31), date(2027, 1, 4)),
    (date(2027, 1, 15), date(2027, 2, 1)),  # 1 February 2027 is a Monday
])
def test_next_month_session_starts_on_its_first_monday(today, monday):
    dates = demo_session_dates(starts="next_month", today=today)
    assert dates == [monday, monday + timedelta(days=1), monday + timedelta(days=2)]
    assert dates[0].weekday() == 0


class TestSeededDemoSessions:
    """The seed writes the whole demo site and takes seconds, so it runs once for these tests, in a
    transaction rolled back after the class (each test runs in its own savepoint inside it).
    """

    @pytest.fixture
    def seeded(self, demo_output, db):
        return demo_output

    def test_dnipro_session_is_under_way_with_the_demo_people(self, seeded):
        session = TrainingSession.objects.get(course__slug="crisis-communication", course__locale__language_code="uk",
                                              city="Дніпро")
        today = timezone.localdate()

        assert (session.city, session.oblast, session.capacity, session.status, session.approval_required) == (
            "Дніпро", "dnipropetrovsk", 30, "open", False)
        assert session.venue
        assert session.title == session.course.title
        modules = ModulePage.objects.child_of(session.course).order_by("path")
        module_titles = list(modules.values_list("title", flat=True))
        assert list(session.days.values_list("date", "starts_at", "ends_at", "topic")) == [
            (today + timedelta(days=offset), time(9, 30), time(17), module_titles[offset]) for offset in range(3)
        ]
        assert list(session.trainers.values_list("email", flat=True)) == ["trainer@example.org"]
        participants = sorted(demo.email for demo in DEMO_USERS if demo.role == PARTICIPANT)
        assert list(session.enrollments.order_by("user__email").values_list("user__email", "status", "source")) == [
            (email, "enrolled", "imported") for email in participants
        ]
        assert not Attendance.objects.filter(day__session=session).exists()  # the trainer marks day 1 in the demo


    def test_kyiv_session_next_month_needs_approval(self, seeded):
        session = TrainingSession.objects.get(course__slug="case-management", course__locale__language_code="uk")
        first_day = session.days.first().date

        assert (session.city, session.status, session.approval_required) == ("Київ", "open", True)
        assert first_day.month == (timezone.localdate().replace(day=1) + timedelta(days=32)).month
        assert session.days.count() == 3
        assert session.enrollment_closes_at is not None and session.enrollment_closes_at > timezone.now()
        assert list(session.trainers.values_list("email", flat=True)) == ["trainer@example.org"]
        assert not session.enrollments.exists()


    def test_seed_output_names_the_sessions(self, seeded):
        dnipro = TrainingSession.objects.get(city="Дніпро")
        assert "Training sessions:" in seeded
        assert f"{dnipro.title} — Дніпро" in seeded
        assert "3/30 enrolled" in seeded
        assert f"(#{dnipro.pk})" in seeded


    def test_seeding_again_creates_no_session_day_or_enrollment(self, seeded):
        dnipro = TrainingSession.objects.get(city="Дніпро")
        dnipro.venue = "Змінено координаторкою"
        dnipro.save()
        before = (TrainingSession.objects.count(), SessionDay.objects.count(), Enrollment.objects.count(),
                  get_user_model().objects.count())

        output = seed(users=True)

        assert (TrainingSession.objects.count(), SessionDay.objects.count(), Enrollment.objects.count(),
                get_user_model().objects.count()) == before
        # With Zaporizhzhia, the finished Kryvyi Rih session (results.py) and the Marhanets session the open
        # call fills (calls.py), which has nobody on it yet.
        assert before[:3] == (5, 15, 17)
        dnipro.refresh_from_db()
        assert dnipro.venue == "Змінено координаторкою"
        assert "Training sessions:" in output
