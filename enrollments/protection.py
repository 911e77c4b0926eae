"""What records point at is never deleted. Every relation from a record of what happened (a place, a mark and its
history, a quiz attempt, a certificate, an application, its reviews and changes) is `on_delete=PROTECT`, so the
database refuses; the admin asks first and says why (`records_keeping`), instead of a server error.

Pages that records point at are never deleted either: sessions, quiz results, certificate rules and applications
to open calls would lose their subject (a rule that silently lost its required quiz would certify people without it).

Wagtail's delete view only checks references to the page itself, and deleting a course would also
delete its modules and quizzes, so the check covers the page, its descendants and its translations
(which Wagtail deletes along with it).

Each app answers for its own records through a `page_has_records` hook, `fn(page_ids) -> bool`, given the ids
of those pages as a subquery: enrollments for sessions, quiz results and applications (registered in
`wagtail_hooks.py` with the functions below), certificates for certificate rules.
"""

from django.db import router
from django.db.models import Model, ProtectedError, Q, QuerySet, RestrictedError
from django.db.models.deletion import Collector
from wagtail import hooks
from wagtail.models import Page

from enrollments.models import QuizVersion, TrainingSession


def kinds_of(records) -> list[str]:
    """The kinds of the records, by their plural names, in order: "attendance, enrollments"."""
    return sorted({str(record._meta.verbose_name_plural) for record in records})


def records_keeping(instance: Model) -> list[str]:
    """The kinds of records that keep `instance` from being deleted (what deleting it would refuse over, through
    every relation that deletion would follow); empty when it may go."""
    collector = Collector(using=router.db_for_write(type(instance)), origin=instance)
    try:
        collector.collect([instance])
    except ProtectedError as error:
        return kinds_of(error.protected_objects)
    except RestrictedError as error:
        return kinds_of(error.restricted_objects)
    return []


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
