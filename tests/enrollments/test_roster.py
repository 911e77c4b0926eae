"""The trainer's roster: who may open it, marking a day in one POST, walk-ins, the live count,
the QR page, the printable sign-in sheet, paper entry, the change history and query budgets."""

import re
from datetime import timedelta
from unittest.mock import patch

import pytest
import qrcode
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enrollments.attendance import checkin, selectors, services
from enrollments.models import (
    Attendance,
    AttendanceChange,
    AttendanceMethod,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    SessionDay,
)
from enrollments.selectors import name_sort_key
from tests.enrollments.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    ProfileFactory,
    SessionDayFactory,
    TrainingSessionFactory,
)
from tests.factories import CoordinatorFactory, ParticipantFactory, TrainerFactory, UserFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db

LOGIN_URL = "/uk/accounts/login/"
# Budgets measured with 5 and with 40 people × 3 days (a warm request; 7 of them are the layout's).
ROSTER_QUERIES = 14  # 13 measured
PAPER_QUERIES = 14  # 13 measured
SHEET_QUERIES = 15  # 14 measured
QR_QUERIES = 13  # 12 measured
COUNT_QUERIES = 6  # 5 measured
SESSIONS_QUERIES = 13  # 12 measured
HISTORY_QUERIES = 12  # 11 measured
NAMES = ["Юрій Зінченко", "Ірина Бойко", "Андрій Коваль"]  # alphabetically: Андрій, Ірина, Юрій


@pytest.fixture
def trainer():
    trainer = TrainerFactory()
    ProfileFactory(user=trainer, full_name="Олена Тренерка")
    return trainer


@pytest.fixture
def session(trainer):
    """Three days from today: day 1 is today, days 2 and 3 are still to come."""
    return TrainingSessionFactory(trainers=[trainer], title="Ведення випадку, Дніпро", capacity=3)


@pytest.fixture
def day(session):
    return session.days.get(date=timezone.localdate())


@pytest.fixture
def future_day(session):
    return session.days.get(date=timezone.localdate() + timedelta(days=1))


@pytest.fixture
def past_day(session):
    return SessionDayFactory(session=session, date=timezone.localdate() - timedelta(days=1))


@pytest.fixture
def people(session) -> list[Enrollment]:
    """Three people with a place, in NAMES order; plus one cancelled and one waiting, never listed."""
    enrollments = []
    for name in NAMES:
        user = ParticipantFactory()
        ProfileFactory(user=user, full_name=name, profession="social_worker", organisation=f"ЦНАП {name[:3]}")
        enrollments.append(EnrollmentFactory(session=session, user=user))
    EnrollmentFactory(session=session, status=EnrollmentStatus.CANCELLED,
                      user=ProfileFactory(full_name="Скасована Особа").user)
    EnrollmentFactory(session=session, status=EnrollmentStatus.WAITLISTED,
                      user=ProfileFactory(full_name="Очікує Місця").user)
    return enrollments


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client


def url(name: str, obj) -> str:
    kwarg = "session_id" if name == "attendance_history" else "day_id"
    return reverse(name, kwargs={kwarg: obj.pk})


def marks(mapping: dict[Enrollment, str], **extra) -> dict:
    return {**{f"status_{e.pk}": status for e, status in mapping.items()}, **extra}


# --- Permissions ---------------------------------------------------------------------------------

MANAGER, OTHER = "manager", "other"
# (method, URL name, status for those who manage the session); POST bodies are empty.
ENDPOINTS = [
    ("get", "roster", 200), ("post", "roster", 302),
    ("get", "roster_count", 200), ("post", "roster_count", 405),
    ("get", "roster_walk_in", 405), ("post", "roster_walk_in", 400),
    ("get", "checkin_qr", 200), ("post", "checkin_qr", 405),
    ("get", "sign_in_sheet", 200), ("post", "sign_in_sheet", 405),
    ("get", "paper_entry", 200), ("post", "paper_entry", 302),
    ("get", "attendance_history", 200), ("post", "attendance_history", 405),
]
ROLES = ["session_trainer", "other_trainer", "coordinator", "participant", "anonymous"]


