"""Background tasks (certificates/tasks.py): starting a bulk run opens it once and queues it after the commit;
an unfinished run is reused, a finished one is not, and the queued run issues in the task. A try that fails is
tried again when due (a failed bulk run is picked up again), and what failed for good is listed for coordinators
with whom it was for."""

import pytest
from django.db import OperationalError

from certificates import services, tasks
from certificates.models import BatchStatus, Certificate, IssuingBatch
from enrollments.background.services import hand_over_due_jobs
from enrollments.models import BackgroundJob, JobStatus
from tests.certificates.factories import CertificateRuleFactory
from tests.enrollments.factories import FailedJobFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db


def test_a_running_run_is_reused_and_not_queued_again(crowd, coordinator, django_capture_on_commit_callbacks):
    running = IssuingBatch.objects.create(session=crowd["earned"].session, requested_by=coordinator,
                                          status=BatchStatus.RUNNING)

    with django_capture_on_commit_callbacks() as queued:
        batch = tasks.start_issuing_batch(session=running.session, by=coordinator)

    assert batch == running and IssuingBatch.objects.count() == 1
    assert queued == []


def test_starting_a_run_queues_it_once_and_reuses_an_unfinished_one(crowd, coordinator,
                                                                     django_capture_on_commit_callbacks):
    session = crowd["earned"].session

    with django_capture_on_commit_callbacks() as queued:
        first = tasks.start_issuing_batch(session=session, by=coordinator)
        second = tasks.start_issuing_batch(session=session, by=None)

    assert second == first and IssuingBatch.objects.count() == 1
    assert (first.status, first.total, first.requested_by) == (BatchStatus.QUEUED, 3, coordinator)
    assert len(queued) == 1


def test_a_started_run_issues_in_the_task_and_a_finished_one_is_not_reused(crowd, coordinator,
                                                                          django_capture_on_commit_callbacks):
    session = crowd["earned"].session

    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.start_issuing_batch(session=session, by=coordinator)
    first.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        second = tasks.start_issuing_batch(session=session, by=coordinator)
    second.refresh_from_db()

    assert (first.status, first.issued, first.already_had, first.not_eligible) == (BatchStatus.DONE, 1, 1, 1)
    assert second != first
    assert (second.status, second.issued, second.already_had) == (BatchStatus.DONE, 0, 2)


# --- When a try fails: tried again later, listed for coordinators once given up ---------------------------------

def test_an_award_that_fails_is_tried_again_when_due_and_then_issues(place, django_capture_on_commit_callbacks,
                                                                     monkeypatch):
    CertificateRuleFactory(course=place.session.course)
    real_award = services.award_certificates
    monkeypatch.setattr(services, "award_certificates", lambda **kwargs: (_ for _ in ()).throw(OperationalError(
        "database is locked")))

    with django_capture_on_commit_callbacks(execute=True):
        job = tasks.queue_award(enrollment_ids=[place.pk])

    job.refresh_from_db()
    assert (job.status, job.tries, job.last_error) == (JobStatus.RETRYING, 1, "OperationalError: database is locked")
    assert not Certificate.objects.exists()

    monkeypatch.setattr(services, "award_certificates", real_award)
    assert hand_over_due_jobs(now=job.next_try_at).done == 1

    job.refresh_from_db()
    assert (job.status, job.tries) == (JobStatus.DONE, 2)
    assert Certificate.objects.get().enrollment == place


def test_an_award_goes_on_past_a_place_that_cannot_be_checked_and_is_tried_again(crowd, monkeypatch,
                                                                                 django_capture_on_commit_callbacks):
    real_award, bad = services.award_certificates, crowd["absent"].pk

    def award(**kwargs):
        if kwargs["enrollment_id"] == bad:
            raise RuntimeError("a place no one expected")
        return real_award(**kwargs)

    monkeypatch.setattr(services, "award_certificates", award)

    with django_capture_on_commit_callbacks(execute=True):
        job = tasks.queue_award(enrollment_ids=[bad, crowd["earned"].pk])

    job.refresh_from_db()
    assert (job.status, job.last_error) == (JobStatus.RETRYING, "RuntimeError: a place no one expected")
    assert Certificate.objects.filter(enrollment=crowd["earned"]).exists()  # the place after it was still checked


def test_a_bulk_run_that_fails_is_picked_up_again_by_its_next_try(crowd, coordinator,
                                                                   django_capture_on_commit_callbacks, monkeypatch):
    real_award = services.award_certificates
    calls = []

    def award_failing_once(**kwargs):
        calls.append(kwargs["enrollment_id"])
        if len(calls) == 2:
            raise OperationalError("server closed the connection unexpectedly")
        return real_award(**kwargs)

    monkeypatch.setattr(services, "award_certificates", award_failing_once)
    with django_capture_on_commit_callbacks(execute=True):
        batch = tasks.start_issuing_batch(session=crowd["earned"].session, by=coordinator)

    batch.refresh_from_db()
    job = BackgroundJob.objects.get(task_path="certificates.tasks.run_issuing_batch")
    assert (batch.status, job.status) == (BatchStatus.FAILED, JobStatus.RETRYING)
    assert "server closed the connection" in batch.error

    hand_over_due_jobs(now=job.next_try_at)

    batch.refresh_from_db()
    job.refresh_from_db()
    assert (batch.status, batch.error, batch.processed) == (BatchStatus.DONE, "", 3)
    # The first try issued Юрій's certificate before it failed: the second finds it, and issues nothing twice.
    assert (batch.issued, batch.already_had, batch.not_eligible) == (0, 2, 1)
    assert Certificate.objects.filter(enrollment=crowd["earned"]).count() == 1
    assert (job.status, job.tries) == (JobStatus.DONE, 2)


def test_a_failed_run_replaced_by_a_newer_one_is_left_as_it_is(crowd, coordinator):
    session = crowd["earned"].session
    failed = IssuingBatch.objects.create(session=session, requested_by=coordinator, status=BatchStatus.FAILED,
                                         error="boom")
    IssuingBatch.objects.create(session=session, requested_by=coordinator)

    assert services.reopen_failed_batch(batch_id=failed.pk) is False

    failed.refresh_from_db()
    assert (failed.status, failed.error) == (BatchStatus.FAILED, "boom")


def test_certificate_work_that_failed_for_good_is_listed_with_whom_it_was_for(admin, crowd):
    award = FailedJobFactory(task_path="certificates.tasks.award_certificates_task",
                             arguments={"enrollment_ids": [crowd["earned"].pk, crowd["absent"].pk]},
                             last_error="OperationalError: database is locked")
    batch = IssuingBatch.objects.create(session=crowd["earned"].session, status=BatchStatus.FAILED)
    FailedJobFactory(task_path="certificates.tasks.run_issuing_batch", arguments={"batch_id": batch.pk})

    response = admin.get("/admin/background/failed/")

    assert response.status_code == 200
    html = text(response)
    assert uk("Issue the certificates earned") in html
    assert "Юрій Зінченко (Ведення випадку — Дніпро), Олександра Щербак (Ведення випадку — Дніпро)" in html
    assert "OperationalError: database is locked" in html
    assert uk("Issue a session's certificates") in html
    assert f'action="/admin/background/failed/{award.pk}/try-again/"' in html
