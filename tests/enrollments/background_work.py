"""Background work as production runs it, in tests: a real SMTP server that accepts or refuses mail, the database
task backend's worker, and time passing for the retries it holds."""

from __future__ import annotations

import signal
import socket
from datetime import timedelta
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management import call_command
from django.db.models import F
from django_tasks_db.models import DBTaskResult

from enrollments.models import BackgroundJob, JobStatus

# Production's queues ("emails", "bulk", "default"): a task on a queue the backend does not list cannot be queued.
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}}

SERVICE_NOT_AVAILABLE = "421 4.3.2 Service not available, closing transmission channel"
MAILBOX_UNAVAILABLE = "550 5.7.1 Mailbox unavailable"


class MailServer:
    """An SMTP server on 127.0.0.1 (aiosmtpd, in a thread of its own) that accepts every message, or, while
    `refusal` is set, answers each recipient with it (e.g. "421 ..."); `stop()` closes its port."""

    def __init__(self) -> None:
        self.refusal: str | None = None
        self.messages: list[Message] = []
        self.port = free_port()
        self.running = False
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self) -> MailServer:
        self._controller.start()
        self.running = True
        return self

    def stop(self) -> None:
        if self.running:
            self._controller.stop()
            self.running = False

    # aiosmtpd's handler hooks
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refusal:
            return self.refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    """A port nobody listens on now (the system's pick of a free one)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_worker(queues: str = "*", *, max_tasks: int | None = None) -> None:
    """`manage.py db_worker --queue-name <queues> --batch [--max-tasks N]`: run every task that is due on these
    queues (comma-separated; "*" every queue), or the first `max_tasks` of them, then stop.

    Two things differ from production, both for the test's sake: the worker does not close the database
    connection between tasks (that would drop the test's transaction), and the signal handlers it installs are
    put back afterwards."""
    from django_tasks_db.management.commands import db_worker

    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    original = db_worker.close_old_connections
    db_worker.close_old_connections = lambda: None
    try:
        call_command("db_worker", queue_name=queues, max_tasks=max_tasks, batch=True, startup_delay=False,
                     reload=False, verbosity=0)
    finally:
        db_worker.close_old_connections = original
        for number, handler in handlers.items():
            signal.signal(number, handler)


def let_time_pass(delta: timedelta) -> None:
    """As if `delta` had passed: every waiting task and every job's next try comes that much closer."""
    DBTaskResult.objects.filter(status="READY").update(run_after=F("run_after") - delta)
    BackgroundJob.objects.filter(status=JobStatus.RETRYING).update(next_try_at=F("next_try_at") - delta)


def waiting_tasks() -> list[DBTaskResult]:
    """The tasks the database backend holds for later, soonest first."""
    return list(DBTaskResult.objects.filter(status="READY").order_by("run_after"))
