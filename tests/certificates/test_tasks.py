"""Background tasks (certificates/tasks.py): starting a bulk run opens it once and queues it after the commit;
an unfinished run is reused, a finished one is not, and the queued run issues in the task."""

import pytest

from certificates import tasks
from certificates.models import BatchStatus, IssuingBatch

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
