"""Coordinators in the Wagtail admin: the sessions viewset (list, add, edit with days) and each session's roster."""

import json
from datetime import time, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from content.roles import COORDINATOR, COORDINATOR_PERMISSIONS, COORDINATOR_SESSION_PERMISSIONS
from enrollments.models import Enrollment, EnrollmentStatus, SessionDay, SessionStatus, TrainingSession
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, SessionDayFactory, TrainingSessionFactory
from tests.factories import ParticipantFactory, TrainerFactory
from tests.helpers import text, uk

ADMIN_HOME = "/admin/"
INDEX_URL = "/admin/sessions/"
ADD_URL = "/admin/sessions/new/"
LIST_QUERIES = 14  # measured 12 with 3 sessions and with 20, each with days and people in every status
ROSTER_QUERIES = 13  # measured 11 with 5 people and with 40
ENROLLED, WAITLISTED, PENDING, CANCELLED = (
    EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED, EnrollmentStatus.PENDING, EnrollmentStatus.CANCELLED)


def edit_url(session) -> str:
    return reverse("sessions:edit", args=[session.pk])


def roster_url(session) -> str:
    return reverse("enrollments_admin:session_roster", args=[session.pk])


def action_url(enrollment) -> str:
    return reverse("enrollments_admin:roster_action", args=[enrollment.session_id, enrollment.pk])


def in_days(offset: int):
    return timezone.localdate() + timedelta(days=offset)


def uk_count(singular: str, plural: str, count: int) -> str:
    """A `%(count)d` message as a Ukrainian reader sees it for this count."""
    with translation.override("uk"):
        return translation.ngettext(singular, plural, count) % {"count": count}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def assert_denied(response) -> None:
    """Wagtail answers a forbidden admin page with a redirect to the dashboard (or a 403)."""
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == ADMIN_HOME


def assert_sent_to_login(response) -> None:
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]



@pytest.fixture
def admin(client, coordinator):
    """The test client, logged in as a coordinator."""
    client.force_login(coordinator)
    return client


@pytest.fixture
def session(tree):
    return TrainingSessionFactory(course=tree.course, title="Ведення випадку — Дніпро", capacity=5)


def day_data(day: SessionDay | None = None, **overrides) -> dict:
    data = {"date": "", "starts_at": "09:30", "ends_at": "17:00", "topic": ""}
    if day is not None:
        data.update(id=str(day.pk), date=day.date.isoformat(), starts_at=day.starts_at.strftime("%H:%M"),
                    ends_at=day.ends_at.strftime("%H:%M"), topic=day.topic)
    data.update(overrides)
    return data


def session_form(course, *, days: list[dict], initial_days: int = 0, trainers=(), **fields) -> dict:
    """POST data for the session add/edit form, as the admin's JavaScript would submit it."""
    data = {
        "course": str(course.pk), "title": "", "language": "uk", "format": "in_person", "status": "open",
        "venue": "Центр соціальних служб", "city": "Дніпро", "oblast": "dnipropetrovsk", "online_link": "",
        "capacity": "30", "enrollment_opens_at": "", "enrollment_closes_at": "", "late_after_minutes": "15",
        "late_counts_as_attended": "on", "days": inline_formset(days, initial=initial_days),
    }
    data.update(fields)
    form = nested_form_data(data)
    if trainers:
        form["trainers"] = [str(trainer.pk) for trainer in trainers]
    return form


def edit_form(session, **fields) -> dict:
    """The edit form for the session as it is, with its days; `fields` override."""
    days = fields.pop("days", None) or [day_data(day) for day in session.days.order_by("date")]
    values = {
        "title": session.title, "language": session.language, "format": session.format, "status": session.status,
        "venue": session.venue, "city": session.city, "oblast": session.oblast, "capacity": str(session.capacity),
    }
    values.update(fields)
    return session_form(session.course, days=days, initial_days=session.days.count(), **values)


# --- Permissions and the menu --------------------------------------------------------------------