def _login_as(client, role: str, session) -> None:
    users = {
        "session_trainer": lambda: session.trainers.get(),
        "other_trainer": lambda: TrainingSessionFactory(trainers=[TrainerFactory()], days=1).trainers.get(),
        "coordinator": CoordinatorFactory,
        "participant": lambda: EnrollmentFactory(session=session).user,  # even with a place
    }
    if role in users:
        client.force_login(users[role]())


def _expected(role: str, method: str, name: str, manager_status: int) -> int:
    if role == "anonymous":
        return 302
    if manager_status == 405:
        return 405  # the same for every id, so it tells nothing about which ids exist
    if role == "coordinator" or (role == "session_trainer" and name != "attendance_history"):
        return manager_status
    return 404


@pytest.mark.parametrize("role", ROLES)
def test_only_the_sessions_trainers_and_coordinators_reach_the_roster(client, session, day, people, role):
    _login_as(client, role, session)

    for method, name, manager_status in ENDPOINTS:
        response = getattr(client, method)(url(name, session if name == "attendance_history" else day))

        expected = _expected(role, method, name, manager_status)
        assert response.status_code == expected, (method, name)
        body = text(response)
        if role == "anonymous":
            assert response["Location"].startswith(f"{LOGIN_URL}?next=/uk/learning/trainer/")
        if expected in (404, 405):
            assert session.title not in body, (method, name)
            assert NAMES[0] not in body, (method, name)
        if expected == 200 and name != "roster_count":
            assert session.title in body, (method, name)
    assert not Attendance.objects.exists()
    assert not Enrollment.objects.filter(source=EnrollmentSource.WALK_IN).exists()


@pytest.mark.parametrize("role", ["session_trainer", "other_trainer", "participant"])
def test_another_trainer_cannot_post_marks_or_walk_ins(client, session, day, people, role):
    _login_as(client, role, session)

    marked = client.post(url("roster", day), marks({people[0]: "absent"}))
    paper = client.post(url("paper_entry", day), marks({people[0]: "absent"}))
    walk_in = client.post(url("roster_walk_in", day), {"email": "new@example.org", "full_name": "Нова Особа"})

    if role == "session_trainer":
        assert (marked.status_code, paper.status_code, walk_in.status_code) == (302, 302, 302)
        assert Attendance.objects.get(enrollment=people[0]).status == "absent"
        assert get_user_model().objects.filter(email="new@example.org").exists()
    else:
        assert (marked.status_code, paper.status_code, walk_in.status_code) == (404, 404, 404)
        assert session.title not in text(marked)
        assert not Attendance.objects.exists()
        assert not get_user_model().objects.filter(email="new@example.org").exists()


def test_days_of_other_sessions_and_unknown_day_ids_are_not_found(trainer_client, day):
    other = TrainingSessionFactory(trainers=[TrainerFactory()], title="Чужа сесія")
    guesses = [d.pk for d in other.days.all()] + [SessionDay.objects.order_by("pk").last().pk + 1, 999_999]

    for day_id in guesses:
        for name in ("roster", "roster_count", "checkin_qr", "sign_in_sheet", "paper_entry"):
            response = trainer_client.get(reverse(name, kwargs={"day_id": day_id}))
            assert response.status_code == 404, (name, day_id)
            assert "Чужа сесія" not in text(response)
        posted = trainer_client.post(reverse("roster", kwargs={"day_id": day_id}))
        assert posted.status_code == 404


def test_guessed_session_ids_for_the_history_are_not_found(client):
    client.force_login(CoordinatorFactory())

    response = client.get(reverse("attendance_history", kwargs={"session_id": 987_654}))

    assert response.status_code == 404
    assert uk("Change history of the attendance marks") not in text(response)


# --- The roster page ------------------------------------------------------------------------------

def test_roster_lists_everyone_with_a_place_alphabetically_with_four_choices(trainer_client, day, people):
    response = trainer_client.get(url("roster", day))

    assert response.status_code == 200
    html = text(response)
    positions = [html.index(f">{name}<") for name in ("Андрій Коваль", "Ірина Бойко", "Юрій Зінченко")]
    assert positions == sorted(positions)
    assert "Скасована Особа" not in html and "Очікує Місця" not in html
    assert html.count('<fieldset class="mark"') == 3
    assert html.count('<legend class="mark__name">') == 3
    for enrollment in people:
        assert html.count(f'name="status_{enrollment.pk}"') == 4
        assert f'name="note_{enrollment.pk}"' in html
    for label in ("Present", "Late", "Excused", "Absent"):
        assert html.count(f"<span>{uk(label)}</span>") == 3
    assert uk("Social worker") in html
    assert "ЦНАП Анд" in html
    assert uk("%(checked_in)s of %(total)s checked in", checked_in=0, total=3) in html
    assert 'name="all_present"' in html
    assert uk("Mark everyone present") in html
    assert html.count(f">{uk('Save')}</button>") == 2
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'action="{url("roster_walk_in", day)}"' in html
    assert uk("Add someone who came without a place") in html
    assert f'data-url="{url("roster_count", day)}"' in html
    assert "setInterval" in html and "15000" in html
    assert '<h1>' in html and html.count("<h1") == 1


