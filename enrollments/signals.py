"""What enrollments announce, for the apps above them to act on: they listen, enrollments never call them."""

from collections.abc import Iterable

from django.dispatch import Signal

progress_recorded = Signal()
"""A write may have completed what someone needs on their places: attendance saved, a quiz passed, a module done.

Sent with `enrollment_ids`, the affected places (seat-holding ones, sorted, each once), from inside the
writer's transaction: a receiver that acts on the records waits for the commit (`transaction.on_commit`).
The sender is the model whose rows were written (Attendance, QuizAttempt, ModuleCompletion).
"""


def announce_progress(*, sender: type, enrollment_ids: Iterable[int]) -> None:
    """Send `progress_recorded` for these places; nothing is sent when there are none."""
    ids = sorted(set(enrollment_ids))
    if ids:
        progress_recorded.send(sender=sender, enrollment_ids=ids)


person_erased = Signal()
"""A person's personal data is being erased (`enrollments.privacy.erasure.execute_erasure`): each app above removes
what it keeps about them.

Sent with `user` (already pseudonymised), `keep_certificates` (the person asked to keep their name on the
certificates they hold) and `identifiers` (the names and address they were known by, for finding them in free
text), from inside the erasure's transaction: a receiver writes in it, so the erasure is all or nothing.
"""


reporting_details_expiring = Signal()
"""A person's reporting details (sex, age band, displacement status, disability) are about to be removed because
their retention period ran out (enrollments.privacy.services): what was already counted from them must keep its
counts.

Sent with `user_ids` from inside the writer's transaction, before the details are blanked, so a receiver still
reads them.
"""
