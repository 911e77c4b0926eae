"""My learning's trainings (enrollments/views.py): each place with its days, attendance, pre- and post-tests."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from enrollments.models import AttendanceStatus, SessionStatus
from tests.courses.factories import add_quiz
from tests.enrollments.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    ProfileFactory,
    SessionDayFactory,
    TrainingSessionFactory,
    fill,
    graded_answers,
    schedule,
    submitted_attempt,
)
from tests.enrollments.paths import MY_LEARNING_URL, detail_url
from tests.enrollments.seats import CANCELLED, WAITLISTED
from tests.helpers import text, uk, uk_plural

pytestmark = pytest.mark.django_db

MY_LEARNING_QUERIES = 32  # 29 measured with 1 and with 8 trainings of 3 days each (2 look for pre/post-tests,
# 7 read certificates: the list, and rules, days, marks, passed quizzes, completed modules, issued ones)


def attendance_rate(*, percent: int, attended: int, held: int) -> str:
    """The sentence, its spaces (the no-break one before "%" too) collapsed as the tests collapse the page's."""
    return " ".join(uk_plural("Attendance: %(percent)s%% (%(attended)s of %(held)s day so far)",
                     "Attendance: %(percent)s%% (%(attended)s of %(held)s days so far)", held,
                     percent=percent, attended=attended, held=held).split())


# --- Each training's days and the person's attendance --------------------------------------------

def test_my_learning_shows_my_trainings_with_my_own_attendance(learner, participant, tree):
    ProfileFactory(user=participant)
    session = schedule(course=tree.course, title="Триденний тренінг", start_in=-2, days=4, city="Київ", venue="")
    mine = EnrollmentFactory(session=session, user=participant)
    days = list(session.days.order_by("date"))
    AttendanceFactory(enrollment=mine, day=days[0], status=AttendanceStatus.PRESENT)
    someone = EnrollmentFactory(session=session)
    for day in days[1:3]:
        AttendanceFactory(enrollment=someone, day=day, status=AttendanceStatus.ABSENT)

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    trainings = html.split(f'<h2 id="trainings-heading">{uk("My trainings")}</h2>', 1)[1].split(
        'id="courses-heading"', 1)[0]
    assert f'<a href="{detail_url(session)}">Триденний тренінг</a>' in trainings
    assert f'<span class="badge badge--done">{uk("Enrolled")}</span>' in trainings
    # day 3 is today: the next day of the training, not yet marked
    assert f"{uk('Today:')}</strong>" in trainings
    assert "10:00–16:30" in trainings
    assert "Київ" in trainings
    labels = re.findall(r'<span class="badge[^"]*">([^<]+)</span>\s*</li>', trainings)
    assert labels == [uk("Present"), uk("Not recorded"), uk("Not yet"), uk("Upcoming")]
    assert attendance_rate(percent=50, attended=1, held=2) in " ".join(trainings.split())
    assert f'href="/uk/learning/sessions/{session.pk}/calendar.ics"' in trainings
    assert f"<summary>{uk('Cancel my place')}</summary>" in trainings
    assert f'<input type="hidden" name="next" value="{MY_LEARNING_URL}">' in trainings
    # the course-progress section stays
    assert f'<h2 id="courses-heading">{uk("My courses")}</h2>' in html


def test_my_learning_counts_late_and_excused_as_the_session_says(learner, participant, tree):
    session = schedule(course=tree.course, start_in=-3, days=3, late_counts_as_attended=False,
                       excused_counts_as_attended=True)
    mine = EnrollmentFactory(session=session, user=participant)
    for day, status in zip(session.days.order_by("date"), ("late", "excused", "absent"), strict=True):
        AttendanceFactory(enrollment=mine, day=day, status=status)

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = " ".join(text(response).split())
    assert attendance_rate(percent=33, attended=1, held=3) in html
    assert [uk("Late"), uk("Excused"), uk("Absent")] == re.findall(
        r'<span class="badge[^"]*">([^<]+)</span> </li>', html)


def test_my_learning_future_training_has_no_absences(learner, participant, tree):
    session = schedule(course=tree.course, title="Майбутній тренінг", start_in=3)
    EnrollmentFactory(session=session, user=participant)

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    assert uk("Attendance: no day has been held yet.") in html
    assert html.count(f">{uk('Upcoming')}</span>") == 3
    assert uk("Absent") not in html
    assert uk("Not recorded") not in html
    first = session.days.order_by("date").first()
    assert f"{uk('Next day:')}</strong>" in html
    assert date_format(first.date, "DATE_FORMAT") in html