def test_coordinator_group_has_the_session_permissions(coordinator):
    assert set(COORDINATOR_SESSION_PERMISSIONS) <= set(COORDINATOR_PERMISSIONS)
    codenames = set(Group.objects.get(name=COORDINATOR).permissions.values_list("content_type__app_label",
                                                                                "codename"))
    assert set(COORDINATOR_SESSION_PERMISSIONS) <= codenames
    assert coordinator.has_perms(["enrollments.add_trainingsession", "enrollments.change_trainingsession",
                                  "enrollments.view_enrollment", "enrollments.change_enrollment"])
    assert not coordinator.has_perm("enrollments.delete_trainingsession")


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


def test_trainer_cannot_edit_a_session(client, session):
    client.force_login(TrainerFactory())
    assert_denied(client.get(edit_url(session)))
    assert_denied(client.post(edit_url(session), edit_form(session, capacity="99")))
    session.refresh_from_db()
    assert session.capacity == 5


def test_participant_and_visitor_are_sent_to_the_login(client, session):
    assert_sent_to_login(client.get(INDEX_URL))
    client.force_login(ParticipantFactory())
    assert_sent_to_login(client.get(INDEX_URL))
    assert_sent_to_login(client.get(roster_url(session)))


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


def test_coordinator_edits_days_and_enrolled_people_are_told(admin, session, mailoutbox, committed):
    session.capacity = 2  # full, so the person waiting stays waiting
    session.save()
    enrolled = [EnrollmentFactory(session=session) for _ in range(2)]
    EnrollmentFactory(session=session, status=WAITLISTED)
    first, second, third = session.days.order_by("date")

    with committed():
        response = admin.post(edit_url(session), edit_form(session, days=[
            day_data(first, starts_at="10:00"), day_data(second), day_data(third, date=in_days(5).isoformat()),
        ]))

    assert response.status_code == 302
    assert list(session.days.order_by("date").values_list("date", "starts_at")) == [
        (first.date, time(10)), (second.date, time(9, 30)), (in_days(5), time(9, 30)),
    ]
    assert sorted(message.to[0] for message in mailoutbox) == sorted(e.user.email for e in enrolled)
    assert all(message.subject == "[Hromada LMS] " + uk("The schedule has changed: %(title)s",
                                                          title=session.title) for message in mailoutbox)
    followed = admin.get(response["Location"])
    assert uk_count("The new schedule was emailed to the %(count)d person enrolled.",
                    "The new schedule was emailed to the %(count)d people enrolled.", 2) in text(followed)


def test_changing_a_topic_or_the_venue_tells_nobody(admin, session, mailoutbox, committed):
    EnrollmentFactory(session=session)
    days = [day_data(day, topic="Нова тема") for day in session.days.order_by("date")]

    with committed():
        response = admin.post(edit_url(session), edit_form(session, days=days, venue="Інша зала"))

    assert response.status_code == 302
    assert set(session.days.values_list("topic", flat=True)) == {"Нова тема"}
    assert mailoutbox == []


def test_adding_a_day_to_a_session_with_people_tells_them(admin, session, mailoutbox, committed):
    EnrollmentFactory(session=session)
    days = [day_data(day) for day in session.days.order_by("date")] + [day_data(date=in_days(10).isoformat())]

    with committed():
        admin.post(edit_url(session), edit_form(session, days=days))

    assert session.days.count() == 4
    assert len(mailoutbox) == 1


def test_edit_page_links_to_the_roster_and_the_import(admin, session):
    response = admin.get(edit_url(session))
    assert response.status_code == 200
    page = text(response)
    assert roster_url(session) in page
    assert reverse("enrollments_admin:session_import", args=[session.pk]) in page
    assert 'name="days-0-date"' in page


# --- Validation ----------------------------------------------------------------------------------

def assert_refused(response, field_message: str) -> None:
    """The form comes back with the clear message, and no vaguer database-level one beside it."""
    assert response.status_code == 200
    page = text(response)
    assert field_message in page
    for constraint in ("enrollment_closes_after_it_opens", "day_ends_after_start", "one_day_per_date"):
        assert constraint not in page
    assert uk("Please correct the duplicate values below.") not in page


