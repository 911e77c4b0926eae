"""All of the load data in order, each part building on the one before, and the counts the command prints."""

import random
import time
from dataclasses import dataclass
from datetime import date

from django.core.management import call_command, get_commands

from content.models import Call
from courses.models import CoursePage
from enrollments.calls.models import Application
from enrollments.models import Enrollment, Profile, QuizAttempt, TrainingSession
from lms.loaddata.bulk import Writer, timestamps_as_given
from lms.loaddata.calls import create_applications, create_calls
from lms.loaddata.certificates import create_certificates
from lms.loaddata.clear import load_users
from lms.loaddata.people import create_people
from lms.loaddata.projects import create_project
from lms.loaddata.quizzes import create_self_paced, create_session_tests
from lms.loaddata.scales import Scale
from lms.loaddata.sessions import create_attendance, create_places, create_sessions
from lms.loaddata.vocabulary import COURSES

DEFAULT_SEED = 2026
REFRESH_COMMAND = "refresh_report_facts"  # the reports' summary tables, when the reports app provides it


class LoadDataExists(Exception):
    """Load data is already there: `--clear` it first (a run never adds to a previous one)."""


class NoCourses(Exception):
    """The demo's courses are missing even after `seed_demo`."""


@dataclass
class Result:
    counts: dict[str, int]
    seconds: float


def demo_courses() -> dict[str, CoursePage]:
    """The demo's Ukrainian course pages by slug: the ones load sessions are of."""
    pages = CoursePage.objects.live().filter(slug__in=COURSES, locale__language_code="uk")
    return {page.slug: page for page in pages}


def ensure_courses(*, stdout=None) -> dict[str, CoursePage]:
    """The demo's courses, seeding the demo first on a site without any (`seed_demo`, without its accounts)."""
    if not CoursePage.objects.exists():
        call_command("seed_demo", stdout=stdout)
    courses = demo_courses()
    if not courses:
        raise NoCourses("None of the demo's courses is live: run `manage.py seed_demo` first.")
    return courses


AUTO_TIMESTAMPS = [
    (Profile, ("updated_at",)), (TrainingSession, ("created_at", "updated_at")),
    (Enrollment, ("created_at", "status_changed_at")), (Application, ("created_at", "updated_at")),
    (Call, ("created_at", "updated_at")),
]


def generate(*, scale: Scale, seed: int = DEFAULT_SEED, today: date, progress: bool = False,
             stdout=None) -> Result:
    """Writes `scale`'s load data, all of it drawn from `seed`, dated around `today`."""
    if (existing := load_users().count()):
        raise LoadDataExists(f"{existing} load accounts are already there: run with --clear first.")
    started = time.monotonic()
    courses = ensure_courses(stdout=stdout)
    rng = random.Random(f"{scale.name}/{seed}")  # noqa: S311 - made-up data, not secrets
    writer = Writer(progress=progress)
    fields = [model._meta.get_field(name) for model, names in AUTO_TIMESTAMPS for name in names]
    with timestamps_as_given(*fields):
        participants, trainers = create_people(writer=writer, rng=rng, participants=scale.participants,
                                               trainers=scale.trainers, today=today)
        plans = create_sessions(writer=writer, rng=rng, count=scale.sessions, courses=courses, trainers=trainers,
                                today=today, days=scale.days)
        create_places(writer=writer, rng=rng, plans=plans, participants=participants, today=today)
        create_attendance(writer=writer, rng=rng, plans=plans, today=today)
        passed = create_session_tests(writer=writer, rng=rng, plans=plans, courses=courses, today=today)
        session_bound = writer.counts.get(QuizAttempt._meta.label, 0)
        create_self_paced(writer=writer, rng=rng, participants=participants,
                          target=scale.quiz_attempts - session_bound, today=today)
        create_certificates(writer=writer, rng=rng, plans=plans, courses=courses,
                            people={person.pk: person for person in participants}, passed=passed, today=today)
        calls = create_calls(writer=writer, rng=rng, count=scale.calls, today=today)
        create_applications(writer=writer, rng=rng, calls=calls, participants=participants,
                            count=scale.applications, today=today)
        create_project(writer=writer, plans=plans, calls=calls, today=today)
    return Result(counts=writer.counts, seconds=time.monotonic() - started)


def after_generate(*, stdout=None, progress: bool = False) -> bool:
    """Rebuilds the reports' summary tables for every session when the site has the command for it (bulk inserts
    send no signals, so nothing was marked for the nightly refresh); whether it ran."""
    if REFRESH_COMMAND not in get_commands():
        return False
    call_command(REFRESH_COMMAND, "--all", stdout=stdout, verbosity=1 if progress else 0)
    return True
