"""Pages that records point at are never deleted: sessions, quiz results, certificate rules and applications
to open calls would lose their subject (a rule that silently lost its required quiz would certify people without it).

Wagtail's delete view only checks references to the page itself, and deleting a course would also
delete its modules and quizzes, so the check covers the page, its descendants and its translations
(which Wagtail deletes along with it).

Each app answers for its own records through a `page_has_records` hook, `fn(page_ids) -> bool`, given the ids
of those pages as a subquery: enrollments for sessions, quiz results and applications (registered in
`wagtail_hooks.py` with the functions below), certificates for certificate rules.
"""

from django.db.models import Q, QuerySet
from wagtail import hooks
from wagtail.models import Page

from enrollments.models import QuizVersion, TrainingSession


def _subtree_ids(pages: list[Page]) -> QuerySet:
    condition = Q()
    for page in pages:
        for translation in page.get_translations(inclusive=True):
            condition |= Q(path__startswith=translation.path)
    return Page.objects.filter(condition).values("pk")


def page_has_records(pages: list[Page]) -> bool:
    """True when any app's records (a `page_has_records` hook says yes) refer to any of the pages or what lies
    beneath."""
    ids = _subtree_ids(pages)
    return any(fn(ids) for fn in hooks.get_hooks("page_has_records"))


def sessions_refer_to(page_ids: QuerySet) -> bool:
    return TrainingSession.objects.filter(course_id__in=page_ids).exists()


def quiz_results_refer_to(page_ids: QuerySet) -> bool:
    return QuizVersion.objects.filter(quiz_id__in=page_ids).exists()


def applications_refer_to(page_ids: QuerySet) -> bool:
    from enrollments.calls.models import Application

    return Application.objects.filter(call__pages__in=page_ids).exists()
