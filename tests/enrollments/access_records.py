"""Reading the access log in tests: who was recorded as seen, by whom, how and in what."""

from enrollments.privacy.models import AccessRecord


def logged(**filters) -> list[tuple[int, int, str, str]]:
    """(subject id, viewer id, kind, what) of every access record matching `filters`, sorted."""
    return sorted(AccessRecord.objects.filter(**filters).values_list("subject_id", "viewer_id", "kind", "what"))


def labels(**filters) -> set[str]:
    return set(AccessRecord.objects.filter(**filters).values_list("object_label", flat=True))
