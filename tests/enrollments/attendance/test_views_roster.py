"""The roster (enrollments/attendance/views.py): marking a day in one POST, what it refuses, the live count."""

import re
from unittest.mock import patch

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from enrollments.attendance import selectors
from enrollments.models import Attendance, AttendanceChange, AttendanceMethod, Enrollment, EnrollmentStatus
from tests.enrollments.attendance.trainer_pages import day_month, marks, url
from tests.enrollments.factories import AttendanceFactory, EnrollmentFactory, TrainingSessionFactory
from tests.factories import CoordinatorFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db


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
    assert 'data-interval="15000"' in html  # refreshed every 15 s on the day itself
    assert '<script src="/static/js/roster-count.js" defer></script>' in html
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


def test_changing_a_mark_later_keeps_who_changed_it_from_what_to_what(client, taught_session, day, people):
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
              "read-only.", date=day_month(future_day)) in html
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
