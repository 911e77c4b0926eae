"""My learning keeps a flat query budget, the same with one training as with ten times more, and shows each person
only their own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.certificates.factories import CertificateRuleFactory, issued_certificate
from tests.courses.factories import add_course
from tests.enrollments.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    ProfileFactory,
    SessionDayFactory,
    TrainingSessionFactory,
    in_days,
)
from tests.enrollments.paths import MY_LEARNING_URL, complete_url
from tests.factories import ParticipantFactory
from tests.helpers import text, uk_plural

pytestmark = pytest.mark.django_db

# Issue 17: under 12 at both sizes (was 26, then 18), with what every reader sees alike kept between requests as in
# production (the course pages, their quizzes and first modules, certificate rules and titles, the site): what is
# left is the person's own (account, trainings 2, completions, attempts, certificates, passed quizzes, profile,
# applications).
MY_LEARNING_QUERIES = 11


def _trainings(user, course, *, count: int, start: int) -> None:
    """`count` more trainings of `user` on `course`: past ones with a certificate, coming ones half attended,
    each with other people on it."""
    for number in range(start, start + count):
        session = TrainingSessionFactory(course=course, title=f"Сесія {number:03d}", days=0)
        offset = -30 - number * 5 if number % 2 else 5 + number * 5
        days = [SessionDayFactory(session=session, date=in_days(offset + day)) for day in range(3)]
        enrollment = EnrollmentFactory(session=session, user=user)
        EnrollmentFactory.create_batch(2, session=session)
        if offset < 0:
            issued_certificate(enrollment=enrollment, full_name="Ганна Мельник")
        else:
            CertificateRuleFactory(session=session, course=None)
            AttendanceFactory(enrollment=enrollment, day=days[0])


def _queries(client) -> tuple[int, str]:
    client.get(MY_LEARNING_URL)  # a first request fills the per-site caches (Wagtail site, settings)
    with CaptureQueriesContext(connection) as context:
        response = client.get(MY_LEARNING_URL)
    assert response.status_code == 200
    return len(context.captured_queries), text(response)


def test_my_learning_stays_within_a_flat_query_budget(client, tree, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 300  # as in production
    person = ProfileFactory(full_name="Ганна Мельник", user=ParticipantFactory()).user
    client.force_login(person)
    courses = [tree.course] + [add_course(tree.catalogue, slug=f"course-{n}", modules=3, title=f"Курс {n}")
                               for n in range(3)]
    _trainings(person, tree.course, count=2, start=0)
    client.post(complete_url(tree.modules[0]))
    small, _ = _queries(client)

    _trainings(person, tree.course, count=18, start=2)
    for course in courses[1:]:
        client.post(complete_url(course.get_children().first()))

    client.get(MY_LEARNING_URL)  # new trainings and courses: what is kept for them is read once
    with django_assert_max_num_queries(MY_LEARNING_QUERIES):
        client.get(MY_LEARNING_URL)
    large, html = _queries(client)
    assert "Курс 2" in html
    assert large == small


def test_two_people_each_see_only_their_own(client, tree):
    """Nothing read once for one person (trainings, marks, completions, certificates) is shown to another."""
    anna = ProfileFactory(full_name="Ганна Мельник", user=ParticipantFactory()).user
    olha = ProfileFactory(full_name="Ольга Бондар", user=ParticipantFactory()).user
    other = add_course(tree.catalogue, slug="other", modules=2, title="Курс Ольги")
    _trainings(anna, tree.course, count=2, start=0)
    olha_session = TrainingSessionFactory(course=other, title="Сесія Ольги")
    EnrollmentFactory(session=olha_session, user=olha)
    client.force_login(anna)
    client.post(complete_url(tree.modules[0]))
    first = text(client.get(MY_LEARNING_URL))
    client.force_login(olha)
    client.post(complete_url(other.get_children().first()))

    second = text(client.get(MY_LEARNING_URL))

    assert "Сесія 000" in first and "Сесія 001" in first and "Сесія Ольги" not in first
    assert "Сесія Ольги" in second and "Курс Ольги" in second
    assert "Сесія 000" not in second and "Сесія 001" not in second and "Ганна Мельник" not in second
    assert second.count('class="card__title"') == 1


def test_past_trainings_beyond_the_latest_three_are_listed_on_request(client, tree):
    person = ProfileFactory(full_name="Ганна Мельник", user=ParticipantFactory()).user
    client.force_login(person)
    _trainings(person, tree.course, count=10, start=0)  # odd numbers are past: 001 the latest, 009 the earliest

    html = text(client.get(MY_LEARNING_URL))
    every = text(client.get(MY_LEARNING_URL, {"past": "all"}))

    listed = html.split('id="trainings-heading"', 1)[1].split("</section>", 1)[0]
    assert all(f"Сесія {n:03d}" in listed for n in (0, 2, 4, 6, 8, 1, 3, 5))
    assert "Сесія 007" not in listed and "Сесія 009" not in listed
    link = uk_plural("Show %(counter)s earlier training", "Show %(counter)s earlier trainings", 2, counter=2)
    assert f'<a href="?past=all#trainings-heading">{link}</a>' in listed
    assert all(f"Сесія {n:03d}" in every for n in range(10)) and link not in every
