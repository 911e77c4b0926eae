"""Certificates listen to what enrollments record (`enrollments.signals`); enrollments never call certificates.

Connected in `CertificatesConfig.ready()`.
"""

from certificates.tasks import queue_award


def award_after_progress(sender, *, enrollment_ids: list[int], **kwargs) -> None:
    """Attendance saved, a quiz passed or a module done: the check is recorded with the write and, once it commits,
    the task worker checks these places for certificates. A write rolled back queues nothing."""
    ids = sorted(set(enrollment_ids))
    if ids:
        queue_award(enrollment_ids=ids)


def erase_holder_after_erasure(sender, *, user, keep_certificates: bool, identifiers: list[str], **kwargs) -> None:
    """A person's data is erased: inside the same transaction their certificates stop naming them."""
    from certificates.services import erase_holder

    erase_holder(user=user, keep_certificates=keep_certificates, identifiers=identifiers)
