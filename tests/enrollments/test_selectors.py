"""The reads of enrollments/selectors.py: sessions with their seats and days, the learning overview, name order."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation
from wagtail.models import Locale

from enrollments.models import EnrollmentStatus, TrainingSession
from enrollments.progress import Progress
from enrollments.selectors import learning_overview, name_sort_key, places_on, with_seats_and_days
from enrollments.services import mark_module_complete
from tests.courses.factories import add_course, translate_tree
from tests.enrollments.factories import EnrollmentFactory, SessionDayFactory, TrainingSessionFactory
from tests.enrollments.seats import PENDING, WAITLISTED, wait

pytestmark = pytest.mark.django_db


# --- with_seats_and_days ------------------------------------------------------------------------

def test_sessions_come_with_seats_and_their_first_and_last_day(course):
    session = TrainingSessionFactory(course=course, capacity=3)
    for status in EnrollmentStatus.values:  # only the enrolled one takes a seat
        EnrollmentFactory(session=session, status=status)
    today = timezone.localdate()

    [annotated] = with_seats_and_days(TrainingSession.objects.filter(pk=session.pk))

    assert (annotated.enrolled_count, annotated.seats_left) == (1, 2)
    assert (annotated.first_day, annotated.last_day) == (today, today + timedelta(days=2))


def test_seats_left_never_goes_below_zero_and_a_session_without_days_has_none(course):
    session = TrainingSessionFactory(course=course, capacity=1, days=0)
    EnrollmentFactory.create_batch(2, session=session)

    [annotated] = with_seats_and_days(TrainingSession.objects.filter(pk=session.pk))

    assert (annotated.enrolled_count, annotated.seats_left) == (2, 0)
    assert (annotated.first_day, annotated.last_day) == (None, None)


def test_days_come_in_order_in_one_more_query_whatever_the_number_of_sessions(course, django_assert_num_queries):
    later = timezone.localdate() + timedelta(days=10)
    sessions = [TrainingSessionFactory(course=course, days=0) for _ in range(3)]
    for session in sessions:
        SessionDayFactory(session=session, date=later)
        SessionDayFactory(session=session, date=later - timedelta(days=1))

    with django_assert_num_queries(2):
        annotated = list(with_seats_and_days(TrainingSession.objects.filter(course=course)).order_by("pk"))
        days = [[day.date for day in session.days.all()] for session in annotated]

    assert days == [[later - timedelta(days=1), later]] * 3


def test_keeps_the_filter_it_is_given(course):
    kept, _other = TrainingSessionFactory(course=course, city="Суми"), TrainingSessionFactory(course=course)

    assert [s.pk for s in with_seats_and_days(TrainingSession.objects.filter(city="Суми"))] == [kept.pk]


# --- learning_overview ---------------------------------------------------------------------------

def test_overview_is_empty_before_any_module_is_completed(tree, participant):
    assert learning_overview(user=participant) == []


def test_overview_shows_progress_and_the_next_module(tree, participant):
    first, second = tree.modules
    mark_module_complete(user=participant, module=first)

    [(course, progress, next_module)] = learning_overview(user=participant)

    assert course.pk == tree.course.pk
    assert progress == Progress(total=2, completed=1, next_key=second.translation_key)
    assert progress.percent == 50
    assert next_module.pk == second.pk


def test_overview_of_a_finished_course_has_no_next_module(tree, participant):
    for module in tree.modules:
        mark_module_complete(user=participant, module=module)

    [(_, progress, next_module)] = learning_overview(user=participant)

    assert progress.is_complete
    assert progress.percent == 100
    assert next_module is None


def test_overview_follows_the_active_language(tree, participant):
    english = translate_tree(tree)
    mark_module_complete(user=participant, module=tree.modules[0])

    with translation.override("en"):
        [(course, progress, next_module)] = learning_overview(user=participant)

    assert course.pk == english.course.pk
    assert course.title == "Case management"
    assert progress.completed == 1
    assert next_module.pk == english.modules[1].pk
    [(course_uk, _, next_uk)] = learning_overview(user=participant)
    assert (course_uk.pk, next_uk.pk) == (tree.course.pk, tree.modules[1].pk)


def test_overview_shows_untranslated_courses_in_their_original_language(tree, participant):
    Locale.objects.get_or_create(language_code="en")
    mark_module_complete(user=participant, module=tree.modules[0])
    with translation.override("en"):
        [(course, progress, next_module)] = learning_overview(user=participant)

    assert course.pk == tree.course.pk
    assert progress.completed == 1
    assert next_module.pk == tree.modules[1].pk


def test_overview_prefers_the_active_language_translation(tree, participant):
    english = translate_tree(tree)
    mark_module_complete(user=participant, module=tree.modules[0])
    with translation.override("en"):
        [(course, _, next_module)] = learning_overview(user=participant)

    assert course.pk == english.course.pk
    assert next_module.pk == english.modules[1].pk


def test_overview_counts_only_live_modules(tree, participant):
    first, second = tree.modules
    mark_module_complete(user=participant, module=first)
    second.unpublish()

    [(_, progress, next_module)] = learning_overview(user=participant)

    assert progress == Progress(total=1, completed=1, next_key=None)
    assert next_module is None


def test_overview_lists_courses_by_title_and_keeps_their_modules_apart(tree, participant):
    other = add_course(tree.catalogue, slug="burnout-prevention", modules=3, title="Академія турботи")
    mark_module_complete(user=participant, module=tree.modules[1])
    mark_module_complete(user=participant, module=other.get_children().first())

    overview = learning_overview(user=participant)

    assert [(course.pk, progress.total, progress.completed) for course, progress, _ in overview] == [
        (other.pk, 3, 1), (tree.course.pk, 2, 1),
    ]
    assert overview[1][2].pk == tree.modules[0].pk


def start_courses(tree, participant, count: int) -> None:
    courses = [tree.course] + [
        add_course(tree.catalogue, slug=f"course-{n}", modules=3, title=f"Курс {n}") for n in range(count - 1)
    ]
    for course in courses:
        mark_module_complete(user=participant, module=course.get_children().first().specific)


@pytest.mark.parametrize("started", [1, 5])
def test_overview_query_count_does_not_grow(tree, participant, django_assert_max_num_queries, started):
    start_courses(tree, participant, started)

    with django_assert_max_num_queries(4):  # completions, locale, courses, modules
        overview = learning_overview(user=participant)
        assert len(overview) == started
        assert all(next_module is not None for _, _, next_module in overview)


# --- name_sort_key -------------------------------------------------------------------------------

def test_names_sort_in_ukrainian_alphabetical_order():
    names = ["Юрій", "Ґанна", "Яна", "Євген", "Їжак", "Ірина", "Іван", "ігор", "Андрій", "Гнат", "Дмитро", "Alice"]

    assert sorted(names, key=name_sort_key) == [
        "Alice", "Андрій", "Гнат", "Ґанна", "Дмитро", "Євген", "Іван", "ігор", "Ірина", "Їжак", "Юрій", "Яна"]


# --- The reader's own place on each session ------------------------------------------------------

def test_places_on_gives_each_session_the_readers_place_and_waiting_position(course, participant,
                                                                              django_assert_num_queries):
    waiting_here, pending_here, never_here, left_here = (TrainingSessionFactory(course=course) for _ in range(4))
    for minutes_ago in (30, 20):  # two people joined the waiting list before the reader, one after
        wait(EnrollmentFactory(session=waiting_here), minutes_ago)
    mine = wait(EnrollmentFactory(session=waiting_here, user=participant), 10)
    wait(EnrollmentFactory(session=waiting_here), 5)
    wait(EnrollmentFactory(session=pending_here), 50)  # another session's list does not count
    EnrollmentFactory(session=pending_here, user=participant, status=PENDING)
    EnrollmentFactory(session=left_here, user=participant, status=EnrollmentStatus.CANCELLED)
    sessions = [waiting_here, pending_here, never_here, left_here]

    with django_assert_num_queries(2):  # the places; who is ahead on the waiting list
        places = places_on(sessions=sessions, user=participant)

    assert set(places) == {waiting_here.pk, pending_here.pk}
    assert places[waiting_here.pk].pk == mine.pk
    assert places[waiting_here.pk].status == WAITLISTED
    assert places[waiting_here.pk].waiting_position == 3
    assert places[pending_here.pk].waiting_position is None


def test_places_on_reads_once_when_the_reader_waits_on_no_list(course, participant, django_assert_num_queries):
    enrolled_here, pending_here = (TrainingSessionFactory(course=course) for _ in range(2))
    wait(EnrollmentFactory(session=enrolled_here), 30)
    EnrollmentFactory(session=enrolled_here, user=participant, status=EnrollmentStatus.ENROLLED)
    EnrollmentFactory(session=pending_here, user=participant, status=PENDING)

    with django_assert_num_queries(1):
        places = places_on(sessions=[enrolled_here, pending_here], user=participant)

    assert {session_id: place.waiting_position for session_id, place in places.items()} == {
        enrolled_here.pk: None, pending_here.pk: None}


def test_places_on_asks_nothing_for_visitors(course, django_assert_num_queries):
    sessions = [TrainingSessionFactory(course=course)]
    with django_assert_num_queries(0):
        assert places_on(sessions=sessions, user=AnonymousUser()) == {}