def test_a_day_ending_before_it_starts_is_refused(admin, tree):
    response = admin.post(ADD_URL, session_form(tree.course, days=[
        day_data(date=in_days(3).isoformat(), starts_at="17:00", ends_at="09:00"),
    ]))
    assert_refused(response, uk("The day must end after it starts."))
    assert not TrainingSession.objects.exists()


def test_enrollment_closing_before_it_opens_is_refused(admin, tree):
    response = admin.post(ADD_URL, session_form(
        tree.course, days=[day_data(date=in_days(3).isoformat())],
        enrollment_opens_at="2026-12-10 09:00", enrollment_closes_at="2026-12-01 09:00",
    ))
    assert_refused(response, uk("Enrollment must close after it opens."))
    assert not TrainingSession.objects.exists()


def test_two_days_on_one_date_are_refused(admin, tree):
    date = in_days(3).isoformat()
    response = admin.post(ADD_URL, session_form(tree.course, days=[day_data(date=date), day_data(date=date)]))
    assert_refused(response, uk("The session already has a day on %(date)s.") % {"date": date})
    assert not TrainingSession.objects.exists()


def test_capacity_below_the_people_enrolled_is_refused(admin, session, mailoutbox):
    session.capacity = 12
    session.save()
    for _ in range(12):
        EnrollmentFactory(session=session)

    response = admin.post(edit_url(session), edit_form(session, capacity="10"))

    assert_refused(response, uk_count(
        "Capacity cannot be lower than the %(count)d person already enrolled. Move someone to the waiting list first.",
        "Capacity cannot be lower than the %(count)d people already enrolled. Move people to the waiting list first.",
        12))
    session.refresh_from_db()
    assert session.capacity == 12


def test_capacity_down_to_the_people_enrolled_is_fine(admin, session):
    for _ in range(3):
        EnrollmentFactory(session=session)
    response = admin.post(edit_url(session), edit_form(session, capacity="3"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.capacity == 3


def test_a_refused_edit_keeps_what_was_typed_and_changes_nothing(admin, session):
    days = [day_data(day) for day in session.days.order_by("date")]
    days[1]["ends_at"] = "08:00"

    response = admin.post(edit_url(session), edit_form(session, days=days, venue="Нова адреса"))

    assert_refused(response, uk("The day must end after it starts."))
    assert 'value="Нова адреса"' in text(response)
    session.refresh_from_db()
    assert session.venue != "Нова адреса"
    assert set(session.days.values_list("ends_at", flat=True)) == {time(17)}


def test_a_session_with_people_cannot_be_deleted_even_by_a_superuser(client, session):
    from tests.factories import UserFactory

    superuser = UserFactory(is_superuser=True)
    EnrollmentFactory(session=session)
    client.force_login(superuser)

    response = client.post(reverse("sessions:delete", args=[session.pk]))

    assert response.status_code == 302
    assert response["Location"] == roster_url(session)
    assert TrainingSession.objects.filter(pk=session.pk).exists()


# --- The roster ----------------------------------------------------------------------------------

def test_roster_lists_everyone_by_status_with_details(admin, session):
    enrolled = EnrollmentFactory(session=session, user__email="olena@example.org")
    ProfileFactory(user=enrolled.user, full_name="Олена Коваленко", profession="psychologist")
    pending = EnrollmentFactory(session=session, status=PENDING, source="application")
    first_waiting = EnrollmentFactory(session=session, status=WAITLISTED)
    second_waiting = EnrollmentFactory(session=session, status=WAITLISTED)
    Enrollment.objects.filter(pk=first_waiting.pk).update(status_changed_at=timezone.now() - timedelta(hours=1))
    cancelled = EnrollmentFactory(session=session, status=CANCELLED, source="imported")

    response = admin.get(roster_url(session))

    assert response.status_code == 200
    page = text(response)
    assert "Олена Коваленко" in page and "olena@example.org" in page and uk("Psychologist") in page
    assert uk("Open call application") in page and uk("Imported") in page
    headings = [uk("Enrolled"), uk("Awaiting approval"), uk("On the waiting list"), uk("Cancelled")]
    positions = [page.index(f"{heading} (") for heading in headings]
    assert positions == sorted(positions)
    assert page.index(first_waiting.user.email) < page.index(second_waiting.user.email)
    assert page.index(pending.user.email) < page.index(first_waiting.user.email) < page.index(cancelled.user.email)
    assert uk("Approve selected requests") in page
    assert reverse("enrollments_admin:session_cancel", args=[session.pk]) in page


@pytest.mark.parametrize("people", [5, 40])
def test_roster_query_budget_stays_flat(admin, session, people, django_assert_max_num_queries):
    session.capacity = people
    session.save()
    for number in range(people):
        enrollment = EnrollmentFactory(session=session, status=(ENROLLED, WAITLISTED, PENDING, CANCELLED)[number % 4])
        ProfileFactory(user=enrollment.user, full_name=f"Учасниця {number}")

    with django_assert_max_num_queries(ROSTER_QUERIES):
        response = admin.get(roster_url(session))

    assert response.status_code == 200
    assert f"Учасниця {people - 1}" in text(response)


def test_trainers_even_of_the_session_cannot_open_the_admin_roster(client, session):
    trainer = TrainerFactory()
    session.trainers.add(trainer)
    enrollment = EnrollmentFactory(session=session, status=PENDING)
    client.force_login(trainer)

    assert_denied(client.get(roster_url(session)))
    assert_denied(client.post(action_url(enrollment), {"action": "approve"}))
    assert_denied(client.post(reverse("enrollments_admin:session_cancel", args=[session.pk])))
    enrollment.refresh_from_db()
    session.refresh_from_db()
    assert (enrollment.status, session.status) == (PENDING, "open")


def test_participant_cannot_act_on_the_roster(client, session):
    enrollment = EnrollmentFactory(session=session, status=PENDING)
    client.force_login(enrollment.user)
    assert_sent_to_login(client.post(action_url(enrollment), {"action": "approve"}))
    enrollment.refresh_from_db()
    assert enrollment.status == PENDING


def test_guessed_ids_are_404(admin, session, tree):
    other = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course))
    wrong_session = reverse("enrollments_admin:roster_action", args=[session.pk, other.pk])

    assert admin.post(wrong_session, {"action": "cancel"}, follow=True).status_code == 404
    assert admin.get(reverse("enrollments_admin:session_roster", args=[999999]), follow=True).status_code == 404
    other.refresh_from_db()
    assert other.status == ENROLLED