def test_roster_is_prefilled_with_the_saved_marks_and_notes(trainer_client, day, people):
    AttendanceFactory(enrollment=people[0], day=day, status="late", note="Затримався потяг")
    AttendanceFactory(enrollment=people[1], day=day, status="present", method=AttendanceMethod.SELF_CHECK_IN)

    response = trainer_client.get(url("roster", day))

    assert response.status_code == 200
    html = text(response)
    assert re.search(rf'name="status_{people[0].pk}" value="late"[^>]*checked', html)
    assert re.search(rf'name="status_{people[1].pk}" value="present"[^>]*checked', html)
    assert not re.search(rf'name="status_{people[2].pk}"[^>]*checked', html)
    assert 'value="Затримався потяг"' in html
    assert uk("%(checked_in)s of %(total)s checked in", checked_in=2, total=3) in html
    assert uk("Checked in with the QR code at %(time)s",
              time=timezone.localtime(people[1].attendance.get().marked_at).strftime("%H:%M")) in html


def test_one_post_saves_every_mark_with_its_history(trainer_client, trainer, day, people):
    response = trainer_client.post(url("roster", day), marks(
        {people[0]: "present", people[1]: "late", people[2]: "absent"}, **{f"note_{people[1].pk}": "Автобус"}
    ), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(url("roster", day), 302)]
    assert uk("Attendance saved.") in text(response)
    saved = {a.enrollment_id: a for a in Attendance.objects.filter(day=day)}
    assert {pk: a.status for pk, a in saved.items()} == {
        people[0].pk: "present", people[1].pk: "late", people[2].pk: "absent"}
    assert all(a.method == AttendanceMethod.ROSTER and a.marked_by == trainer for a in saved.values())
    assert saved[people[1].pk].note == "Автобус"
    changes = AttendanceChange.objects.all()
    assert sorted((c.attendance.enrollment_id, c.old_status, c.new_status, c.changed_by_id) for c in changes) == [
        (people[0].pk, "", "present", trainer.pk), (people[1].pk, "", "late", trainer.pk),
        (people[2].pk, "", "absent", trainer.pk)]
    assert uk("%(checked_in)s of %(total)s checked in", checked_in=2, total=3) in text(response)


def test_changing_a_mark_later_keeps_who_changed_it_from_what_to_what(client, session, day, people):
    AttendanceFactory(enrollment=people[0], day=day, status="absent")
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    response = client.post(url("roster", day), marks({people[0]: "excused"}))

    assert response.status_code == 302
    change = AttendanceChange.objects.get()
    assert (change.old_status, change.new_status, change.changed_by) == ("absent", "excused", coordinator)
    assert Attendance.objects.get(enrollment=people[0]).status == "excused"


def test_saving_unchanged_marks_writes_no_history(trainer_client, day, people):
    trainer_client.post(url("roster", day), marks({people[0]: "present", people[1]: "late"}))
    assert AttendanceChange.objects.count() == 2

    response = trainer_client.post(url("roster", day), marks({people[0]: "present", people[1]: "late"}))

    assert response.status_code == 302
    assert AttendanceChange.objects.count() == 2


def test_mark_everyone_present_keeps_the_marks_already_chosen(trainer_client, day, people):
    AttendanceFactory(enrollment=people[2], day=day, status="excused")

    response = trainer_client.post(
        url("roster", day), marks({people[0]: "late", people[2]: "excused"}, all_present="1"), follow=True)

    assert response.status_code == 200
    assert uk("Attendance saved.") in text(response)
    statuses = dict(Attendance.objects.filter(day=day).values_list("enrollment_id", "status"))
    assert statuses == {people[0].pk: "late", people[1].pk: "present", people[2].pk: "excused"}
    assert AttendanceChange.objects.count() == 2  # the unchanged "excused" wrote no history


