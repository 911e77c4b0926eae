"""The session admin form and its days (enrollments/forms.py): what it refuses, with a clear message each."""

from datetime import time

from enrollments.models import TrainingSession
from tests.enrollments.admin_pages import ADD_URL, day_data, edit_form, edit_url, session_form, uk_count
from tests.enrollments.factories import EnrollmentFactory, in_days
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
