"""Promise: no URL of ours changes anything on a GET, and none accepts a POST without a CSRF token.

The URLs are found by walking the URL configuration (`get_resolver()`, recursively, Wagtail admin URLs included):
every pattern whose view lives in one of our apps (content, courses, enrollments, certificates, lms) and every URL
of a Wagtail viewset registered for one of our models. A URL added tomorrow is checked without a new test: its
arguments are built from a small world by the names of its parameters (`day_id`, `code`, `public_id`…, and `pk` by
the viewset's model or the table below). A URL whose arguments cannot be built fails the test, named, until it gets a
row in ARGUMENTS or, with a reason, in ALLOWED.

Pass criterion, for every such URL:
- a GET, by a visitor, a participant and a coordinator, writes nothing (every INSERT, UPDATE and DELETE the request
  runs is caught; access logs are reads, see READS) and answers below 500; at least one of them reaches the view
  (not 404), so the arguments were right;
- a POST without a CSRF token, logged in, answers 403 (or 405 where POST is not allowed at all) and writes nothing.
"""

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates.models import BatchStatus, Certificate, CertificateRule, IssuingBatch
from content.models import Call
from courses.models import Topic
from enrollments.attendance.checkin import make_token
from enrollments.calls.models import ApplicationFile, DecisionEmail
from enrollments.models import TrainingSession
from enrollments.privacy.models import AccessRecord, ErasureRequest
from enrollments.quizzes import services as quiz_services
from lms.reports.models import DownloadLog, ExportJob, Project
from tests.certificates.factories import issued_certificate
from tests.content.factories import add_call
from tests.courses.factories import TopicFactory, add_quiz, build_tree
from tests.enrollments.factories import (
    ApplicationFactory,
    EnrollmentFactory,
    FailedJobFactory,
    ProfileFactory,
    TrainingSessionFactory,
)
from tests.factories import CoordinatorFactory, ParticipantFactory
from tests.reliability.routes import Route, walk

pytestmark = pytest.mark.django_db

# Tables written on a GET that record that something was read, not a change of state.
READS = {
    Session._meta.db_table: "the login session (cached_db), saved after the view",
    DownloadLog._meta.db_table: "who downloaded which report: an access log",
    AccessRecord._meta.db_table: "who viewed whose records: an access log",
    "wagtailusers_userprofile": "Wagtail creates a coordinator's admin preferences the first time she opens the admin",
    "wagtailadmin_editingsession": "Wagtail's 'who else is editing this' presence marker on an edit form",
}

# URLs whose arguments the walk cannot build, or that no role reaches with them, and why. Keep it short.
ALLOWED = {
    "public_media": "serves files from MEDIA_ROOT; a test has none (a 404 is still checked for writes and CSRF)",
    "certificates_admin:pdf": "draws a PDF with WeasyPrint (Pango), which the pdf-marked tests cover",
    "certificate_pdf": "draws a PDF with WeasyPrint (Pango), which the pdf-marked tests cover",
}


# --- A small world: one of everything a URL may point at -------------------------------------------------------

@dataclass
class World:
    participant: object
    coordinator: object
    objects: dict

    def get(self, key):
        return self.objects[key]