def test_an_unknown_status_is_refused_and_nothing_is_saved(trainer_client, day, people):
    response = trainer_client.post(url("roster", day), marks({people[0]: "present", people[1]: "teleported"}))

    assert response.status_code == 400
    html = text(response)
    assert uk("Nothing was saved. Please correct the marks shown below.") in html
    assert uk("“%(value)s” is not an attendance status. Choose one of the four.", value="teleported") in html
    assert re.search(rf'name="status_{people[0].pk}" value="present"[^>]*checked', html)  # input kept
    assert not Attendance.objects.exists()
    assert not AttendanceChange.objects.exists()


def test_a_mark_for_another_sessions_enrollment_is_refused_and_nothing_is_saved(trainer_client, day, people):
    stranger = EnrollmentFactory(session=TrainingSessionFactory(days=1))

    response = trainer_client.post(url("roster", day), marks({people[0]: "present", stranger: "present"}))

    assert response.status_code == 400
    assert uk("Some marks are for people who are not on this day's list. Nothing was saved: "
              "reload the page and mark again.") in text(response)
    assert not Attendance.objects.exists()


def test_a_mark_for_someone_cancelled_meanwhile_is_refused_by_the_service(trainer_client, day, people):
    rows = selectors.roster_for_day(day=day)
    Enrollment.objects.filter(pk=people[1].pk).update(status=EnrollmentStatus.CANCELLED)

    with patch("enrollments.attendance.views.selectors.roster_for_day", return_value=rows):
        response = trainer_client.post(url("roster", day), marks({people[0]: "present", people[1]: "present"}))

    assert response.status_code == 400
    assert uk("Someone on this list is no longer enrolled. Nothing was saved: reload the page and mark again.") \
        in text(response)
    assert not Attendance.objects.exists()


def test_a_note_without_a_status_is_refused(trainer_client, day, people):
    response = trainer_client.post(url("roster", day), {f"note_{people[0].pk}": "Пішла о 14:00"})

    assert response.status_code == 400
    html = text(response)
    assert uk("Choose a status as well, so the note can be saved.") in html
    assert 'value="Пішла о 14:00"' in html
    assert not Attendance.objects.exists()


def test_a_future_day_is_read_only(trainer_client, future_day, people):
    response = trainer_client.get(url("roster", future_day))

    assert response.status_code == 200
    html = text(response)
    assert uk("This day is on %(date)s. You can mark attendance on the day itself; until then this list is "
              "read-only.", date=_day_month(future_day)) in html
    assert html.count('<fieldset class="mark" disabled>') == 3
    assert 'name="all_present"' not in html
    assert f">{uk('Save')}</button>" not in html
    assert f'action="{url("roster_walk_in", future_day)}"' not in html


def test_marks_for_a_future_day_are_refused(trainer_client, future_day, people):
    response = trainer_client.post(url("roster", future_day), marks({people[0]: "present"}))
    walk_in = trainer_client.post(url("roster_walk_in", future_day), {"email": "a@example.org", "full_name": "А Б"})

    assert response.status_code == 400
    assert uk("This day has not happened yet, so attendance cannot be marked. Nothing was saved.") in text(response)
    assert walk_in.status_code == 400
    assert uk("This day has not happened yet: add people who come on the day itself.") in text(walk_in)
    assert not Attendance.objects.exists()
    assert not get_user_model().objects.filter(email="a@example.org").exists()


def _day_month(day: SessionDay) -> str:
    from django.template.defaultfilters import date as date_filter

    return date_filter(day.date, "j E")


# --- Walk-ins ------------------------------------------------------------------------------------

