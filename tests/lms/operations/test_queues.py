"""Task queues (settings.TASK_QUEUES): every task of ours names its queue; an email never waits behind indexing or a
bulk run, because an "emails" worker takes only emails; a retry goes back to the queue it came from."""

import ast
import smtplib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks_db.models import DBTaskResult
from wagtail.images.tasks import set_image_focal_point_task
from wagtail.models import Page
from wagtail.tasks import delete_file_from_storage_task, update_reference_index_task

from certificates.tasks import award_certificates_task, run_issuing_batch
from enrollments.background.models import BackgroundJob, JobStatus
from enrollments.background.services import queue_job, try_again
from enrollments.mail import queue_email, send_email, send_email_then_forget_recipient
from lms.reports.tasks import write_participant_export
from tests.enrollments.background_work import DATABASE_TASKS, run_worker

OUR_APPS = ("content", "courses", "enrollments", "certificates", "lms")
pytestmark = pytest.mark.django_db

QUEUE_OF = {
    send_email: "emails",
    send_email_then_forget_recipient: "emails",
    award_certificates_task: "bulk",
    run_issuing_batch: "bulk",
    write_participant_export: "bulk",
}


def declared_tasks() -> dict[str, ast.expr | None]:
    """Every `@task(...)` function in our code, by its dotted path, with the `queue_name=` it passes (or None)."""
    found = {}
    for app in OUR_APPS:
        for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py")):
            module = ".".join(path.relative_to(settings.BASE_DIR).with_suffix("").parts)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for decorator in node.decorator_list:
                    call = decorator if isinstance(decorator, ast.Call) else None
                    name = call.func if call else decorator
                    if getattr(name, "id", getattr(name, "attr", None)) == "task":
                        keywords = {keyword.arg: keyword.value for keyword in (call.keywords if call else [])}
                        found[f"{module}.{node.name}"] = keywords.get("queue_name")
    return found


def test_every_task_of_ours_names_one_of_the_settings_queues():
    declared = declared_tasks()

    assert declared.keys() == {task.module_path for task in QUEUE_OF}, "a new task: give it a queue here"
    for path, queue in declared.items():
        assert isinstance(queue, ast.Constant), f"{path} does not name its queue (queue_name=...)"
        assert queue.value in settings.TASK_QUEUES, f"{path}: queue {queue.value!r} is not in TASK_QUEUES"


@pytest.mark.parametrize(("task", "queue"), QUEUE_OF.items(), ids=lambda value: getattr(value, "name", value))
def test_each_task_runs_on_its_queue(task, queue):
    assert task.queue_name == queue
    assert queue in settings.TASK_QUEUES


def test_wagtails_own_tasks_go_to_the_default_queue():
    for task in (update_reference_index_task, delete_file_from_storage_task, set_image_focal_point_task):
        assert task.queue_name == "default"
    assert "default" in settings.TASK_QUEUES
    assert settings.TASKS["default"]["QUEUES"] == settings.TASK_QUEUES


# --- The database backend, as production runs it -------------------------------------------------------------

@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def indexing_waits(count: int) -> None:
    """`count` reference-index updates waiting on the "default" queue, as saving pages in bulk leaves them."""
    root = Page.objects.get(depth=1)
    for _ in range(count):
        update_reference_index_task.enqueue("wagtailcore", "page", root.pk)


def waiting_by_queue() -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for queue, status in DBTaskResult.objects.values_list("queue_name", "status"):
        counts[queue, status] = counts.get((queue, status), 0) + 1
    return counts


def reminder() -> None:
    queue_email(subject="Нагадування про тренінг", body="Тренінг починається завтра о 09:30.",
                to=["olena.kovalenko@example.org"], after_commit=False)


def test_an_emails_worker_sends_the_email_while_200_indexing_tasks_wait(database_tasks, mailoutbox):
    indexing_waits(200)
    reminder()

    run_worker("emails")

    assert [message.subject for message in mailoutbox] == ["Нагадування про тренінг"]
    assert waiting_by_queue() == {("default", "READY"): 200, ("emails", "SUCCESSFUL"): 1}


def test_one_worker_for_every_queue_would_index_first(database_tasks, mailoutbox):
    """Why the emails have a queue and a worker of their own: one queue is first come, first served."""
    indexing_waits(3)
    reminder()

    run_worker("*", max_tasks=1)

    assert mailoutbox == []
    assert waiting_by_queue() == {("default", "SUCCESSFUL"): 1, ("default", "READY"): 2, ("emails", "READY"): 1}


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_refused_email_is_tried_again_on_the_emails_queue(database_tasks, settings,
                                                           django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.lms.operations.test_queues.RefusingBackend"
    reminder()

    run_worker("emails")

    [retry] = DBTaskResult.objects.filter(status="READY")
    assert retry.queue_name == "emails" and retry.task_path == send_email.module_path

    # Given up, then a coordinator's "Try again": the emails queue again.
    DBTaskResult.objects.all().delete()
    job_id = retry.args_kwargs["kwargs"]["job_id"]
    BackgroundJob.objects.filter(pk=job_id).update(status=JobStatus.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        assert try_again(job_id=job_id, by=None)
    assert list(DBTaskResult.objects.values_list("queue_name", "status")) == [("emails", "READY")]


@pytest.mark.parametrize(("task", "arguments"), [
    (award_certificates_task, {"enrollment_ids": []}),
    (run_issuing_batch, {"batch_id": 0}),
    (write_participant_export, {"export_id": 0, "language": "uk"}),
], ids=lambda value: getattr(value, "name", ""))
def test_recorded_work_is_handed_to_its_tasks_queue(database_tasks, task, arguments,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_job(task=task, arguments=arguments)

    assert list(DBTaskResult.objects.values_list("queue_name", "task_path")) == [("bulk", task.module_path)]
