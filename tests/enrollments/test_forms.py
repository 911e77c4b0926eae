"""The session admin form and its days (enrollments/forms.py): what it refuses, with a clear message each."""

from datetime import time

from django.utils import translation
from django.utils.formats import date_format

from enrollments.models import Attendance, TrainingSession
from enrollments.viewsets import session_viewset
from tests.enrollments.admin_pages import ADD_URL, day_data, edit_form, edit_url, session_form, uk_count
from tests.enrollments.factories import EnrollmentFactory, attended_every_day, in_days
from tests.helpers import text, uk


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


def test_capacity_below_the_people_enrolled_is_refused(admin, admin_session, mailoutbox):
    admin_session.capacity = 12
    admin_session.save()
    for _ in range(12):
        EnrollmentFactory(session=admin_session)

    response = admin.post(edit_url(admin_session), edit_form(admin_session, capacity="10"))

    assert_refused(response, uk_count(
        "Capacity cannot be lower than the %(count)d person already enrolled. Move someone to the waiting list first.",
        "Capacity cannot be lower than the %(count)d people already enrolled. Move people to the waiting list first.",
        12))
    admin_session.refresh_from_db()
    assert admin_session.capacity == 12


def test_capacity_down_to_the_people_enrolled_is_fine(admin, admin_session):
    for _ in range(3):
        EnrollmentFactory(session=admin_session)
    response = admin.post(edit_url(admin_session), edit_form(admin_session, capacity="3"))
    assert response.status_code == 302
    admin_session.refresh_from_db()
    assert admin_session.capacity == 3


def test_a_refused_edit_keeps_what_was_typed_and_changes_nothing(admin, admin_session):
    days = [day_data(day) for day in admin_session.days.order_by("date")]
    days[1]["ends_at"] = "08:00"

    response = admin.post(edit_url(admin_session), edit_form(admin_session, days=days, venue="Нова адреса"))

    assert_refused(response, uk("The day must end after it starts."))
    assert 'value="Нова адреса"' in text(response)
    admin_session.refresh_from_db()
    assert admin_session.venue != "Нова адреса"
    assert set(admin_session.days.values_list("ends_at", flat=True)) == {time(17)}


# --- A day with attendance marks is moved, never removed ------------------------------------------

def days_with_one_removed(session, removed) -> list[dict]:
    return [day_data(day, DELETE="1" if day == removed else "") for day in session.days.order_by("date")]


def day_refusal(day, count: int) -> str:
    """Why the day stays, as a Ukrainian coordinator reads it."""
    with translation.override("uk"):
        return translation.ngettext(
            "The day of %(date)s cannot be removed: %(count)d attendance mark was recorded for it and would be "
            "lost. To move the day, change its date instead.",
            "The day of %(date)s cannot be removed: %(count)d attendance marks were recorded for it and would "
            "be lost. To move the day, change its date instead.",
            count) % {"date": date_format(day.date, "DATE_FORMAT"), "count": count}


def test_the_form_refuses_to_remove_a_day_with_marks_and_shows_the_day_again(admin_session, coordinator):
    enrollment = EnrollmentFactory(session=admin_session)
    attended_every_day(enrollment)
    _first, second, _third = admin_session.days.order_by("date")
    form_class = session_viewset.get_edit_handler().get_form_class()

    with translation.override("uk"):
        form = form_class(edit_form(admin_session, days=days_with_one_removed(admin_session, second)),
                          instance=admin_session, for_user=coordinator)
        assert not form.is_valid()
        days = form.formsets["days"]
        assert days.non_form_errors() == [day_refusal(second, 1)]
    kept = next(child for child in days.forms if child.instance.pk == second.pk)
    assert kept["DELETE"].value() in ("", False)  # shown again, not hidden as removed


def test_removing_a_day_with_marks_is_refused_with_a_clear_message(admin, admin_session, mailoutbox):
    enrollments = [EnrollmentFactory(session=admin_session) for _ in range(2)]
    for enrollment in enrollments:
        attended_every_day(enrollment)
    _first, second, _third = admin_session.days.order_by("date")

    response = admin.post(edit_url(admin_session), edit_form(admin_session,
                                                             days=days_with_one_removed(admin_session, second)))

    assert_refused(response, day_refusal(second, 2))
    assert admin_session.days.filter(pk=second.pk).exists()
    assert Attendance.objects.filter(day=second).count() == 2
    assert mailoutbox == []


def test_a_day_with_marks_moves_to_another_date_with_its_marks(admin, admin_session):
    enrollment = EnrollmentFactory(session=admin_session)
    attended_every_day(enrollment)
    first, second, third = admin_session.days.order_by("date")

    response = admin.post(edit_url(admin_session), edit_form(admin_session, days=[
        day_data(first), day_data(second, date=in_days(30).isoformat()), day_data(third)]))

    assert response.status_code == 302
    assert Attendance.objects.get(day=second).day.date == in_days(30)


def test_a_day_without_marks_is_still_removed(admin, admin_session):
    enrollment = EnrollmentFactory(session=admin_session)
    attended_every_day(enrollment)
    Attendance.objects.filter(day=admin_session.days.order_by("date").last()).delete()
    third = admin_session.days.order_by("date").last()

    response = admin.post(edit_url(admin_session), edit_form(admin_session,
                                                             days=days_with_one_removed(admin_session, third)))

    assert response.status_code == 302
    assert not admin_session.days.filter(pk=third.pk).exists()
    assert admin_session.days.count() == 2


def test_marks_made_after_the_check_are_kept_by_the_database(admin, admin_session, monkeypatch):
    """The form checked before someone marked the day: the database refuses, and the coordinator is told."""
    from enrollments.attendance import selectors as attendance_selectors

    attended_every_day(EnrollmentFactory(session=admin_session))
    _first, second, _third = admin_session.days.order_by("date")
    monkeypatch.setattr(attendance_selectors, "marks_on_days", lambda day_ids: {})

    response = admin.post(edit_url(admin_session), edit_form(admin_session, venue="Нова адреса",
                                                             days=days_with_one_removed(admin_session, second)))

    assert response.status_code == 200
    assert uk("Nothing was saved: attendance was marked meanwhile on a day this edit removes. To move the day, "
              "reload the page and change its date.") in text(response)
    assert Attendance.objects.filter(day=second).count() == 1
    admin_session.refresh_from_db()
    assert admin_session.venue != "Нова адреса"
