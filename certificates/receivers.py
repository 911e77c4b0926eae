"""Certificates listen to what enrollments record (`enrollments.signals`); enrollments never call certificates.

Connected in `CertificatesConfig.ready()`.
"""

from django.db import transaction

from certificates.tasks import award_certificates_task


def award_after_progress(sender, *, enrollment_ids: list[int], **kwargs) -> None:
    """Attendance saved, a quiz passed or a module done: once the write commits, the task worker checks these
    places for certificates. A write rolled back queues nothing."""
    ids = sorted(set(enrollment_ids))
    if ids:
        transaction.on_commit(lambda: award_certificates_task.enqueue(enrollment_ids=ids))
