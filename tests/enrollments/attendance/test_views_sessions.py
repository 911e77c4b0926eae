"""The trainer's pages about whole sessions (enrollments/attendance/views.py): my sessions, the change history."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from enrollments.attendance import services
from tests.enrollments.attendance.trainer_pages import NAMES, url
from tests.enrollments.factories import SessionDayFactory, TrainingSessionFactory
from tests.factories import CoordinatorFactory, ParticipantFactory, TrainerFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db


# --- Change history ------------------------------------------------------------------------------

def test_coordinators_see_the_change_history_of_marks(client, trainer, taught_session, day, people):
    services.record_attendance(day=day, marks={people[0].pk: "absent"}, by=trainer, method="roster")
    services.record_attendance(day=day, marks={people[0].pk: "late"}, by=trainer, method="roster",
                               notes={people[0].pk: "Прийшов о 10:00"})
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    response = client.get(url("attendance_history", taught_session))
    roster = client.get(url("roster", day))

    assert response.status_code == 200
    html = text(response)
    assert html.count("<tr>") == 3  # heading and two changes
    assert f"{uk('Absent')} → {uk('Late')}" in html
    assert f"{uk('no mark')}</span> → {uk('Absent')}" in html
    assert NAMES[0] in html and "Олена Тренерка" in html and "Прийшов о 10:00" in html
    assert html.index(uk("Late")) < html.index(f"→ {uk('Absent')}")  # newest first
    assert f'href="{url("attendance_history", taught_session)}"' in text(roster)


def test_trainers_do_not_get_the_history_link(trainer_client, day, people):
    response = trainer_client.get(url("roster", day))

    assert response.status_code == 200
    assert uk("Change history") not in text(response)


# --- My sessions ---------------------------------------------------------------------------------

def test_my_sessions_lists_the_trainers_sessions_with_a_link_per_day(trainer_client, taught_session, day):
    other = TrainingSessionFactory(trainers=[TrainerFactory()], title="Чужа сесія")
    past = TrainingSessionFactory(trainers=[taught_session.trainers.get()], title="Минула сесія", days=0)
    SessionDayFactory(session=past, date=timezone.localdate() - timedelta(days=30))

    response = trainer_client.get(reverse("trainer_sessions"))

    assert response.status_code == 200
    html = text(response)
    assert taught_session.title in html and "Чужа сесія" not in html
    for number, session_day in enumerate(taught_session.days.all(), start=1):
        assert f'href="{url("roster", session_day)}"' in html
        assert uk("Day %(number)s", number=number) in html
    assert f'href="{url("roster", day)}" aria-current="date"' in html
    assert html.index(taught_session.title) < html.index(uk("Past sessions")) < html.index("Минула сесія")
    assert not any(f'href="{url("roster", d)}"' in html for d in other.days.all())


def test_my_sessions_shows_every_session_to_coordinators(client, taught_session):
    other = TrainingSessionFactory(trainers=[TrainerFactory()], title="Чужа сесія")
    cancelled = TrainingSessionFactory(title="Скасована сесія", status="cancelled")
    client.force_login(CoordinatorFactory())

    response = client.get(reverse("trainer_sessions"))

    assert response.status_code == 200
    html = text(response)
    assert taught_session.title in html and other.title in html
    assert cancelled.title not in html
    assert f'href="{url("attendance_history", other)}"' in html


def test_my_sessions_explains_when_there_is_nothing(client):
    client.force_login(ParticipantFactory())

    response = client.get(reverse("trainer_sessions"))

    assert response.status_code == 200
    assert uk("You have no current or upcoming sessions. Coordinators add trainers to a session in the admin.") \
        in text(response)
