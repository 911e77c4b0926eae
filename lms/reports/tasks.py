"""Background tasks of the reports: a participant export too large to write in the request.

Handed a recorded job (`enrollments.background`), so a try that fails is tried again later and what still fails is
listed for coordinators.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import translation
from django_tasks import task

from enrollments.background.services import queue_job, run_job
from lms.reports import exports
from lms.reports.forms import ReportFilterForm
from lms.reports.models import ExportJob


# "bulk": a large file must not hold up emails or indexing (settings.TASK_QUEUES).
@task(queue_name="bulk")
def write_participant_export(*, job_id: int) -> int | None:
    """Write one ExportJob's file; returns how many rows it has."""
    return run_job(job_id=job_id, work=_write)


def _write(*, export_id: int, language: str) -> int:
    export = exports.claim_export(export_id=export_id)
    if export is None:
        return 0  # written already, or being written by another worker
    with translation.override(language):
        filters = ReportFilterForm(export.query or None).filters()
        return exports.write_export(export=export, filters=filters).total


def start_participant_export(*, by: AbstractBaseUser, query: dict, described: dict, file_format: str,
                             total: int) -> ExportJob:
    """Record the export and queue it once the transaction commits; the file speaks the requester's language."""
    with transaction.atomic():
        export = ExportJob.objects.create(requested_by=by, file_format=file_format, query=query, filters=described,
                                          total=total)
        queue_job(task=write_participant_export,
                  arguments={"export_id": export.pk, "language": translation.get_language()})
    return export