def test_a_walk_in_with_a_new_email_gets_an_account_a_seat_over_capacity_and_a_present_mark(
        trainer_client, trainer, session, day, people):
    assert session.enrollments.filter(status=EnrollmentStatus.ENROLLED).count() == session.capacity

    response = trainer_client.post(url("roster_walk_in", day),
                                   {"email": " Nova.Osoba@Example.org ", "full_name": "  Нова   Особа "}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(url("roster", day), 302)]
    user = get_user_model().objects.get(email="nova.osoba@example.org")
    assert not user.has_usable_password()
    assert user.groups.filter(name="Participant").exists()
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("nova.osoba@example.org", False, True)
    assert user.profile.full_name == "Нова Особа"
    enrollment = Enrollment.objects.get(session=session, user=user)
    assert (enrollment.status, enrollment.source) == (EnrollmentStatus.ENROLLED, EnrollmentSource.WALK_IN)
    attendance = Attendance.objects.get(enrollment=enrollment, day=day)
    assert (attendance.status, attendance.method, attendance.marked_by) == ("present", "roster", trainer)
    html = text(response)
    assert uk("%(name)s has been added to the list.", name="Нова Особа") in html
    assert uk("A new account was made for %(email)s. They can set a password with “Forgot your password?” "
              "on the log-in page.", email="nova.osoba@example.org") in html
    assert ">Нова Особа<" in html
    assert uk("%(checked_in)s of %(total)s checked in", checked_in=1, total=4) in html


def test_a_walk_in_with_an_existing_account_keeps_it_and_their_own_name(trainer_client, session, day, people):
    existing = ProfileFactory(full_name="Марія Ткаченко", user=ParticipantFactory(email="maria@example.org")).user
    waiting = EnrollmentFactory(session=session, user=existing, status=EnrollmentStatus.WAITLISTED)
    users_before = get_user_model().objects.count()

    response = trainer_client.post(url("roster_walk_in", day),
                                   {"email": "MARIA@example.org", "full_name": "Марія Т."}, follow=True)

    assert response.status_code == 200
    assert get_user_model().objects.count() == users_before
    waiting.refresh_from_db()
    assert (waiting.status, waiting.source) == (EnrollmentStatus.ENROLLED, EnrollmentSource.WALK_IN)
    existing.profile.refresh_from_db()
    assert existing.profile.full_name == "Марія Ткаченко"
    assert existing.has_usable_password()
    assert Attendance.objects.get(enrollment=waiting, day=day).status == "present"
    html = text(response)
    assert uk("%(name)s has been added to the list.", name="Марія Ткаченко") in html
    assert uk("A new account was made for %(email)s. They can set a password with “Forgot your password?” "
              "on the log-in page.", email="maria@example.org") not in html


def test_adding_someone_already_marked_keeps_their_mark(trainer, session, day, people):
    AttendanceFactory(enrollment=people[0], day=day, status="late", note="10 хв")

    enrollment, created = services.add_walk_in(session=session, day=day, email=people[0].user.email,
                                               full_name="Інше Ім'я", by=trainer)

    assert (enrollment, created) == (people[0], False)
    attendance = Attendance.objects.get(enrollment=people[0], day=day)
    assert (attendance.status, attendance.note) == ("late", "10 хв")
    assert not AttendanceChange.objects.exists()


def test_a_walk_in_without_a_day_only_gets_the_seat(trainer, session, people):
    enrollment, created = services.add_walk_in(session=session, email="solo@example.org", full_name="Соло",
                                               by=trainer)

    assert created is True
    assert enrollment.status == EnrollmentStatus.ENROLLED
    assert not Attendance.objects.exists()


def test_a_walk_in_for_another_sessions_day_is_refused(trainer, session, people):
    other_day = TrainingSessionFactory(days=1).days.get()

    with pytest.raises(ValueError, match="another session"):
        services.add_walk_in(session=session, day=other_day, email="x@example.org", full_name="Х", by=trainer)

    assert not get_user_model().objects.filter(email="x@example.org").exists()


def test_a_walk_in_with_a_bad_email_shows_the_error_and_keeps_the_input(trainer_client, day, people):
    response = trainer_client.post(url("roster_walk_in", day), {"email": "not-an-email", "full_name": "Нова Особа"})

    assert response.status_code == 400
    html = text(response)
    assert uk("Enter a valid email address.") in html
    assert 'value="not-an-email"' in html and 'value="Нова Особа"' in html
    assert not Enrollment.objects.filter(source=EnrollmentSource.WALK_IN).exists()


def test_a_walk_in_from_the_paper_entry_returns_there_and_counts_as_paper(trainer_client, past_day, people):
    response = trainer_client.post(url("roster_walk_in", past_day),
                                   {"email": "paper@example.org", "full_name": "Паперова Особа", "return_to": "paper"})

    assert response.status_code == 302
    assert response["Location"] == url("paper_entry", past_day)
    assert Attendance.objects.get(day=past_day).method == AttendanceMethod.IMPORT


