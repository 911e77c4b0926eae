"""Pages that records point at are never deleted: sessions, quiz results, certificate rules and applications
to open calls would lose their subject (a rule that silently lost its required quiz would certify people without it).

Wagtail's delete view only checks references to the page itself, and deleting a course would also
delete its modules and quizzes, so the check covers the page, its descendants and its translations
(which Wagtail deletes along with it).
"""

from django.db.models import Q
from wagtail.models import Page

from enrollments.models import QuizVersion, TrainingSession


def _subtree_ids(pages: list[Page]):
    condition = Q()
    for page in pages:
        for translation in page.get_translations(inclusive=True):
            condition |= Q(path__startswith=translation.path)
    return Page.objects.filter(condition).values("pk")


def page_has_records(pages: list[Page]) -> bool:
    """True when a training session, a quiz attempt, a certificate rule or an application refers to any of the
    pages or what lies beneath."""
    from certificates.models import CertificateRule
    from enrollments.calls.models import Application

    ids = _subtree_ids(pages)
    return (
        TrainingSession.objects.filter(course_id__in=ids).exists()
        or QuizVersion.objects.filter(quiz_id__in=ids).exists()
        or CertificateRule.objects.filter(
            Q(course_id__in=ids) | Q(required_quizzes__in=ids) | Q(required_modules__in=ids)).exists()
        or Application.objects.filter(call__pages__in=ids).exists()
    )
