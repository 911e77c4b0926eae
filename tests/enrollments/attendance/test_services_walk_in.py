"""The walk-in service (enrollments/attendance/services.py): a seat for someone who came, their mark kept."""

import pytest
from django.contrib.auth import get_user_model

from enrollments.attendance import services
from enrollments.models import Attendance, AttendanceChange, EnrollmentStatus
from tests.enrollments.factories import AttendanceFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def test_adding_someone_already_marked_keeps_their_mark(trainer, taught_session, day, people):
    AttendanceFactory(enrollment=people[0], day=day, status="late", note="10 хв")

    enrollment, created = services.add_walk_in(session=taught_session, day=day, email=people[0].user.email,
                                               full_name="Інше Ім'я", by=trainer)

    assert (enrollment, created) == (people[0], False)
    attendance = Attendance.objects.get(enrollment=people[0], day=day)
    assert (attendance.status, attendance.note) == ("late", "10 хв")
    assert not AttendanceChange.objects.exists()


def test_a_walk_in_without_a_day_only_gets_the_seat(trainer, taught_session, people):
    enrollment, created = services.add_walk_in(session=taught_session, email="solo@example.org", full_name="Соло",
                                               by=trainer)

    assert created is True
    assert enrollment.status == EnrollmentStatus.ENROLLED
    assert not Attendance.objects.exists()


def test_a_walk_in_for_another_sessions_day_is_refused(trainer, taught_session, people):
    other_day = TrainingSessionFactory(days=1).days.get()

    with pytest.raises(ValueError, match="another session"):
        services.add_walk_in(session=taught_session, day=other_day, email="x@example.org", full_name="Х", by=trainer)

    assert not get_user_model().objects.filter(email="x@example.org").exists()