# --- Live count ----------------------------------------------------------------------------------

def test_count_endpoint_answers_json(trainer_client, day, people):
    AttendanceFactory(enrollment=people[0], day=day, status="present")
    AttendanceFactory(enrollment=people[1], day=day, status="late")
    AttendanceFactory(enrollment=people[2], day=day, status="absent")
    AttendanceFactory(enrollment=people[2], day=day.session.days.exclude(pk=day.pk).first(), status="present")

    response = trainer_client.get(url("roster_count", day))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response.json() == {
        "checked_in": 2, "total": 3,
        "text": uk("%(checked_in)s of %(total)s checked in", checked_in=2, total=3),
    }


# --- QR page -------------------------------------------------------------------------------------

def test_qr_page_shows_an_svg_code_for_todays_check_in_and_refreshes(trainer_client, day, people):
    with patch("enrollments.attendance.views.qrcode.make", wraps=qrcode.make) as make:
        response = trainer_client.get(url("checkin_qr", day))

    assert response.status_code == 200
    html = text(response)
    assert "<svg" in html and "<path" in html
    assert f'<meta http-equiv="refresh" content="{checkin.TOKEN_REFRESH_SECONDS}">' in html
    assert uk("%(checked_in)s of %(total)s checked in", checked_in=0, total=3) in html
    encoded = make.call_args.args[0]
    prefix = "http://testserver/uk/learning/trainer/check-in/"
    assert encoded.startswith(prefix) and encoded.endswith("/")
    assert checkin.day_id_from_token(encoded.removeprefix(prefix).rstrip("/")) == day.pk


@pytest.mark.parametrize("which", ["future_day", "past_day"])
def test_qr_page_explains_it_works_only_on_the_day(trainer_client, request, people, which):
    other_day = request.getfixturevalue(which)

    response = trainer_client.get(url("checkin_qr", other_day))

    assert response.status_code == 200
    html = text(response)
    assert "<svg" not in html
    assert 'http-equiv="refresh"' not in html
    from django.template.defaultfilters import date as date_filter
    assert uk("The QR code is shown only on the day itself, %(date)s.",
              date=date_filter(other_day.date, "j E Y")) in html
    hint = "Come back to this page on that day." if which == "future_day" else \
        "This day is over: correct attendance on the roster or enter the paper sheet."
    assert uk(hint) in html


# --- Sign-in sheet -------------------------------------------------------------------------------

def test_sign_in_sheet_lists_everyone_alphabetically_with_five_empty_rows(trainer_client, session, day, people):
    second = TrainerFactory()
    ProfileFactory(user=second, full_name="Богдан Лисенко")
    session.trainers.add(second)

    response = trainer_client.get(url("sign_in_sheet", day))

    assert response.status_code == 200
    html = text(response)
    assert "@page { size: A4" in html and "@media print" in html
    assert f"<h1>{session.title}</h1>" in html
    from django.template.defaultfilters import date as date_filter
    assert date_filter(day.date, "l, j E Y") in html
    assert session.venue in html and session.city in html
    assert "Богдан Лисенко, Олена Тренерка" in html
    for heading in ("No.", "Name", "Organisation", "Signature"):
        assert f">{uk(heading)}</th>" in html
    rows = re.findall(r'<td class="sheet__number">(\d+)</td>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>', html)
    assert rows[:3] == [("1", "Андрій Коваль", "ЦНАП Анд"), ("2", "Ірина Бойко", "ЦНАП Іри"),
                        ("3", "Юрій Зінченко", "ЦНАП Юрі")]
    assert [number for number, name, _ in rows[3:]] == ["4", "5", "6", "7", "8"]
    assert html.count('class="sheet__blank"') == 5
    assert "Скасована Особа" not in html


# --- Paper entry ---------------------------------------------------------------------------------

def test_paper_entry_shows_a_compact_table_of_everyone(trainer_client, past_day, people):
    response = trainer_client.get(url("paper_entry", past_day))

    assert response.status_code == 200
    html = text(response)
    assert '<table class="marks-table">' in html
    for label in ("Present", "Late", "Excused", "Absent"):
        assert f'<th scope="col">{uk(label)}</th>' in html
    for enrollment in people:
        assert html.count(f'name="status_{enrollment.pk}"') == 4
    assert uk("Present") + ": Андрій Коваль" in html  # each radio is labelled with person and status
    assert f'action="{url("roster_walk_in", past_day)}"' in html and 'name="return_to" value="paper"' in html