def test_my_learning_waiting_list_shows_no_attendance(learner, participant, tree):
    session = schedule(course=tree.course, title="Тренінг зі списком очікування", start_in=-1)
    EnrollmentFactory(session=session, user=participant, status=WAITLISTED)

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    assert f"<span class=\"badge\">{uk('On the waiting list')}</span>" in html
    assert 'class="training__rate"' not in html
    assert uk("Not recorded") not in html
    assert f"<summary>{uk('Leave the waiting list')}</summary>" in html


def test_my_learning_leaves_out_cancelled_places_drafts_and_other_people(learner, participant, tree):
    EnrollmentFactory(session=schedule(course=tree.course, title="Скасоване мною"), user=participant,
                      status=CANCELLED)
    EnrollmentFactory(session=schedule(course=tree.course, title="Чернетка", status=SessionStatus.DRAFT),
                      user=participant)
    EnrollmentFactory(session=schedule(course=tree.course, title="Чужий тренінг"))
    cancelled = schedule(course=tree.course, title="Скасований тренінг", status=SessionStatus.CANCELLED)
    EnrollmentFactory(session=cancelled, user=participant)

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    for hidden in ("Скасоване мною", "Чернетка", "Чужий тренінг"):
        assert hidden not in html
    card = html.split("Скасований тренінг</a>", 1)[1].split("</article>", 1)[0]
    assert uk("Training cancelled") in card
    assert "<summary>" not in card
    assert "calendar.ics" not in card


def test_my_learning_without_trainings_has_no_trainings_section(learner, tree):
    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    assert uk("My trainings") not in text(response)


@pytest.mark.parametrize("trainings", [1, 8])
def test_my_learning_query_count_does_not_grow_with_trainings(learner, participant, tree, trainings,
                                                              django_assert_max_num_queries):
    ProfileFactory(user=participant)
    for number in range(trainings):
        session = schedule(course=tree.course, title=f"Тренінг номер {number}", start_in=number - 1)
        mine = EnrollmentFactory(session=session, user=participant)
        fill(session, 2)
        for day in session.days.filter(date__lte=timezone.localdate()):
            AttendanceFactory(enrollment=mine, day=day, status=AttendanceStatus.PRESENT)
    cache.clear()

    with django_assert_max_num_queries(MY_LEARNING_QUERIES):
        response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    assert text(response).count('class="training__title"') == trainings


# --- Each session's pre- and post-test -----------------------------------------------------------

@pytest.fixture
def pair(tree):
    pre = add_quiz(tree.course, slug="pre", kind="pre_test", title="Вхідний тест")
    post = add_quiz(tree.course, slug="post", kind="post_test", pretest=pre, title="Підсумковий тест")
    return pre, post


def upcoming_session(course, *, in_days=5):
    session = TrainingSessionFactory(course=course, days=0)
    for offset in range(3):
        SessionDayFactory(session=session, date=timezone.localdate() + timedelta(days=in_days + offset))
    return session


def test_the_pre_test_is_open_and_the_post_test_waits(learner, participant, tree, pair):
    session = upcoming_session(tree.course)
    EnrollmentFactory(session=session, user=participant)
    response = learner.get(reverse("my_learning"))
    assert response.status_code == 200
    page = text(response)
    assert "Вхідний тест" in page and "Підсумковий тест" in page
    assert page.index("Вхідний тест") < page.index("Підсумковий тест")
    last_day = session.days.order_by("date").last().date
    assert uk("opens on %(day)s at %(time)s", day=date_format(last_day), time="09:30") in page


def test_a_submitted_pre_test_shows_its_result(learner, participant, tree, pair):
    session = upcoming_session(tree.course)
    EnrollmentFactory(session=session, user=participant)
    submitted_attempt(pair[0], participant, graded_answers(pair[0], right={"true_false", "numeric"}))
    response = learner.get(reverse("my_learning"))
    assert response.status_code == 200
    assert uk("done, %(percent)s%%", percent="50") in text(response)  # 3 of 6 points


def test_a_waiting_list_place_shows_no_tests(learner, participant, tree, pair):
    EnrollmentFactory(session=upcoming_session(tree.course), user=participant, status="waitlisted")
    response = learner.get(reverse("my_learning"))
    assert response.status_code == 200
    assert "Вхідний тест" not in text(response)


@pytest.mark.parametrize("sessions", [1, 4])
def test_query_count_does_not_grow_with_sessions(learner, participant, tree, pair, sessions,
                                                 django_assert_max_num_queries):
    for number in range(sessions):
        EnrollmentFactory(session=upcoming_session(tree.course, in_days=5 + 7 * number), user=participant)
    with django_assert_max_num_queries(32):  # 30 with one session or four (7 of them for certificates)
        response = learner.get(reverse("my_learning"))
    assert text(response).count("Вхідний тест") == sessions
