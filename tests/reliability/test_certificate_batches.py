"""Promise: a session's certificate run leaves exactly one certificate per person, however it is run.

A coordinator's bulk run (`certificates.tasks.start_issuing_batch` → `services.run_batch`, progress on an
`IssuingBatch`) may be started twice, may fail midway on a database error, may lose its worker midway (the process
is killed: nothing after that instant runs, not even the error handling), or may run beside another run for the same
session. Whatever happens, once the work has been tried again:
- every eligible place holds exactly one valid certificate of the kind, and nobody else holds one;
- the run's row tells the truth: done, every place checked, as many issued as were new.

Pass criterion: the certificates per place and the run's status and counts after each of those histories. The tests
with simultaneous runs need PostgreSQL (real row locks); the rest run on both databases.
"""

import os
import signal
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.utils import timezone

from certificates import services, tasks
from certificates.models import BatchStatus, Certificate, IssuingBatch
from enrollments.background.services import hand_over_due_jobs, record_job, recover_stuck_jobs
from enrollments.models import BackgroundJob, JobStatus
from tests.certificates.factories import CertificateRuleFactory
from tests.courses.factories import build_tree
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, TrainingSessionFactory, attended_every_day
from tests.enrollments.threads import raised, run_together
from tests.factories import CoordinatorFactory

EARNED, MISSED = 6, 2  # places that earned the certificate, places that missed a day
KILLED_AFTER = 3  # certificates issued before the worker dies


class WorkerKilled(BaseException):  # noqa: N818 - it stands for a signal, not an error
    """The process ends here (SIGKILL, out of memory, a redeploy): no `except Exception` anywhere gets to run."""


def a_session() -> dict:
    """A three-day session: EARNED places attended every day, MISSED places missed one."""
    course = build_tree(modules=0).course
    session = TrainingSessionFactory(course=course, capacity=EARNED + MISSED)
    CertificateRuleFactory(course=course)
    earned = [EnrollmentFactory(session=session, user=ProfileFactory(full_name=f"Учасниця {i}").user)
              for i in range(EARNED)]
    missed = [EnrollmentFactory(session=session, user=ProfileFactory(full_name=f"Учасник {i}").user)
              for i in range(MISSED)]
    for enrollment in earned:
        attended_every_day(enrollment)
    for enrollment in missed:
        attended_every_day(enrollment)
        enrollment.attendance.order_by("day__date").first().delete()
    return {"session": session, "earned": earned, "missed": missed}


def assert_one_certificate_per_earned_place(world: dict) -> None:
    held = Counter(Certificate.objects.filter(status="valid").values_list("enrollment_id", "kind"))
    assert held == {(e.pk, "completion"): 1 for e in world["earned"]}, held


def assert_truthful(batch: IssuingBatch, *, issued: int, already_had: int = 0) -> None:
    batch.refresh_from_db()
    assert (batch.status, batch.error, batch.finished_at is not None) == (BatchStatus.DONE, "", True)
    assert (batch.total, batch.processed) == (EARNED + MISSED, EARNED + MISSED)
    assert (batch.issued, batch.already_had, batch.not_eligible) == (issued, already_had, MISSED)


def batch_job() -> BackgroundJob:
    """The run's own job (issuing also queues the holders' emails as jobs of their own)."""
    return BackgroundJob.objects.get(task_path=tasks.run_issuing_batch.module_path)


def award_failing_after(count: int, error: BaseException, monkeypatch) -> list:
    """From the (count+1)-th place on, the award does its writes and then `error` is raised inside its transaction:
    the failure strikes in the middle of a place, not between two."""
    real, calls = services.award_certificates, []

    def award(**kwargs):
        result = real(**kwargs)
        calls.append(kwargs["enrollment_id"])
        if len(calls) > count:
            raise error
        return result

    monkeypatch.setattr(services, "award_certificates", award)
    return calls


# --- run twice, fail midway, die midway (both databases) ---------------------------------------------------------

