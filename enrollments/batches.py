"""Runs over many records (management commands, background runs, the closing of overdue attempts before a results
page): one record that cannot be handled is logged and skipped, never the end of the run for everyone else.

Each record is handled in a transaction of its own (a savepoint inside a caller's), so a record that raises leaves
nothing half written and the emails it queued are dropped with it. The caller says how many were skipped: a
command exits non-zero (`skipped_error`); a background run records it and raises the first error once it has been
through everyone, so its job is tried again.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.core.management.base import CommandError
from django.db import transaction

logger = logging.getLogger(__name__)

Record = TypeVar("Record")


@dataclass
class Outcome(Generic[Record]):
    """What a run did: `done` sums what the handler returned (attempts closed, reminders queued…); `skipped` holds
    the records that raised, each logged with its traceback, and `errors` what each raised."""

    done: int = 0
    skipped: list[Record] = field(default_factory=list)
    errors: list[Exception] = field(default_factory=list)


def each(records: Iterable[Record], handle: Callable[[Record], int], *, what: str) -> Outcome[Record]:
    """`handle(record)` for every record, in its own transaction; `what` names a record in the log."""
    outcome: Outcome[Record] = Outcome()
    for record in records:
        try:
            with transaction.atomic():
                outcome.done += handle(record)
        except Exception as error:
            logger.exception("Skipped %s %r: it could not be handled.", what, record)
            outcome.skipped.append(record)
            outcome.errors.append(error)
    return outcome


def skipped_error(outcome: Outcome, *, what: str) -> CommandError | None:
    """For a command to raise once it has said what it did: the run is not a success while records were skipped."""
    if not outcome.skipped:
        return None
    shown = ", ".join(str(record) for record in outcome.skipped[:20])
    more = " …" if len(outcome.skipped) > 20 else ""
    return CommandError(f"Skipped {len(outcome.skipped)} {what} that could not be handled ({shown}{more}); "
                        "the log has each one's error. The others were handled.")