def build_world() -> World:
    tree = build_tree()
    coordinator = CoordinatorFactory()
    participant = ProfileFactory(full_name="Олена Петренко").user
    session = TrainingSessionFactory(course=tree.course, trainers=[coordinator])
    enrollment = EnrollmentFactory(session=session, user=participant)
    quiz = add_quiz(tree.course, slug="final", kind="graded")
    attempt = quiz_services.start_attempt(quiz=quiz, user=participant)
    certificate = issued_certificate(enrollment=enrollment, full_name="Олена Петренко")
    call_page = add_call(tree.home, deadline=timezone.now() + timedelta(days=10))
    application = ApplicationFactory(call=call_page, applicant=participant)
    application_file = ApplicationFile.objects.create(application=application, question_id="q", file="none.pdf",
                                                      original_name="none.pdf", content_type="application/pdf", size=1)
    objects = {
        "session": session, "enrollment": enrollment, "quiz": quiz, "attempt": attempt, "certificate": certificate,
        "call_page": call_page, "application": application, "application_file": application_file,
        "day": session.days.order_by("date").first(), "module": tree.modules[0],
        "batch": IssuingBatch.objects.create(session=session, requested_by=coordinator, status=BatchStatus.DONE),
        "job": FailedJobFactory(),
        "export": ExportJob.objects.create(requested_by=coordinator, file_format="csv"),
        "erasure": ErasureRequest.objects.create(user=ParticipantFactory()),
        TrainingSession: session, Certificate: certificate, CertificateRule: certificate.rule,
        Call: call_page.call, Topic: TopicFactory(),
        DecisionEmail: DecisionEmail.objects.get_or_create(kind="accepted", defaults={
            "subject_uk": "Т", "body_uk": "Т", "subject_en": "S", "body_en": "S"})[0],
        Project: Project.objects.create(name="Проєкт", donor="UNICEF", code="UA-1", starts_on=timezone.localdate(),
                                        ends_on=timezone.localdate()),
    }
    return World(participant=participant, coordinator=coordinator, objects=objects)


# Parameters by name, the same wherever they appear.
BY_PARAMETER: dict[str, Callable[[World], object]] = {
    "day_id": lambda w: w.get("day").pk,
    "session_id": lambda w: w.get("session").pk,
    "enrollment_id": lambda w: w.get("enrollment").pk,
    "file_id": lambda w: w.get("application_file").pk,
    "public_id": lambda w: w.get("attempt").public_id,
    "quiz_key": lambda w: w.get("quiz").translation_key,
    "token": lambda w: make_token(day_id=w.get("day").pk),
    "code": lambda w: w.get("certificate").code,
    "file_format": lambda w: "csv",
    "fmt": lambda w: "csv",
    "page_id": lambda w: w.get("module").pk,
    "call_id": lambda w: w.get("call_page").pk,
    "path": lambda w: "",
}

# Parameters whose meaning depends on the URL (a custom admin view's `pk`), by URL name or namespace.
ARGUMENTS: dict[str, dict[str, Callable[[World], object]]] = {
    "quiz_start": {"page_id": lambda w: w.get("quiz").pk},
    "wagtail_serve": {"*": lambda w: ["courses/"]},  # the catalogue page
    "public_media": {"path": lambda w: "nothing.png"},
    "certificates_admin:batch": {"pk": lambda w: w.get("batch").pk},
    "certificates_admin:issue": {"pk": lambda w: w.get("session").pk},
    "certificates_admin": {"pk": lambda w: w.get("certificate").pk},
    "enrollments_admin": {"pk": lambda w: w.get("session").pk},
    "calls_admin": {"pk": lambda w: w.get("application").pk, "call_id": lambda w: w.get("application").call_id},
    "background_admin": {"pk": lambda w: w.get("job").pk},
    "reports_admin": {"pk": lambda w: w.get("export").pk},
    "privacy_admin": {"pk": lambda w: w.get("erasure").pk},
}


def reverse_path(route: Route, world: World) -> str | None:
    """The route's path with arguments from the world, or None if one of them cannot be built."""
    namespace = route.name.rpartition(":")[0]
    specific = {**ARGUMENTS.get(namespace, {}), **ARGUMENTS.get(route.name, {})}
    if route.positional:
        return reverse(route.name, args=specific["*"](world)) if "*" in specific else None
    built = {}
    for parameter in route.parameters:
        if parameter in specific:
            built[parameter] = specific[parameter](world)
        elif parameter == "pk" and route.model is not None and route.model in world.objects:
            built[parameter] = world.get(route.model).pk
        elif parameter in BY_PARAMETER:
            built[parameter] = BY_PARAMETER[parameter](world)
        else:
            return None
    return reverse(route.name, kwargs=built)


# --- Catching writes ----------------------------------------------------------------------------------------------

WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


