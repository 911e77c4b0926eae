"""Enrollment data migrates: a place once marked "completed" becomes the enrolled place it was (enrollments 0016)."""

import uuid

import pytest

from tests.content.test_migrations import _back_to_the_latest_schema, add_page, migrate  # noqa: F401 - the fixture

BEFORE = [("enrollments", "0015_records_protect_what_they_point_at")]
AFTER = [("enrollments", "0016_places_are_never_completed")]

# Going back and forth through migrations needs its own transactions; the database's contents (roles, the root
# page) are put back for the tests that run after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_completed_places_become_enrolled_and_the_others_stay_as_they_were():
    old = migrate(BEFORE)
    uk = old.get_model("wagtailcore", "Locale").objects.get(language_code="uk")
    course = add_page(old, "courses.CoursePage", position=911, locale=uk, key=uuid.uuid4(), title="Курс",
                      slug="course", summary="Курс")
    session = old.get_model("enrollments", "TrainingSession").objects.create(course=course, title="Курс", capacity=2)
    User = old.get_model("auth", "User")
    Enrollment = old.get_model("enrollments", "Enrollment")
    places = {status: Enrollment.objects.create(session=session, user=User.objects.create(username=status),
                                                status=status).pk
              for status in ("completed", "enrolled", "cancelled", "waitlisted", "pending")}

    new = migrate(AFTER)

    statuses = dict(new.get_model("enrollments", "Enrollment").objects.values_list("pk", "status"))
    assert {status: statuses[pk] for status, pk in places.items()} == {
        "completed": "enrolled", "enrolled": "enrolled", "cancelled": "cancelled", "waitlisted": "waitlisted",
        "pending": "pending"}


def test_a_sessions_words_so_far_become_its_ukrainian_words():
    old = migrate([("enrollments", "0016_places_are_never_completed")])
    uk = old.get_model("wagtailcore", "Locale").objects.get(language_code="uk")
    course = add_page(old, "courses.CoursePage", position=912, locale=uk, key=uuid.uuid4(), title="Курс",
                      slug="course", summary="Курс")
    session = old.get_model("enrollments", "TrainingSession").objects.create(
        course=course, title="Ведення випадку", venue="Центр соціальних служб", city="Дніпро", capacity=2)
    old.get_model("enrollments", "SessionDay").objects.create(
        session=session, date="2030-03-01", starts_at="09:30", ends_at="17:00", topic="Оцінювання потреб")

    new = migrate([("enrollments", "0017_session_words_in_both_languages")])

    migrated = new.get_model("enrollments", "TrainingSession").objects.get(pk=session.pk)
    assert (migrated.title_uk, migrated.venue_uk, migrated.city_uk) == (
        "Ведення випадку", "Центр соціальних служб", "Дніпро")
    assert (migrated.title_en, migrated.venue_en, migrated.city_en) == (None, None, None)
    day = new.get_model("enrollments", "SessionDay").objects.get(session_id=session.pk)
    assert (day.topic_uk, day.topic_en) == ("Оцінювання потреб", None)
