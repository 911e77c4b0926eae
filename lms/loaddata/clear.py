"""Removing load data: everything that hangs off accounts at `LOAD_DOMAIN` (their places, marks, attempts,
applications, certificates), the sessions a load trainer runs, the load calls, and the accounts. Nothing of the
demo or of real people: a session counts as load data only when a load trainer runs it and nobody else has a place
on it.

Django's `delete()` loads every row it removes when other tables point at the model (a mark's changes, a place's
certificates), which for a million marks takes many minutes. The records are therefore removed leaves first, each
table with one `DELETE … WHERE id IN (SELECT …)`, so that nothing points at a row by the time it goes; the few
sessions, calls and the accounts then go through `delete()`, which clears whatever else refers to them.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef

from certificates.models import Certificate
from content.models import Call
from enrollments.calls.models import Application, ApplicationChange, ApplicationFile, Review
from enrollments.models import Attendance, AttendanceChange, Enrollment, Profile, QuizAttempt, TrainingSession
from lms.loaddata.bulk import BATCH, LOAD_DOMAIN, chunks
from lms.loaddata.calls import CALL_PREFIX
from lms.loaddata.projects import CODE_PREFIX as PROJECT_PREFIX
from lms.reports.models import Project


def load_users():
    return get_user_model().objects.filter(email__iendswith=f"@{LOAD_DOMAIN}")


def load_sessions():
    """Sessions run by a load trainer on which only load accounts have places."""
    trainers = TrainingSession.trainers.through.objects.filter(trainingsession=OuterRef("pk"),
                                                               user__in=load_users())
    others = Enrollment.objects.filter(session=OuterRef("pk")).exclude(user__email__iendswith=f"@{LOAD_DOMAIN}")
    return TrainingSession.objects.filter(Exists(trainers)).exclude(Exists(others))


def delete_rows(queryset: models.QuerySet) -> dict[str, int]:
    """Deletes the rows of `queryset` with one statement per table, without loading them: first what points at
    them and goes with them (`CASCADE`, e.g. the reports' facts about a place), then the rows; pointers that
    `SET_NULL` are emptied. A `PROTECT`ed row still pointing at them stops the deletion, as Django's would.
    Returns how many rows of each model went."""
    model = queryset.model
    counts: dict[str, int] = {}
    for relation in model._meta.related_objects:
        on_delete = getattr(relation, "on_delete", None)
        pointing = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": queryset})
        if on_delete is models.CASCADE:
            for label, number in delete_rows(pointing).items():
                counts[label] = counts.get(label, 0) + number
        elif on_delete is models.SET_NULL:
            pointing.update(**{relation.field.name: None})
    select, params = queryset.values("pk").query.sql_with_params()
    quote = connection.ops.quote_name
    # Names from the model, quoted; every value a parameter.
    sql = f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} IN ({select})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts[model._meta.label] = counts.get(model._meta.label, 0) + cursor.rowcount
    return counts


@transaction.atomic
def clear_load_data() -> dict[str, int]:
    """Deletes the load data; returns how many rows of each model went."""
    users = load_users()
    counts: dict[str, int] = {}

    def count(label: str, number: int) -> None:
        if number:
            counts[label] = counts.get(label, 0) + number

    def rows(queryset: models.QuerySet) -> None:
        for label, number in delete_rows(queryset).items():
            count(label, number)

    def objects(queryset: models.QuerySet) -> None:
        for label, number in queryset.delete()[1].items():
            count(label, number)

    sessions = list(load_sessions().values_list("pk", flat=True))
    rows(Certificate.objects.filter(user__in=users, replaces__isnull=False))  # a reissue before what it replaces
    rows(Certificate.objects.filter(user__in=users))
    rows(AttendanceChange.objects.filter(attendance__enrollment__user__in=users))
    rows(Attendance.objects.filter(enrollment__user__in=users))
    rows(QuizAttempt.objects.filter(user__in=users))
    for model in (Review, ApplicationChange, ApplicationFile):
        rows(model.objects.filter(application__applicant__in=users))
    rows(Application.objects.filter(applicant__in=users))
    rows(Enrollment.objects.filter(user__in=users))
    objects(Project.objects.filter(code__startswith=PROJECT_PREFIX))  # with its targets and tags
    objects(TrainingSession.objects.filter(pk__in=sessions))  # with their days, trainers and own rules
    objects(Call.objects.filter(name__startswith=CALL_PREFIX, applications__isnull=True))
    rows(EmailAddress.objects.filter(user__in=users))
    rows(Profile.objects.filter(user__in=users))
    for batch in chunks(users.order_by("pk").values_list("pk", flat=True).iterator(), BATCH):
        objects(get_user_model().objects.filter(pk__in=batch))
    return counts
