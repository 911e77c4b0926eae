"""Scheduled jobs that are safe when two machines run the same timer: `manage.py run_scheduled <command> [args]`.

Every app machine may carry the same systemd timers (deploy/systemd/) or cron file (deploy/cron/hromada-lms); each
run first takes a lock named after the command and, when another machine holds it, says so and exits 0. So a
job runs at most once at a time across the whole site, whichever machines are up.

- PostgreSQL: a session-level advisory lock, `pg_try_advisory_lock(LOCK_SPACE, hashtext(name))`, taken on a
  connection of its own that stays open while the command runs. The command's own queries, transactions and
  connection handling cannot release it; a killed process or a lost machine ends that connection, and the lock
  with it. (The two-key form lives apart from the one-key locks other code takes, and LOCK_SPACE apart from the
  report facts' REFRESH_LOCK.) It needs a direct connection or a pooler in session mode: a transaction-mode pooler
  (PgBouncer pool_mode=transaction) would hand the lock's session to someone else.
- Elsewhere (SQLite on one machine): `cache.add` of a key that expires after the job's TTL, so a run that died
  without cleaning up blocks the next ones for at most that long. Across processes this needs a shared cache
  (Redis: REDIS_URL); the local-memory cache of development protects one process only.

Only the commands in SCHEDULABLE may be run this way: a timer's typo fails loudly instead of locking nothing.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from typing import TextIO

from django.core.cache import cache
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)

LOCK_SPACE = 0x48524D53  # "HRMS": the advisory lock space of scheduled jobs
CACHE_KEY_PREFIX = "run-scheduled:"

# What may be scheduled, and how long the cache lock of each lasts (longer than any run takes): only where there
# is no PostgreSQL, after a run that died without releasing it.
SCHEDULABLE: dict[str, timedelta] = {
    "retry_due_jobs": timedelta(minutes=10),
    "send_session_reminders": timedelta(minutes=30),
    "close_overdue_quiz_attempts": timedelta(minutes=10),
    "prune_background_jobs": timedelta(hours=1),
    "prune_db_task_results": timedelta(hours=1),
    "prune_report_exports": timedelta(hours=1),
    "refresh_report_facts": timedelta(hours=3),
    "clearsessions": timedelta(hours=1),
    "apply_retention": timedelta(hours=1),
}


def lock_name(command: str) -> str:
    return f"hromada-lms:scheduled:{command}"


@contextmanager
def exclusive(name: str, *, ttl: timedelta) -> Iterator[bool]:
    """Yields True while this process holds the lock `name`, False when another process (anywhere) holds it."""
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        with _advisory_lock(name) as held:
            yield held
    else:
        with _cache_lock(name, ttl=ttl) as held:
            yield held


@contextmanager
def _advisory_lock(name: str) -> Iterator[bool]:
    # A connection of our own: the default one is the command's, which may close it (close_old_connections) or
    # roll it back, and would take the lock with it.
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with own.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", [LOCK_SPACE, name])
            held = cursor.fetchone()[0]
        try:
            yield held
        finally:
            if held:
                with own.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", [LOCK_SPACE, name])
    finally:
        own.close()  # ends the session: the lock goes with it even if the unlock above failed


@contextmanager
def _cache_lock(name: str, *, ttl: timedelta) -> Iterator[bool]:
    key, token = CACHE_KEY_PREFIX + name, uuid.uuid4().hex
    held = cache.add(key, token, timeout=int(ttl.total_seconds()))
    try:
        yield held
    finally:
        # Not ours to delete if it expired meanwhile and another run took it.
        if held and cache.get(key) == token:
            cache.delete(key)


class NotSchedulable(ValueError):
    """The command is not in SCHEDULABLE."""


def run_scheduled(command: str, args: Sequence[str] = (), *, stdout: TextIO | None = None,
                  stderr: TextIO | None = None) -> bool:
    """Run the management command with `args` if no other process is running it; False when one is.

    What the command raises (a CommandError for records it skipped) is raised here too, so the timer's run fails.
    """
    if command not in SCHEDULABLE:
        raise NotSchedulable(f"{command!r} cannot be scheduled; schedulable: {', '.join(sorted(SCHEDULABLE))}.")
    with exclusive(lock_name(command), ttl=SCHEDULABLE[command]) as held:
        if not held:
            logger.info("Scheduled %s skipped: already running elsewhere.", command)
            return False
        started = time.monotonic()
        logger.info("Scheduled %s started.", command)
        call_command(command, *args, stdout=stdout, stderr=stderr)
        logger.info("Scheduled %s finished in %.1f s.", command, time.monotonic() - started)
    return True
