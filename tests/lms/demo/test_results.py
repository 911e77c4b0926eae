"""The finished demo session with results (lms/demo/results.py): attendance, pre- and post-tests, module quizzes and
self-checks taken in their windows, and what participant1 can still take."""

from datetime import time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.models import QuizPage
from enrollments.models import Attendance, QuizAttempt, TrainingSession
from enrollments.quizzes.selectors import availability
from lms.demo.results import CITY, DEMO_ATTENDEES, at

PARTICIPANT = "participant1@example.org"


class TestSeededDemoResults:
    """The seed runs once for these tests (seconds), in a transaction rolled back after the class."""

    @pytest.fixture(autouse=True)
    def _seeded(self, demo_output, db):
        pass

    def test_the_finished_session_has_knowledge_gain_data(self):
        session = TrainingSession.objects.get(city=CITY)
        days = list(session.days.values_list("date", flat=True))
        assert days[-1] == timezone.localdate() - timedelta(days=7) and len(days) == 3
        assert (session.status, session.course.slug, session.oblast) == ("completed", "crisis-communication",
                                                                         "dnipropetrovsk")
        assert list(session.trainers.values_list("email", flat=True)) == ["trainer@example.org"]
        enrolled = set(session.enrollments.values_list("user__email", flat=True))
        assert enrolled == {PARTICIPANT, "participant2@example.org", *(demo.email for demo in DEMO_ATTENDEES)}
        assert Attendance.objects.filter(day__session=session, status="present").count() == 3 * len(enrolled)

        attempts = QuizAttempt.objects.filter(session=session, status="submitted")
        pre, post = attempts.filter(kind="pre_test"), attempts.filter(kind="post_test")
        assert set(pre.values_list("user__email", flat=True)) == enrolled
        assert set(post.values_list("user__email", flat=True)) == enrolled - {PARTICIPANT}
        assert all(a.submitted_at < at(days[0], time(17)) for a in pre)
        assert all(a.started_at >= at(days[-1], time(9, 30)) for a in post)
        average = {kind: sum(a.percent for a in rows) / len(rows) for kind, rows in (("pre", pre), ("post", post))}
        assert average["post"] - average["pre"] >= 20
        assert pre.filter(passed=False).count() > pre.count() / 2  # most did not know it all before
        assert post.filter(passed=True).count() >= 0.75 * post.count()
        for attempt in post:
            assert attempt.percent >= pre.get(user=attempt.user).percent

    def test_participant1_can_take_the_post_test_and_the_dnipro_pre_test(self):
        participant = get_user_model().objects.get(email=PARTICIPANT)
        pre, post = (QuizPage.objects.get(locale__language_code="uk", slug=slug) for slug in ("pre-test", "post-test"))
        morning = at(timezone.localdate(), time(10))  # day 1 of the Dnipro session

        post_state = availability(quiz=post, user=participant, now=morning)
        assert post_state.can_start and post_state.session.city == CITY and post_state.attempts_used == 0
        pre_state = availability(quiz=pre, user=participant, now=morning)
        assert pre_state.can_start and pre_state.session.city == "Дніпро" and pre_state.attempts_used == 0
        evening = at(timezone.localdate(), time(20))  # Dnipro's closed: the next session's is open
        assert availability(quiz=pre, user=participant, now=evening).session.city == "Запоріжжя"
        english_post = QuizPage.objects.get(locale__language_code="en", slug="post-test")
        assert availability(quiz=english_post, user=participant, now=morning).can_start

    def test_self_checks_are_enough_for_a_group_distribution_and_module_quizzes_were_taken(self):
        self_checks = QuizAttempt.objects.filter(kind="self_assessment", status="submitted")
        assert self_checks.values("user").distinct().count() >= 6
        assert self_checks.values("band").distinct().count() == 3
        assert all(a.passed is None and a.band for a in self_checks)
        assert not self_checks.filter(user__email=PARTICIPANT).exists()  # hers to take in the demo
        module = QuizAttempt.objects.filter(kind="graded", version__quiz__slug="psychological-first-aid-quiz")
        assert module.count() >= 5 and module.filter(number__gt=1).exists()
        assert module.filter(passed=False).exists() and module.filter(passed=True).exists()

    def test_seed_output_says_what_to_try(self, demo_output):
        session = TrainingSession.objects.get(city=CITY)
        assert f"{CITY}, " in demo_output and f"(#{session.pk})" in demo_output
        assert "trainer@example.org sees the knowledge gain of the Кривий Ріг session (11 pre-tests, 10 post-tests)" \
            in demo_output
        assert f"{PARTICIPANT} can take the post-test of the Кривий Ріг session until" in demo_output
        # Dnipro's during its first day, otherwise the Zaporizhzhia session's in two weeks: open at any hour.
        assert f"{PARTICIPANT} can take the pre-test of the " in demo_output
