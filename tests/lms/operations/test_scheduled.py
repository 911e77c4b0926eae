"""Scheduled jobs (lms/operations/scheduled.py): `run_scheduled` runs only commands on its list, one process at a
time across machines (a PostgreSQL advisory lock, else a cache key), skips with exit 0 when another has the job, and
lets go of the lock however the job ends; each scheduled job is idempotent, so a second run does nothing twice."""

import threading
import time
from datetime import date, timedelta
from functools import partial
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.db import connection, connections
from django.utils import timezone

from enrollments.background.models import BackgroundJob, JobStatus
from enrollments.models import QuizAttempt
from enrollments.quizzes import services as quizzes
from lms.operations import scheduled
from lms.reports.models import ExportJob, ExportStatus
from tests.courses.factories import add_quiz
from tests.enrollments.factories import (
    EnrollmentFactory,
    OutgoingEmailFactory,
    SessionDayFactory,
    TrainingSessionFactory,
)
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

JOIN_TIMEOUT = 30  # seconds; a lock that is never released fails the test instead of hanging CI


@pytest.fixture
def postgresql():
    """Skips a test off PostgreSQL: the lock between machines is its advisory lock. Decided at run time: the settings
    (DATABASE_URL) choose the database."""
    if connection.vendor != "postgresql":
        pytest.skip("Advisory locks are PostgreSQL's; elsewhere run_scheduled falls back to a cache key.")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the on-commit callbacks (the email queue) as a real commit would."""
    return partial(django_capture_on_commit_callbacks, execute=True)


def run_scheduled(*args: str) -> str:
    out = StringIO()
    call_command("run_scheduled", *args, stdout=out)
    return out.getvalue()


def old_export(*, days: int, name: str = "participants.csv") -> ExportJob:
    export = ExportJob.objects.create(file_format="csv", status=ExportStatus.DONE)
    export.file.save(name, ContentFile(b"\xef\xbb\xbfpseudonym,oblast\r\n"), save=True)
    ExportJob.objects.filter(pk=export.pk).update(created_at=timezone.now() - timedelta(days=days))
    return export


# --- The list and the lock ------------------------------------------------------------------------------------

def test_every_schedulable_command_exists():
    assert set(scheduled.SCHEDULABLE) <= set(get_commands())


def test_a_command_off_the_list_is_refused():
    with pytest.raises(CommandError, match="invalid choice: 'flush'"):
        run_scheduled("flush", "--no-input")
    with pytest.raises(scheduled.NotSchedulable):
        scheduled.run_scheduled("flush")


def test_the_job_runs_with_its_arguments(settings):
    kept, gone = old_export(days=2), old_export(days=4)

    output = run_scheduled("prune_report_exports", "--days", "3")

    assert output == "Deleted 1 participant export(s) older than 3 day(s).\n"
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not gone.file.storage.exists(gone.file.name)


def test_while_another_process_runs_the_job_it_is_skipped_and_exits_0():
    export = old_export(days=30)

    # Another connection (PostgreSQL) or the shared cache (elsewhere) holds the job's lock.
    with scheduled.exclusive(scheduled.lock_name("prune_report_exports"), ttl=timedelta(minutes=5)) as held:
        assert held
        output = run_scheduled("prune_report_exports")

    assert output == "prune_report_exports: already running elsewhere; nothing done.\n"
    assert ExportJob.objects.filter(pk=export.pk).exists()
    assert run_scheduled("prune_report_exports").startswith("Deleted 1 ")  # released: the next run runs


def test_a_job_that_fails_lets_go_of_the_lock():
    with pytest.raises(CommandError, match="at least 1 day"):
        run_scheduled("prune_report_exports", "--days", "0")

    assert run_scheduled("prune_report_exports").startswith("Deleted 0 ")


def test_the_cache_lock_is_one_holder_at_a_time_and_never_deletes_anothers():
    ttl = timedelta(minutes=5)
    with scheduled._cache_lock("job", ttl=ttl) as first, scheduled._cache_lock("job", ttl=ttl) as second:
        assert (first, second) == (True, False)
    with scheduled._cache_lock("job", ttl=ttl) as again:
        assert again

    with scheduled._cache_lock("job", ttl=ttl) as held:
        assert held
        # Ours expired meanwhile and another run took it: leaving must not delete that one's key.
        scheduled.cache.set(scheduled.CACHE_KEY_PREFIX + "job", "another run's", timeout=60)
    assert scheduled.cache.get(scheduled.CACHE_KEY_PREFIX + "job") == "another run's"


@pytest.mark.usefixtures("postgresql")
def test_two_machines_running_the_same_timer_at_once_run_the_job_once(monkeypatch):
    """Each thread is a machine: its own connections, so its own advisory-lock session."""
    ran, release = [], threading.Event()

    def slow_job(command, *args, **options):
        ran.append(command)
        release.wait(JOIN_TIMEOUT)

    monkeypatch.setattr(scheduled, "call_command", slow_job)
    results: list = [None, None]
    start = threading.Barrier(2, timeout=JOIN_TIMEOUT)

    def machine(index: int) -> None:
        try:
            start.wait()
            results[index] = scheduled.run_scheduled("close_overdue_quiz_attempts")
        except BaseException as error:  # noqa: BLE001 - reported below
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=machine, args=(index,), daemon=True) for index in range(2)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + JOIN_TIMEOUT
    while False not in results and time.monotonic() < deadline:  # the second machine gives up while the first runs
        time.sleep(0.01)
    release.set()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)

    assert sorted(results, key=str) == [False, True]
    assert ran == ["close_overdue_quiz_attempts"]
    assert scheduled.run_scheduled("close_overdue_quiz_attempts") is True  # and the lock is free again


@pytest.mark.usefixtures("postgresql")
def test_the_advisory_lock_is_held_on_a_connection_of_its_own(monkeypatch):
    """Not the job's connection, which the job may close or roll back (and the lock with it)."""
    seen = []

    def job_that_looks_at_the_lock(command, *args, **options):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = %s::oid "
                           "AND objid = hashtext(%s)::oid AND objsubid = 2",
                           [scheduled.LOCK_SPACE, scheduled.lock_name(command)])
            holders = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT pg_backend_pid()")
            seen.append((len(holders), cursor.fetchone()[0] in holders))

    monkeypatch.setattr(scheduled, "call_command", job_that_looks_at_the_lock)

    assert scheduled.run_scheduled("retry_due_jobs") is True
    assert seen == [(1, False)]


