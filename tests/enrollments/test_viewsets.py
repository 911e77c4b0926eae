"""The sessions viewset in the Wagtail admin (enrollments/viewsets.py): menu, list, add, edit with days, delete."""

import json
from datetime import time

import pytest
from django.urls import reverse

from enrollments.models import SessionStatus, TrainingSession
from tests.enrollments.admin_pages import (
    ADD_URL,
    INDEX_URL,
    day_data,
    edit_form,
    edit_url,
    roster_url,
    session_form,
    uk_count,
)
from tests.enrollments.factories import EnrollmentFactory, SessionDayFactory, TrainingSessionFactory, in_days
from tests.enrollments.seats import CANCELLED, ENROLLED, PENDING, WAITLISTED
from tests.factories import ParticipantFactory, TrainerFactory
from tests.helpers import ADMIN_HOME, assert_denied, assert_sent_to_login, text, uk

LIST_QUERIES = 14  # measured 12 with 3 sessions and with 20, each with days and people in every status


# --- Permissions and the menu --------------------------------------------------------------------

def test_coordinator_sees_training_sessions_in_the_admin_menu(admin):
    response = admin.get(ADMIN_HOME)
    assert response.status_code == 200
    # Wagtail draws its sidebar from JSON, where Cyrillic is \u-escaped.
    label = uk("Training sessions")
    assert label in text(response) or json.dumps(label)[1:-1] in text(response)
    assert INDEX_URL in text(response)


def test_trainer_sees_no_sessions_menu_and_cannot_open_the_list(client, db):
    client.force_login(TrainerFactory())
    home = client.get(ADMIN_HOME)
    assert home.status_code == 200
    assert INDEX_URL not in text(home)
    assert_denied(client.get(INDEX_URL))
    assert_denied(client.get(ADD_URL))


def test_trainer_cannot_edit_a_session(client, admin_session):
    client.force_login(TrainerFactory())
    assert_denied(client.get(edit_url(admin_session)))
    assert_denied(client.post(edit_url(admin_session), edit_form(admin_session, capacity="99")))
    admin_session.refresh_from_db()
    assert admin_session.capacity == 5


def test_participant_and_visitor_are_sent_to_the_login(client, admin_session):
    assert_sent_to_login(client.get(INDEX_URL))
    client.force_login(ParticipantFactory())
    assert_sent_to_login(client.get(INDEX_URL))
    assert_sent_to_login(client.get(roster_url(admin_session)))


# --- The list ------------------------------------------------------------------------------------

def populate(session, *, enrolled=2, waitlisted=1, pending=1, cancelled=1) -> None:
    for status, count in ((ENROLLED, enrolled), (WAITLISTED, waitlisted), (PENDING, pending), (CANCELLED, cancelled)):
        for _ in range(count):
            EnrollmentFactory(session=session, status=status)


def test_list_shows_each_session_with_first_day_place_and_counts(admin, tree):
    kyiv = TrainingSessionFactory(course=tree.course, title="Сесія у Києві", city="Київ", capacity=25, days=0)
    SessionDayFactory(session=kyiv, date=in_days(12))
    SessionDayFactory(session=kyiv, date=in_days(10))
    populate(kyiv, enrolled=3, waitlisted=2, pending=4)
    TrainingSessionFactory(course=tree.course, title="Сесія у Львові", city="Львів")

    response = admin.get(INDEX_URL)

    assert response.status_code == 200
    page = text(response)
    for label in ("First day", "Enrolled", "Waiting list", "Awaiting approval"):
        assert uk(label) in page
    assert "Сесія у Києві" in page and "Сесія у Львові" in page and "Київ" in page
    listed = {s.title: s for s in response.context["object_list"]}
    kyiv_row = listed["Сесія у Києві"]
    assert (kyiv_row.first_day, kyiv_row.capacity, kyiv_row.enrolled_count, kyiv_row.waitlisted_count,
            kyiv_row.pending_count) == (in_days(10), 25, 3, 2, 4)
    assert listed["Сесія у Львові"].enrolled_count == 0
    assert roster_url(kyiv) in page
    assert reverse("enrollments_admin:session_import", args=[kyiv.pk]) in page