class Writes:
    """An `execute_wrapper` that records every statement writing to a table that is not an access log."""

    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        match = WRITE.match(sql)
        if match and match.group(2) not in READS:
            self.statements.append(sql[:160])
        return execute(sql, params, many, context)


QUERY_BUDGET = 80  # per request: the heaviest pages of ours (admin edit forms) stay well under it


def request(client: Client, method: str, path: str) -> tuple[int, list[str]]:
    """The status and the writes of one request; a request over the query budget counts as a write problem."""
    writes = Writes()
    with connection.execute_wrapper(writes), CaptureQueriesContext(connection) as queries:
        response = client.get(path) if method == "GET" else client.post(path, {})
    if len(queries) > QUERY_BUDGET:
        writes.statements.append(f"{len(queries)} queries, over the budget of {QUERY_BUDGET}")
    return response.status_code, writes.statements


def clients(world: World, **options) -> Iterator[tuple[str, Client]]:
    yield "visitor", Client(raise_request_exception=False, **options)
    for role, user in (("participant", world.participant), ("coordinator", world.coordinator)):
        client = Client(raise_request_exception=False, **options)
        client.force_login(user)
        yield role, client


def routes_with_paths(world: World) -> tuple[list[tuple[Route, str]], list[str]]:
    found, uncovered = [], []
    for route in sorted(walk(), key=lambda route: route.name):
        path = reverse_path(route, world)
        if path is None:
            if route.name not in ALLOWED:
                uncovered.append(f"{route.name} {route.parameters}")
            continue
        found.append((route, path))
    return found, uncovered


@pytest.fixture
def world(settings) -> World:
    settings.RATELIMIT_ENABLE = False  # hundreds of requests from one address in a few seconds
    return build_world()


def test_the_walk_finds_our_urls_in_every_app_and_the_admin():
    names = {route.name for route in walk()}

    expected = {"roster", "session_enroll", "session_cancel", "quiz_attempt_submit", "call_apply", "profile",
                "verify_certificate_form", "search", "certificates_admin:revoke", "enrollments_admin:session_import",
                "sessions:edit", "certificate_rules:delete", "wagtailsnippets_courses_topic:edit",
                "reports_admin:download", "healthz"}
    assert expected <= names, expected - names
    assert not any(name.startswith(("account_", "wagtailadmin_pages:")) for name in names)  # allauth's, Wagtail's


def test_no_get_writes_and_every_url_is_reached(world):
    found, uncovered = routes_with_paths(world)
    assert uncovered == [], f"URLs whose arguments the walk cannot build (add to ARGUMENTS or ALLOWED): {uncovered}"
    assert len(found) > 60
    problems, reached = [], set()
    for role, client in clients(world):
        for route, path in found:
            status, writes = request(client, "GET", path)
            if writes:
                problems.append(f"GET {path} ({route.name}) as {role} wrote: {writes}")
            if status >= 500:
                problems.append(f"GET {path} ({route.name}) as {role} answered {status}")
            if status != 404:
                reached.add(route.name)
    unreached = sorted({route.name for route, _ in found} - reached - set(ALLOWED))
    assert problems == [], "\n".join(problems)
    assert unreached == [], f"no role reached these views: their arguments are wrong: {unreached}"


def test_no_post_without_a_csrf_token_is_accepted(world):
    found, _uncovered = routes_with_paths(world)
    problems = []
    for role, client in list(clients(world, enforce_csrf_checks=True))[1:]:  # logged in: the view would act
        for route, path in found:
            status, writes = request(client, "POST", path)
            if status not in (403, 405) or writes:
                problems.append(f"POST {path} ({route.name}) as {role} without a token: {status}, wrote {writes}")
    assert problems == [], "\n".join(problems)


def test_a_write_on_get_is_caught():
    """The catch itself: a GET that writes is reported, an access log is not."""
    writes = Writes()
    with connection.execute_wrapper(writes):
        Topic.objects.create(slug=f"t-{uuid.uuid4()}", name_uk="Тема", name_en="Topic")
        DownloadLog.objects.filter(pk=0).delete()
    assert len(writes.statements) == 1 and "courses_topic" in writes.statements[0]