def test_paper_entry_saves_with_the_import_method(trainer_client, trainer, past_day, people):
    response = trainer_client.post(url("paper_entry", past_day), marks(
        {people[0]: "present", people[1]: "absent", people[2]: "excused"}), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(url("paper_entry", past_day), 302)]
    assert uk("Attendance saved.") in text(response)
    saved = Attendance.objects.filter(day=past_day)
    assert {a.status for a in saved} == {"present", "absent", "excused"}
    assert {a.method for a in saved} == {AttendanceMethod.IMPORT}
    assert set(AttendanceChange.objects.values_list("method", "changed_by")) == {(AttendanceMethod.IMPORT, trainer.pk)}


def test_paper_entry_refuses_bad_input_and_saves_nothing(trainer_client, past_day, people):
    response = trainer_client.post(url("paper_entry", past_day), marks({people[0]: "present", people[1]: "maybe"}))

    assert response.status_code == 400
    assert uk("Nothing was saved. Please correct the marks shown below.") in text(response)
    assert not Attendance.objects.exists()


def test_paper_entry_is_closed_for_future_days(trainer_client, future_day, people):
    page = trainer_client.get(url("paper_entry", future_day))
    post = trainer_client.post(url("paper_entry", future_day), marks({people[0]: "present"}))

    assert page.status_code == 200
    assert uk("This day is on %(date)s. Enter its sheet once the day has taken place.",
              date=_day_month(future_day)) in text(page)
    assert "<table" not in text(page)
    assert post.status_code == 400
    assert not Attendance.objects.exists()


# --- Change history ------------------------------------------------------------------------------

def test_coordinators_see_the_change_history_of_marks(client, trainer, session, day, people):
    services.record_attendance(day=day, marks={people[0].pk: "absent"}, by=trainer, method="roster")
    services.record_attendance(day=day, marks={people[0].pk: "late"}, by=trainer, method="roster",
                               notes={people[0].pk: "Прийшов о 10:00"})
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    response = client.get(url("attendance_history", session))
    roster = client.get(url("roster", day))

    assert response.status_code == 200
    html = text(response)
    assert html.count("<tr>") == 3  # heading and two changes
    assert f"{uk('Absent')} → {uk('Late')}" in html
    assert f"{uk('no mark')}</span> → {uk('Absent')}" in html
    assert NAMES[0] in html and "Олена Тренерка" in html and "Прийшов о 10:00" in html
    assert html.index(uk("Late")) < html.index(f"→ {uk('Absent')}")  # newest first
    assert f'href="{url("attendance_history", session)}"' in text(roster)


def test_trainers_do_not_get_the_history_link(trainer_client, day, people):
    response = trainer_client.get(url("roster", day))

    assert response.status_code == 200
    assert uk("Change history") not in text(response)


# --- My sessions ---------------------------------------------------------------------------------

def test_my_sessions_lists_the_trainers_sessions_with_a_link_per_day(trainer_client, session, day):
    other = TrainingSessionFactory(trainers=[TrainerFactory()], title="Чужа сесія")
    past = TrainingSessionFactory(trainers=[session.trainers.get()], title="Минула сесія", days=0)
    SessionDayFactory(session=past, date=timezone.localdate() - timedelta(days=30))

    response = trainer_client.get(reverse("trainer_sessions"))

    assert response.status_code == 200
    html = text(response)
    assert session.title in html and "Чужа сесія" not in html
    for number, session_day in enumerate(session.days.all(), start=1):
        assert f'href="{url("roster", session_day)}"' in html
        assert uk("Day %(number)s", number=number) in html
    assert f'href="{url("roster", day)}" aria-current="date"' in html
    assert html.index(session.title) < html.index(uk("Past sessions")) < html.index("Минула сесія")
    assert not any(f'href="{url("roster", d)}"' in html for d in other.days.all())


