"""`seed_demo`: the whole demo in one transaction, in the order each part builds on the one before, and the
report `manage.py seed_demo` prints (sessions, log-ins, and what to try with quizzes, certificates and calls)."""

from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import Page

from content.roles import TRAINER
from lms.demo.calls import seed_demo_calls
from lms.demo.certificates import seed_demo_certificates
from lms.demo.people import DEMO_USERS, DemoUser, describe_people, seed_users
from lms.demo.projects import seed_demo_project
from lms.demo.quizzes import seed_quiz_pages
from lms.demo.results import seed_results
from lms.demo.sessions import describe_session, seed_sessions
from lms.demo.site import seed_site
from lms.reports import facts


@dataclass
class SeedReport:
    pages_created: int
    users: list[DemoUser]
    sessions: list[str] = field(default_factory=list)  # one line per demo training session
    quiz_notes: list[str] = field(default_factory=list)  # what to try with the demo quizzes
    certificate_notes: list[str] = field(default_factory=list)  # the demo certificates and where to check them
    call_notes: list[str] = field(default_factory=list)  # the demo open call: who applies, reviews, decides


@transaction.atomic
def seed_demo(*, with_users: bool) -> SeedReport:
    """Load what is missing of the demo; `with_users`: also the demo log-ins and everything people did."""
    pages_before = Page.objects.count()
    users = seed_users() if with_users else {}
    site = seed_site(trainer=users.get(TRAINER))
    sessions = seed_sessions(site.courses)
    quizzes = seed_quiz_pages(courses=site.courses, locale=site.english)
    results = seed_results(courses=site.courses, quizzes=quizzes, with_users=with_users)
    # The finished session's results were just seeded: its certificates are issued here, at once, since
    # the automatic check after each mark and quiz waits for this transaction to commit.
    certificates = seed_demo_certificates(courses=site.courses, quizzes=quizzes, finished=results.sessions)
    calls = seed_demo_calls(indexes=site.calls, courses=site.courses, with_users=with_users)
    call_sessions = [calls.session] if calls.session else []
    if with_users:
        describe_people()
    seed_demo_project()
    # What the reports count, at once: some results above are written straight in the database, without the
    # signals that keep the report facts in step.
    facts.refresh_all()
    return SeedReport(pages_created=Page.objects.count() - pages_before,
                      users=list(DEMO_USERS) if with_users else [],
                      sessions=[describe_session(session) for session in [*sessions, *results.sessions,
                                                                          *call_sessions]],
                      quiz_notes=results.notes, certificate_notes=certificates.notes, call_notes=calls.notes)