@pytest.mark.parametrize("count", [3, 20])
def test_list_query_budget_stays_flat(admin, tree, count, django_assert_max_num_queries):
    for number in range(count):
        populate(TrainingSessionFactory(course=tree.course, title=f"Сесія {number}"))

    with django_assert_max_num_queries(LIST_QUERIES):
        response = admin.get(INDEX_URL)

    assert response.status_code == 200
    assert len(response.context["object_list"]) == count
    assert f"Сесія {count - 1}" in text(response)


def test_list_filters_by_status_and_searches_title_and_city(admin, tree):
    TrainingSessionFactory(course=tree.course, title="Чернетка", status="draft", city="Одеса")
    TrainingSessionFactory(course=tree.course, title="Відкрита", status="open", city="Київ")

    drafts = admin.get(INDEX_URL, {"status": "draft"})
    # Case-insensitive on PostgreSQL; SQLite folds the case of ASCII letters only, so the test types it as shown.
    in_kyiv = admin.get(INDEX_URL, {"q": "Київ"})
    by_title = admin.get(INDEX_URL, {"q": "Черн"})

    assert [s.title for s in drafts.context["object_list"]] == ["Чернетка"]
    assert [s.title for s in in_kyiv.context["object_list"]] == ["Відкрита"]
    assert [s.title for s in by_title.context["object_list"]] == ["Чернетка"]
    assert "Відкрита" not in text(drafts)


def test_list_filters_by_format_oblast_and_course(admin, tree):
    TrainingSessionFactory(course=tree.course, title="Онлайн", format="online", oblast="")
    TrainingSessionFactory(course=tree.course, title="Харків", oblast="kharkiv")

    assert [s.title for s in admin.get(INDEX_URL, {"format": "online"}).context["object_list"]] == ["Онлайн"]
    assert [s.title for s in admin.get(INDEX_URL, {"oblast": "kharkiv"}).context["object_list"]] == ["Харків"]
    assert len(admin.get(INDEX_URL, {"course": tree.course.pk}).context["object_list"]) == 2


# --- Adding and editing --------------------------------------------------------------------------

def test_add_form_has_the_day_inline(admin, tree):
    response = admin.get(ADD_URL)
    assert response.status_code == 200
    page = text(response)
    assert 'name="days-TOTAL_FORMS"' in page
    assert uk("Days") in page
    assert f'value="{SessionStatus.CANCELLED}"' not in page  # cancelling goes through the roster


def test_coordinator_writes_a_sessions_words_in_both_languages_side_by_side(admin, tree):
    page = text(admin.get(ADD_URL))
    for name in ("title", "venue", "city"):
        assert f'name="{name}_uk"' in page and f'name="{name}_en"' in page
    assert '-topic_uk"' in page and '-topic_en"' in page  # each day's topic too
    form = session_form(tree.course, days=[day_data(date=in_days(7).isoformat(), topic="Оцінювання потреб",
                                                    topic_en="Needs assessment")],
                        title="Ведення випадку", title_en="Case management", venue_en="Social Services Centre",
                        city_en="Dnipro")

    response = admin.post(ADD_URL, form)

    assert response.status_code == 302
    session = TrainingSession.objects.get()
    assert (session.title_uk, session.title_en) == ("Ведення випадку", "Case management")
    assert (session.venue_uk, session.venue_en) == ("Центр соціальних служб", "Social Services Centre")
    assert (session.city_uk, session.city_en) == ("Дніпро", "Dnipro")
    assert list(session.days.values_list("topic_uk", "topic_en")) == [("Оцінювання потреб", "Needs assessment")]