def test_my_sessions_shows_every_session_to_coordinators(client, session):
    other = TrainingSessionFactory(trainers=[TrainerFactory()], title="Чужа сесія")
    cancelled = TrainingSessionFactory(title="Скасована сесія", status="cancelled")
    client.force_login(CoordinatorFactory())

    response = client.get(reverse("trainer_sessions"))

    assert response.status_code == 200
    html = text(response)
    assert session.title in html and other.title in html
    assert cancelled.title not in html
    assert f'href="{url("attendance_history", other)}"' in html


def test_my_sessions_explains_when_there_is_nothing(client):
    client.force_login(ParticipantFactory())

    response = client.get(reverse("trainer_sessions"))

    assert response.status_code == 200
    assert uk("You have no current or upcoming sessions. Coordinators add trainers to a session in the admin.") \
        in text(response)


# --- Selectors ---------------------------------------------------------------------------------

def test_names_sort_in_ukrainian_alphabetical_order():
    names = ["Юрій", "Ґанна", "Яна", "Євген", "Їжак", "Ірина", "Іван", "ігор", "Андрій", "Гнат", "Дмитро", "Alice"]

    assert sorted(names, key=name_sort_key) == [
        "Alice", "Андрій", "Гнат", "Ґанна", "Дмитро", "Євген", "Іван", "ігор", "Ірина", "Їжак", "Юрій", "Яна"]


def test_roster_rows_fall_back_to_the_email_without_a_profile(session, day):
    enrollment = EnrollmentFactory(session=session, user=UserFactory(email="noprofile@example.org"))

    [row] = selectors.roster_for_day(day=day)

    assert (row.enrollment, row.name, row.profession, row.organisation, row.status) == (
        enrollment, "noprofile@example.org", "", "", "")


# --- Query budgets -----------------------------------------------------------------------------

def _fill(session, count: int, start: int) -> None:
    """`count` more people with a place and a mark (and its history) on every day of the session."""
    days = list(session.days.all())
    marker = session.trainers.first()
    for number in range(start, start + count):
        user = ProfileFactory(full_name=f"Учасниця {number:03d}", organisation=f"Громада {number}",
                              user=ParticipantFactory()).user
        enrollment = EnrollmentFactory(session=session, user=user)
        for session_day in days:
            attendance = AttendanceFactory(enrollment=enrollment, day=session_day, marked_by=marker,
                                           status=("present", "late", "absent")[number % 3])
            AttendanceChange.objects.create(attendance=attendance, new_status=attendance.status, method="roster",
                                            changed_by=marker, changed_at=attendance.marked_at)


def _queries(client, target: str) -> int:
    """Queries of a request after a first one has filled the per-site caches (Wagtail site, settings)."""
    client.get(target)
    with CaptureQueriesContext(connection) as context:
        response = client.get(target)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(("name", "budget"), [
    ("roster", ROSTER_QUERIES), ("sign_in_sheet", SHEET_QUERIES), ("paper_entry", PAPER_QUERIES),
    ("roster_count", COUNT_QUERIES), ("checkin_qr", QR_QUERIES),
])
def test_day_pages_stay_within_a_flat_query_budget(trainer_client, session, day, name, budget,
                                                   django_assert_max_num_queries):
    session.trainers.add(TrainerFactory(), TrainerFactory())
    _fill(session, 5, start=0)
    small = _queries(trainer_client, url(name, day))
    _fill(session, 35, start=5)

    with django_assert_max_num_queries(budget):
        response = trainer_client.get(url(name, day))

    assert response.status_code == 200
    assert "Учасниця 039" in text(response) or name in ("roster_count", "checkin_qr")
    assert _queries(trainer_client, url(name, day)) == small


def test_my_sessions_and_history_stay_within_a_flat_query_budget(client, session, day,
                                                                 django_assert_max_num_queries):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    _fill(session, 5, start=0)
    small = (_queries(client, reverse("trainer_sessions")), _queries(client, url("attendance_history", session)))
    _fill(session, 35, start=5)
    for _ in range(5):
        TrainingSessionFactory(trainers=[TrainerFactory()])

    with django_assert_max_num_queries(SESSIONS_QUERIES):
        assert client.get(reverse("trainer_sessions")).status_code == 200
    with django_assert_max_num_queries(HISTORY_QUERIES):
        response = client.get(url("attendance_history", session))

    assert "Учасниця 039" in text(response)
    assert (_queries(client, reverse("trainer_sessions")), _queries(client, url("attendance_history", session))) \
        == small