@pytest.mark.django_db
def test_a_run_started_twice_issues_one_certificate_per_person(django_capture_on_commit_callbacks):
    world, coordinator = a_session(), CoordinatorFactory()

    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.start_issuing_batch(session=world["session"], by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        again = tasks.start_issuing_batch(session=world["session"], by=coordinator)
    services.run_batch(batch_id=first.pk)  # a worker handed the first run once more does nothing

    assert again != first  # the first was done: the second is a run of its own
    assert_one_certificate_per_earned_place(world)
    assert_truthful(first, issued=EARNED)
    assert_truthful(again, issued=0, already_had=EARNED)


@pytest.mark.django_db
def test_a_run_failing_midway_and_tried_again_issues_one_certificate_per_person(
        monkeypatch, django_capture_on_commit_callbacks):
    world = a_session()
    award_failing_after(KILLED_AFTER, OperationalError("injected: could not serialize access"), monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        batch = tasks.start_issuing_batch(session=world["session"], by=CoordinatorFactory())

    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED
    assert f"{EARNED + MISSED - KILLED_AFTER} of {EARNED + MISSED} could not be checked" in batch.error
    assert Certificate.objects.count() == KILLED_AFTER  # a place that failed keeps nothing of its award
    job = batch_job()
    assert job.status == JobStatus.RETRYING

    monkeypatch.undo()
    hand_over_due_jobs(now=job.next_try_at + timedelta(seconds=1))

    assert_one_certificate_per_earned_place(world)
    assert_truthful(batch, issued=EARNED - KILLED_AFTER, already_had=KILLED_AFTER)
    assert batch_job().status == JobStatus.DONE


@pytest.mark.django_db
def test_a_run_whose_worker_dies_midway_is_picked_up_again_and_issues_one_certificate_per_person(
        monkeypatch, django_capture_on_commit_callbacks):
    world = a_session()
    award_failing_after(KILLED_AFTER, WorkerKilled(), monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        batch = tasks.start_issuing_batch(session=world["session"], by=CoordinatorFactory())

    batch.refresh_from_db()
    assert batch.status == BatchStatus.RUNNING  # as the dead worker left it
    assert Certificate.objects.count() == KILLED_AFTER

    # The worker is restarted; the scheduled `retry_due_jobs` finds the try that never ended and tries it again.
    monkeypatch.undo()
    later = timezone.now() + timedelta(hours=2)
    assert recover_stuck_jobs(now=later).done == 1
    hand_over_due_jobs(now=later + timedelta(days=1))

    assert_one_certificate_per_earned_place(world)
    assert_truthful(batch, issued=EARNED - KILLED_AFTER, already_had=KILLED_AFTER)
    assert batch_job().status == JobStatus.DONE


# --- a real process killed midway, and simultaneous runs (PostgreSQL) ---------------------------------------------

WORKER = """
import os, signal, sys
import django
django.setup()
from certificates import services
real, calls = services.award_certificates, []
def award(**kwargs):
    result = real(**kwargs)
    calls.append(1)
    if len(calls) > {killed_after}:
        os.kill(os.getpid(), signal.SIGKILL)  # in the middle of a place's transaction
    return result
services.award_certificates = award
from certificates import tasks
tasks.run_issuing_batch.call(job_id={job_id})
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("postgresql")
def test_a_worker_process_killed_midway_leaves_no_half_place_and_the_retry_completes_the_run():
    world = a_session()
    batch, _created = services.open_issuing_batch(session=world["session"], by=CoordinatorFactory())
    job = record_job(task=tasks.run_issuing_batch, arguments={"batch_id": batch.pk})
    database = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "lms.settings.test"),
           "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"}

    worker = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", textwrap.dedent(WORKER.format(killed_after=KILLED_AFTER, job_id=job.pk))],
        cwd=Path(settings.BASE_DIR), env=env, capture_output=True, text=True, timeout=120, check=False)

    assert worker.returncode == -signal.SIGKILL, worker.stderr[-2000:]
    batch.refresh_from_db()
    assert batch.status == BatchStatus.RUNNING
    assert Certificate.objects.count() == KILLED_AFTER  # the place being awarded when it died kept nothing

    later = timezone.now() + timedelta(hours=2)
    assert recover_stuck_jobs(now=later).done == 1
    hand_over_due_jobs(now=later + timedelta(days=1))

    assert_one_certificate_per_earned_place(world)
    assert_truthful(batch, issued=EARNED - KILLED_AFTER, already_had=KILLED_AFTER)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("postgresql")
def test_runs_started_at_the_same_time_for_one_session_issue_one_certificate_per_person():
    world, coordinators = a_session(), CoordinatorFactory.create_batch(3)

    results = run_together([lambda c=c: tasks.start_issuing_batch(session=world["session"], by=c)
                            for c in coordinators])

    assert raised(results) == []
    assert len({batch.pk for batch in results}) == 1  # one run, started once
    assert IssuingBatch.objects.count() == 1
    assert_one_certificate_per_earned_place(world)
    assert_truthful(results[0], issued=EARNED)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("postgresql")
def test_two_runs_of_one_session_going_at_the_same_time_issue_one_certificate_per_person():
    world, coordinator = a_session(), CoordinatorFactory()
    batches = [IssuingBatch.objects.create(session=world["session"], requested_by=coordinator) for _ in range(2)]

    results = run_together([lambda b=b: services.run_batch(batch_id=b.pk) for b in batches]
                           + [lambda b=b: services.run_batch(batch_id=b.pk) for b in batches])

    assert raised(results) == []
    assert_one_certificate_per_earned_place(world)
    for batch in batches:
        batch.refresh_from_db()
        assert (batch.status, batch.processed, batch.not_eligible) == (BatchStatus.DONE, EARNED + MISSED, MISSED)
        assert batch.issued + batch.already_had == EARNED
    assert sum(batch.issued for batch in batches) == EARNED