def test_approving_a_request_enrolls_and_emails(admin, session, mailoutbox, committed):
    pending = EnrollmentFactory(session=session, status=PENDING)

    with committed():
        response = admin.post(action_url(pending), {"action": "approve"}, follow=True)

    pending.refresh_from_db()
    assert pending.status == ENROLLED
    assert response.status_code == 200
    assert [message.to for message in mailoutbox] == [[pending.user.email]]


def test_approving_over_capacity_puts_on_the_waiting_list(admin, session):
    session.capacity = 1
    session.save()
    EnrollmentFactory(session=session)
    pending = EnrollmentFactory(session=session, status=PENDING)

    response = admin.post(action_url(pending), {"action": "approve"}, follow=True)

    pending.refresh_from_db()
    assert pending.status == WAITLISTED
    assert any(uk("On the waiting list") in message for message in messages_of(response))


def test_moving_to_enrolled_when_full_is_an_error(admin, session):
    session.capacity = 1
    session.save()
    EnrollmentFactory(session=session)
    waiting = EnrollmentFactory(session=session, status=WAITLISTED)

    response = admin.post(action_url(waiting), {"action": "enroll"}, follow=True)

    waiting.refresh_from_db()
    assert waiting.status == WAITLISTED
    assert response.status_code == 200
    assert uk("The session is full: free a seat or raise the capacity first.") in messages_of(response)


def test_moving_to_the_waiting_list_frees_the_seat_for_the_first_waiting(admin, session):
    session.capacity = 1
    session.save()
    seated = EnrollmentFactory(session=session)
    waiting = EnrollmentFactory(session=session, status=WAITLISTED)

    admin.post(action_url(seated), {"action": "waitlist"})

    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == (WAITLISTED, ENROLLED)