def test_coordinator_creates_a_session_with_its_days(admin, tree):
    trainer = TrainerFactory()
    form = session_form(tree.course, trainers=[trainer], days=[
        day_data(date=in_days(7).isoformat(), topic="Оцінювання потреб"),
        day_data(date=in_days(8).isoformat(), starts_at="10:00", ends_at="16:00", topic="Планування"),
    ])

    response = admin.post(ADD_URL, form)

    assert response.status_code == 302
    assert response["Location"] == INDEX_URL
    session = TrainingSession.objects.get()
    assert session.title == tree.course.title  # left empty: filled from the course
    assert (session.city, session.capacity, session.status) == ("Дніпро", 30, "open")
    assert list(session.trainers.all()) == [trainer]
    assert list(session.days.values_list("date", "starts_at", "ends_at", "topic")) == [
        (in_days(7), time(9, 30), time(17), "Оцінювання потреб"),
        (in_days(8), time(10), time(16), "Планування"),
    ]
    listing = admin.get(INDEX_URL)
    assert tree.course.title in text(listing)


def test_a_title_given_is_kept(admin, tree):
    admin.post(ADD_URL, session_form(tree.course, title="Весняна група", days=[day_data(date=in_days(3).isoformat())]))
    assert TrainingSession.objects.get().title == "Весняна група"


def test_coordinator_edits_days_and_enrolled_people_are_told(admin, admin_session, mailoutbox, committed):
    admin_session.capacity = 2  # full, so the person waiting stays waiting
    admin_session.save()
    enrolled = [EnrollmentFactory(session=admin_session) for _ in range(2)]
    EnrollmentFactory(session=admin_session, status=WAITLISTED)
    first, second, third = admin_session.days.order_by("date")

    with committed():
        response = admin.post(edit_url(admin_session), edit_form(admin_session, days=[
            day_data(first, starts_at="10:00"), day_data(second), day_data(third, date=in_days(5).isoformat()),
        ]))

    assert response.status_code == 302
    assert list(admin_session.days.order_by("date").values_list("date", "starts_at")) == [
        (first.date, time(10)), (second.date, time(9, 30)), (in_days(5), time(9, 30)),
    ]
    assert sorted(message.to[0] for message in mailoutbox) == sorted(e.user.email for e in enrolled)
    assert all(message.subject == "[Hromada LMS] " + uk("The schedule has changed: %(title)s",
                                                          title=admin_session.title) for message in mailoutbox)
    followed = admin.get(response["Location"])
    assert uk_count("The new schedule will be emailed to the %(count)d person enrolled.",
                    "The new schedule will be emailed to the %(count)d people enrolled.", 2) in text(followed)


def test_changing_a_topic_or_the_venue_tells_nobody(admin, admin_session, mailoutbox, committed):
    EnrollmentFactory(session=admin_session)
    days = [day_data(day, topic="Нова тема") for day in admin_session.days.order_by("date")]

    with committed():
        response = admin.post(edit_url(admin_session), edit_form(admin_session, days=days, venue="Інша зала"))

    assert response.status_code == 302
    assert set(admin_session.days.values_list("topic", flat=True)) == {"Нова тема"}
    assert mailoutbox == []


def test_adding_a_day_to_a_session_with_people_tells_them(admin, admin_session, mailoutbox, committed):
    EnrollmentFactory(session=admin_session)
    days = [day_data(day) for day in admin_session.days.order_by("date")] + [day_data(date=in_days(10).isoformat())]

    with committed():
        admin.post(edit_url(admin_session), edit_form(admin_session, days=days))

    assert admin_session.days.count() == 4
    assert len(mailoutbox) == 1


def test_edit_page_links_to_the_roster_and_the_import(admin, admin_session):
    response = admin.get(edit_url(admin_session))
    assert response.status_code == 200
    page = text(response)
    assert roster_url(admin_session) in page
    assert reverse("enrollments_admin:session_import", args=[admin_session.pk]) in page
    assert 'name="days-0-date"' in page


def test_a_session_with_people_cannot_be_deleted_even_by_a_superuser(client, admin_session):
    from tests.factories import UserFactory

    superuser = UserFactory(is_superuser=True)
    EnrollmentFactory(session=admin_session)
    client.force_login(superuser)

    response = client.post(reverse("sessions:delete", args=[admin_session.pk]))

    assert response.status_code == 302
    assert response["Location"] == roster_url(admin_session)
    assert TrainingSession.objects.filter(pk=admin_session.pk).exists()