# --- Each scheduled job is idempotent ---------------------------------------------------------------------------

TODAY = date(2025, 3, 13)


def test_session_reminders_twice_send_each_reminder_once(mailoutbox, committed):
    session = TrainingSessionFactory(days=0, title="Кризове консультування — Полтава")
    SessionDayFactory(session=session, date=TODAY + timedelta(days=1))
    people = [EnrollmentFactory(session=session).user.email for _ in range(3)]

    for _ in range(2):
        with committed():
            run_scheduled("send_session_reminders", "--date", TODAY.isoformat())

    assert sorted(message.to[0] for message in mailoutbox) == sorted(people)


def test_closing_overdue_attempts_twice_closes_each_once(tree):
    timed = add_quiz(tree.modules[0], slug="timed", time_limit_minutes=10)
    attempt = quizzes.start_attempt(quiz=timed, user=ParticipantFactory(), now=timezone.now() - timedelta(hours=1))

    first = run_scheduled("close_overdue_quiz_attempts")
    closed_at = QuizAttempt.objects.get(pk=attempt.pk).submitted_at
    second = run_scheduled("close_overdue_quiz_attempts")

    assert (first, second) == ("Submitted 1 overdue quiz attempt(s).\n", "Submitted 0 overdue quiz attempt(s).\n")
    assert closed_at is not None and QuizAttempt.objects.get(pk=attempt.pk).submitted_at == closed_at


def test_a_due_retry_handed_over_twice_sends_the_email_once(mailoutbox):
    email = OutgoingEmailFactory(job__status=JobStatus.RETRYING, job__tries=1, job__finished_at=None,
                                 job__next_try_at=timezone.now() - timedelta(minutes=1))

    run_scheduled("retry_due_jobs")
    run_scheduled("retry_due_jobs")

    assert [message.subject for message in mailoutbox] == [email.subject]
    assert BackgroundJob.objects.get(pk=email.pk).status == JobStatus.DONE


def test_pruning_exports_twice_deletes_each_once_and_keeps_the_recent(settings):
    settings.REPORTS_EXPORT_DAYS = 7
    recent, old = old_export(days=6, name="recent.csv"), old_export(days=8, name="old.csv")
    never_written = ExportJob.objects.create(file_format="xlsx", status=ExportStatus.FAILED)
    ExportJob.objects.filter(pk=never_written.pk).update(created_at=timezone.now() - timedelta(days=30))

    outputs = [run_scheduled("prune_report_exports") for _ in range(2)]

    assert outputs == ["Deleted 2 participant export(s) older than 7 day(s).\n",
                       "Deleted 0 participant export(s) older than 7 day(s).\n"]
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [recent.pk]
    assert recent.file.storage.exists(recent.file.name) and not old.file.storage.exists(old.file.name)


def test_an_export_whose_file_cannot_be_deleted_is_kept_for_the_next_run(monkeypatch):
    stuck, fine = old_export(days=8, name="stuck.csv"), old_export(days=9, name="fine.csv")
    real_delete = FileSystemStorage.delete  # the private storage of the tests: local disk

    def delete(self, name):
        if "stuck" in name:
            raise OSError("the bucket said 503 Slow Down")
        return real_delete(self, name)

    monkeypatch.setattr(FileSystemStorage, "delete", delete)

    with pytest.raises(CommandError, match=f"Skipped 1 participant export.*{stuck.pk}"):
        run_scheduled("prune_report_exports")

    assert list(ExportJob.objects.values_list("pk", flat=True)) == [stuck.pk]
    assert not fine.file.storage.exists(fine.file.name)