def test_cancelling_a_place_and_declining_a_request(admin, session, mailoutbox, committed):
    seated = EnrollmentFactory(session=session)
    pending = EnrollmentFactory(session=session, status=PENDING)

    with committed():
        admin.post(action_url(seated), {"action": "cancel"})
        admin.post(action_url(pending), {"action": "decline"})

    seated.refresh_from_db()
    pending.refresh_from_db()
    assert (seated.status, pending.status) == (CANCELLED, CANCELLED)
    assert [message.to for message in mailoutbox] == [[pending.user.email]]


@pytest.mark.parametrize(("status", "action"), [(ENROLLED, "approve"), (PENDING, "enroll"), (ENROLLED, "bogus")])
def test_an_action_that_does_not_apply_changes_nothing(admin, session, status, action):
    enrollment = EnrollmentFactory(session=session, status=status)

    response = admin.post(action_url(enrollment), {"action": action}, follow=True)

    enrollment.refresh_from_db()
    assert enrollment.status == status
    assert response.status_code == 200
    assert messages_of(response)


def test_roster_actions_need_post(admin, session):
    enrollment = EnrollmentFactory(session=session, status=PENDING)
    assert admin.get(action_url(enrollment)).status_code == 405
    enrollment.refresh_from_db()
    assert enrollment.status == PENDING


def test_bulk_approve_seats_the_earliest_then_waitlists(admin, session):
    session.capacity = 2
    session.save()
    EnrollmentFactory(session=session)
    first, second, third = (EnrollmentFactory(session=session, status=PENDING) for _ in range(3))

    response = admin.post(reverse("enrollments_admin:session_bulk_approve", args=[session.pk]),
                          {"enrollments": [first.pk, second.pk]}, follow=True)

    assert response.status_code == 200
    statuses = {e.pk: e.status for e in Enrollment.objects.filter(session=session)}
    assert (statuses[first.pk], statuses[second.pk], statuses[third.pk]) == (ENROLLED, WAITLISTED, PENDING)
    page = text(response)
    assert uk_count("%(count)d request approved and enrolled.", "%(count)d requests approved and enrolled.", 1) in page


def test_bulk_approve_refuses_requests_of_another_session(admin, session, tree):
    foreign = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course), status=PENDING)

    response = admin.post(reverse("enrollments_admin:session_bulk_approve", args=[session.pk]),
                          {"enrollments": [foreign.pk]}, follow=True)

    foreign.refresh_from_db()
    assert foreign.status == PENDING
    assert response.status_code == 200
    assert messages_of(response)


def test_cancel_session_asks_first_then_tells_everyone(admin, session, mailoutbox, committed):
    people = [EnrollmentFactory(session=session, status=status) for status in (ENROLLED, WAITLISTED, PENDING)]
    EnrollmentFactory(session=session, status=CANCELLED)
    cancel_url = reverse("enrollments_admin:session_cancel", args=[session.pk])

    confirmation = admin.get(cancel_url)
    assert confirmation.status_code == 200
    assert uk("Yes, cancel the session and tell everyone") in text(confirmation)
    session.refresh_from_db()
    assert session.status == "open"

    with committed():
        response = admin.post(cancel_url, follow=True)

    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert sorted(message.to[0] for message in mailoutbox) == sorted(e.user.email for e in people)
    assert uk_count("The session is cancelled. %(count)d person was emailed.",
                    "The session is cancelled. %(count)d people were emailed.", 3) in text(response)
    assert uk("This session is cancelled. Everyone on it was told; the roster can no longer change.") in text(response)


def test_a_cancelled_session_roster_no_longer_changes(admin, session):
    waiting = EnrollmentFactory(session=session, status=WAITLISTED)
    session.status = SessionStatus.CANCELLED
    session.save()

    response = admin.post(action_url(waiting), {"action": "enroll"}, follow=True)

    waiting.refresh_from_db()
    assert waiting.status == WAITLISTED
    assert uk("This session is cancelled: its roster can no longer change.") in messages_of(response)
