"""The demo's project: a grant paying for every demo training session and the open call, with the targets a
donor would ask for, so that Reports → Programme report shows progress against them."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Max, Min
from django.utils import timezone

from content.models import Call
from enrollments.models import TrainingSession
from lms.reports.models import Indicator, Project, Target

CODE = "UNICEF-UKR-2026-PSS"
TARGETS = (  # indicator, target, only for the profession
    (Indicator.REACHED, 60, ""),
    (Indicator.REACHED, 20, "social_worker"),
    (Indicator.WOMEN_SHARE, 60, ""),
    (Indicator.ATTENDANCE_RATE, 90, ""),
    (Indicator.PASS_SHARE, 70, ""),
    (Indicator.PERSON_HOURS, 1000, ""),
    (Indicator.SESSIONS_HELD, 6, ""),
    (Indicator.APPLICATIONS, 30, ""),
)


def seed_demo_project(*, today: date | None = None) -> Project:
    """The project (once): its period spans the demo sessions; it tags every session and call of the demo."""
    today = today or timezone.localdate()
    project = Project.objects.filter(code=CODE).first()
    if project is None:
        span = TrainingSession.objects.aggregate(first=Min("days__date"), last=Max("days__date"))
        project = Project.objects.create(
            code=CODE, donor="UNICEF", name="Психосоціальна підтримка фахівців соціальної сфери",
            starts_on=min(span["first"] or today, today) - timedelta(days=30),
            ends_on=max(span["last"] or today, today) + timedelta(days=180))
        for indicator, value, profession in TARGETS:
            Target.objects.create(project=project, indicator=indicator, value=Decimal(value), profession=profession)
    project.sessions.add(*TrainingSession.objects.all())
    project.calls.add(*Call.objects.all())
    return project
