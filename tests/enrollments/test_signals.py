"""What enrollments announce (enrollments/signals.py): `progress_recorded`, sent by the three writes that may
complete a place's requirements, with the places they affect. Certificates listen (tests/certificates/
test_receivers.py); here a test receiver only notes what was sent."""

from datetime import datetime, time

import pytest
from django.utils import timezone

from enrollments.attendance.checkin import make_token
from enrollments.attendance.services import check_in, record_attendance
from enrollments.models import Attendance, ModuleCompletion, QuizAttempt
from enrollments.services import mark_module_complete, mark_module_incomplete
from enrollments.signals import announce_progress, progress_recorded
from tests.courses.factories import add_quiz
from tests.enrollments.factories import EnrollmentFactory, TrainingSessionFactory, graded_answers, submitted_attempt

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]


@pytest.fixture
def announced():
    """Every `progress_recorded` sent during the test, as (sender, enrollment ids)."""
    sent = []

    def note(sender, *, enrollment_ids, **kwargs):
        sent.append((sender, enrollment_ids))

    progress_recorded.connect(note, dispatch_uid="tests.announced")
    yield sent
    progress_recorded.disconnect(dispatch_uid="tests.announced")


@pytest.fixture
def places(tree, participant):
    """The person's rows on four sessions of the course: two seats, a waiting spot, a cancelled one."""
    return {name: EnrollmentFactory(session=TrainingSessionFactory(course=tree.course), user=participant,
                                    status=status)
            for name, status in (("enrolled", "enrolled"), ("enrolled again", "enrolled"),
                                 ("waitlisted", "waitlisted"), ("cancelled", "cancelled"))}


def at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day.date, time(hour)))


def test_announcing_sends_each_place_once_in_order_and_nothing_for_none(announced):
    announce_progress(sender=Attendance, enrollment_ids=[7, 3, 7])
    announce_progress(sender=Attendance, enrollment_ids=[])

    assert announced == [(Attendance, [3, 7])]


# --- Attendance ----------------------------------------------------------------------------------

def test_saved_marks_announce_the_places_whose_mark_changed(tree, announced):
    session = TrainingSessionFactory(course=tree.course)
    day = session.days.order_by("date").first()
    first, second, third = EnrollmentFactory.create_batch(3, session=session)
    record_attendance(day=day, marks={first.pk: "present"}, by=None, method="roster")
    announced.clear()

    record_attendance(day=day, marks={first.pk: "present", second.pk: "late", third.pk: "absent"}, by=None,
                      method="roster")

    assert announced == [(Attendance, sorted([second.pk, third.pk]))]  # the first's mark did not change


def test_saving_the_same_marks_again_announces_nothing(tree, announced):
    place = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course))
    day = place.session.days.order_by("date").first()
    record_attendance(day=day, marks={place.pk: "present"}, by=None, method="roster")

    record_attendance(day=day, marks={place.pk: "present"}, by=None, method="roster")

    assert announced == [(Attendance, [place.pk])]


def test_a_self_check_in_announces_the_persons_place(tree, announced):
    place = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course))
    day = place.session.days.order_by("date").first()

    check_in(token=make_token(day_id=day.pk), user=place.user, now=at(day, 9))

    assert announced == [(Attendance, [place.pk])]


# --- Modules -------------------------------------------------------------------------------------

def test_a_module_done_announces_every_seat_the_person_holds(tree, participant, places, announced):
    mark_module_complete(user=participant, module=tree.modules[0])

    assert announced == [(ModuleCompletion, sorted([places["enrolled"].pk, places["enrolled again"].pk]))]


def test_a_module_marked_twice_or_reopened_announces_once(tree, participant, places, announced):
    mark_module_complete(user=participant, module=tree.modules[0])
    mark_module_complete(user=participant, module=tree.modules[0])
    mark_module_incomplete(user=participant, module=tree.modules[0])

    assert len(announced) == 1


def test_a_module_done_by_someone_without_a_place_announces_nothing(tree, participant, announced):
    EnrollmentFactory(session=TrainingSessionFactory(course=tree.course), user=participant, status="pending")

    mark_module_complete(user=participant, module=tree.modules[0])

    assert ModuleCompletion.objects.filter(user=participant).count() == 1
    assert announced == []


# --- Quizzes -------------------------------------------------------------------------------------

@pytest.fixture
def post_test(tree):
    pre = add_quiz(tree.course, slug="pre", kind="pre_test", title="Вхідний тест")
    return add_quiz(tree.course, slug="post", kind="post_test", pretest=pre, pass_mark=70, title="Підсумковий тест")


def test_a_passed_post_test_announces_the_place_on_its_session_only(tree, participant, places, post_test, announced):
    last_day = places["enrolled"].session.days.order_by("date").last()

    attempt = submitted_attempt(post_test, participant, when=at(last_day, 15))

    # The person holds two seats on sessions of this course; the attempt counts for one of them.
    [counted] = [place for place in places.values() if place.session_id == attempt.session_id]
    assert attempt.passed and counted.status == "enrolled"
    assert announced == [(QuizAttempt, [counted.pk])]


def test_a_passed_quiz_outside_a_session_announces_every_seat(tree, participant, places, announced):
    quiz = add_quiz(tree.modules[0])

    attempt = submitted_attempt(quiz, participant)

    assert attempt.passed and attempt.session_id is None
    assert announced == [(QuizAttempt, sorted([places["enrolled"].pk, places["enrolled again"].pk]))]


def test_a_failed_quiz_announces_nothing(tree, participant, places, announced):
    quiz = add_quiz(tree.modules[0], pass_mark=90)

    attempt = submitted_attempt(quiz, participant, graded_answers(quiz, right={"single_choice"}))

    assert attempt.passed is False
    assert announced == []
