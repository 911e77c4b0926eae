"""The daily reminder: everyone enrolled on a session starting tomorrow is emailed once."""

from datetime import date, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import ModelLogEntry

from enrollments.models import EnrollmentStatus, SessionStatus
from enrollments.services import REMINDERS_LOG_ACTION, send_session_reminders
from tests.enrollments.factories import EnrollmentFactory, SessionDayFactory, TrainingSessionFactory
from tests.helpers import uk

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 13)
TOMORROW = TODAY + timedelta(days=1)


def starting(first_day: date, *, days: int = 3, **fields):
    session = TrainingSessionFactory(days=0, **fields)
    for offset in range(days):
        SessionDayFactory(session=session, date=first_day + timedelta(days=offset), starts_at=time(9, 30),
                          ends_at=time(17))
    return session


def subject(session) -> str:
    return "[Hromada LMS] " + uk("See you tomorrow: %(title)s", title=session.title)


def run(today: date | None = None, *args: str) -> str:
    out = StringIO()
    options = ["--date", today.isoformat()] if today else []
    call_command("send_session_reminders", *options, *args, stdout=out)
    return out.getvalue()


def test_only_people_enrolled_on_sessions_starting_tomorrow_are_reminded(mailoutbox, committed):
    session = starting(TOMORROW, title="Тренінг, що починається завтра")
    reminded = [EnrollmentFactory(session=session) for _ in range(2)]
    for status in (EnrollmentStatus.WAITLISTED, EnrollmentStatus.PENDING, EnrollmentStatus.CANCELLED):
        EnrollmentFactory(session=session, status=status)
    EnrollmentFactory(session=starting(TODAY, title="Почався сьогодні"))  # its day 2 is tomorrow
    EnrollmentFactory(session=starting(TODAY + timedelta(days=2), title="Післязавтра"))
    EnrollmentFactory(session=starting(TOMORROW, title="Скасований", status=SessionStatus.CANCELLED))

    with committed():
        output = run(TODAY)

    assert sorted((m.to[0], m.subject) for m in mailoutbox) == sorted(
        (enrollment.user.email, subject(session)) for enrollment in reminded)
    body = mailoutbox[0].body
    assert uk("A reminder that your training starts tomorrow.") in body
    assert f"/uk/learning/sessions/{session.pk}/" in body
    assert output == "Queued 2 reminder(s) for sessions starting on 2025-03-14.\n"


def test_a_second_run_sends_nothing(mailoutbox, committed):
    session = starting(TOMORROW)
    EnrollmentFactory(session=session)
    with committed():
        run(TODAY)

    with committed():
        output = run(TODAY)

    assert len(mailoutbox) == 1
    assert output == "Queued 0 reminder(s) for sessions starting on 2025-03-14.\n"
    [entry] = ModelLogEntry.objects.for_instance(session).filter(action=REMINDERS_LOG_ACTION)
    assert entry.data == {"day_id": session.days.order_by("date").first().pk, "date": "2025-03-14", "sent": 1}


def test_a_moved_first_day_is_reminded_again(mailoutbox, committed):
    session = starting(TOMORROW, days=1)
    EnrollmentFactory(session=session)
    with committed():
        run(TODAY)
    first = session.days.order_by("date").first()
    first.date = TOMORROW + timedelta(days=7)
    first.save()

    with committed():
        sent = send_session_reminders(today=TODAY + timedelta(days=7))

    assert sent.done == 1
    assert len(mailoutbox) == 2


def test_someone_enrolled_after_the_run_is_not_reminded_by_a_second_run(mailoutbox, committed):
    """Once per session and first day: a late enrollment already received its confirmation with the dates."""
    session = starting(TOMORROW)
    EnrollmentFactory(session=session)
    with committed():
        run(TODAY)
    EnrollmentFactory(session=session)

    with committed():
        assert send_session_reminders(today=TODAY).done == 0

    assert len(mailoutbox) == 1


def test_without_a_date_the_command_uses_today_in_kyiv(mailoutbox, committed, settings):
    from django.utils import timezone

    session = starting(timezone.localdate() + timedelta(days=1))
    EnrollmentFactory(session=session)

    with committed():
        output = run()

    assert settings.TIME_ZONE == "Europe/Kyiv"
    assert len(mailoutbox) == 1
    assert output.startswith("Queued 1 reminder(s)")


def test_a_bad_date_is_a_clear_error(mailoutbox):
    with pytest.raises(CommandError, match="--date must be a date like 2025-03-14, not '14.03.2025'"):
        call_command("send_session_reminders", "--date", "14.03.2025", stdout=StringIO())

    assert mailoutbox == []


def test_the_help_says_how_to_schedule_it():
    from enrollments.management.commands.send_session_reminders import Command

    assert "once a day from cron or a systemd timer" in Command.help


def test_nothing_is_recorded_for_a_day_without_sessions(committed):
    with committed():
        assert send_session_reminders(today=TODAY).done == 0

    assert not ModelLogEntry.objects.filter(action=REMINDERS_LOG_ACTION).exists()


def test_a_session_that_cannot_be_reminded_is_skipped_and_the_others_are_reminded(mailoutbox, committed, monkeypatch,
                                                                               caplog):
    from enrollments import emails

    broken, fine = starting(TOMORROW, title="Зламаний"), starting(TOMORROW, title="Звичайний")
    EnrollmentFactory(session=broken)
    reminded = EnrollmentFactory(session=fine)
    notify = emails.notify_enrollment

    def notify_or_fail(enrollment, *args, **kwargs):
        if enrollment.session_id == broken.pk:
            raise RuntimeError("a session no one expected")
        return notify(enrollment, *args, **kwargs)

    monkeypatch.setattr(emails, "notify_enrollment", notify_or_fail)
    out = StringIO()
    skipped = rf"Skipped 1 session\(s\) that could not be handled \({broken.pk}\)"

    with committed(), pytest.raises(CommandError, match=skipped):
        call_command("send_session_reminders", "--date", TODAY.isoformat(), stdout=out)

    assert out.getvalue() == "Queued 1 reminder(s) for sessions starting on 2025-03-14.\n"
    assert [m.to[0] for m in mailoutbox] == [reminded.user.email]
    assert not ModelLogEntry.objects.for_instance(broken).filter(action=REMINDERS_LOG_ACTION).exists()
    assert f"Skipped session {broken.pk}" in caplog.text and "RuntimeError: a session no one expected" in caplog.text
