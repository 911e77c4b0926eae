"""The load data's project: a national programme paying for three in five load sessions and every load call, with
a donor's targets, so that a project's report is measured at size too."""

from datetime import date, timedelta
from decimal import Decimal

from content.models import Call
from lms.loaddata.bulk import Writer
from lms.loaddata.sessions import PlannedSession
from lms.reports.models import Indicator, Project, Target

CODE_PREFIX = "LOAD-"
TARGETS = ((Indicator.REACHED, 60_000, ""), (Indicator.REACHED, 15_000, "social_worker"),
           (Indicator.WOMEN_SHARE, 60, ""), (Indicator.PASS_SHARE, 70, ""), (Indicator.PERSON_HOURS, 500_000, ""),
           (Indicator.SESSIONS_HELD, 3_000, ""), (Indicator.APPLICATIONS, 15_000, ""))


def create_project(*, writer: Writer, plans: list[PlannedSession], calls: list[Call], today: date) -> Project:
    project = Project.objects.create(code=f"{CODE_PREFIX}NATIONAL", donor="UNICEF",
                                     name="Load data: national programme", starts_on=today - timedelta(days=730),
                                     ends_on=today + timedelta(days=90))
    Target.objects.bulk_create([Target(project=project, indicator=indicator, value=Decimal(value),
                                       profession=profession) for indicator, value, profession in TARGETS])
    through = Project.sessions.through
    writer.insert(through, [through(project=project, trainingsession_id=plan.pk)
                            for number, plan in enumerate(plans) if number % 5 < 3])
    project.calls.add(*calls)
    return project
