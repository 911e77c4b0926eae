"""Promise: no public form and no import answers a server error, whatever is posted to it.

Hypothesis generates what a careless or hostile sender posts: arbitrary field sets (the form's own names, unknown
names, a name repeated), arbitrary text (NUL, lone surrogates, right-to-left marks, huge strings, invalid UTF-8 sent
as raw bytes), and arbitrary file bytes under arbitrary file names. It posts them, as the visitor, participant or
applicant the form is for, to every form of ours they can reach: sign-up, log-in and password reset (allauth), the
profile, enrolling and cancelling, module progress, quiz answers, a call application with its files, withdrawing it,
the QR check-in, certificate verification, search, the privacy requests; and to the participant import (CSV and XLSX
bytes, through the coordinator's upload and through the parser itself).

Pass criterion: every answer is below 500; an answer of 400 shows the reader what was wrong (a form error or an
alert). A public URL of ours added tomorrow fails `test_every_public_url_is_fuzzed_or_has_no_form` until it is
fuzzed here or listed, with a reason, as having no form.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from urllib.parse import quote_from_bytes

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrollments.attendance.checkin import make_token
from enrollments.imports.parsing import ImportFileError, read_participants
from enrollments.quizzes import services as quiz_services
from tests.content.factories import add_call
from tests.courses.factories import add_quiz, build_tree
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, TrainingSessionFactory
from tests.factories import CoordinatorFactory
from tests.reliability.routes import walk

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

NASTY = ["", "\x00", "a\x00b", "\ud800", "x\udfffy", "\u202eevil", "\ufeff", "🙂" * 20, "Ї" * 5000, "A" * 300_000,
         "' OR 1=1 --", "<script>alert(1)</script>", "%00", "\r\n\r\n", "0", "-1", "9" * 40, "1e309", "NaN", "on",
         "true", "../../etc/passwd", "2026-02-30", "ʼ’'", "\u0000\u0001\u001f", "a@b", "@", "x" * 255 + "@example.org"]
TEXT = st.one_of(st.text(max_size=40), st.sampled_from(NASTY))
VALUE = st.one_of(TEXT.map(lambda text: text.encode("utf-8", "surrogatepass")), st.binary(max_size=40))
ERROR_CUES = ("form-errors", "field__errors", "errorlist", 'role="alert"', "message--error", "error-message")


def encoded(pairs: list[tuple[bytes, bytes]]) -> str:
    """A form body or query string as a sender writes it: every byte percent-encoded, valid UTF-8 or not."""
    return "&".join(f"{quote_from_bytes(key)}={quote_from_bytes(value)}" for key, value in pairs)


@st.composite
def bodies(draw, names: tuple[str, ...]) -> str:
    """Arbitrary field sets: some of the form's own names (each possibly repeated), some unknown ones."""
    known = st.sampled_from(names).map(str.encode) if names else st.nothing()
    keys = draw(st.lists(st.one_of(known, known, VALUE), max_size=10))
    return encoded([(key, draw(VALUE)) for key in keys])


FILE_NAMES = st.one_of(st.sampled_from(["cv.pdf", "лист.docx", "photo.jpg", "a" * 300 + ".pdf", ".pdf", "x.PDF.exe",
                                        "con.pdf", "file\u202efdp.exe", "🙂.png"]),
                       st.text(min_size=1, max_size=30).filter(lambda name: "\x00" not in name and name.strip()))
FILE_BYTES = st.one_of(st.binary(max_size=2000), st.sampled_from([b"%PDF-1.4\n%%EOF", b"PK\x03\x04" + b"\x00" * 30,
                                                                  b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"]))


@dataclass
class Form:
    """One form: the URL it posts to, who posts it, the page that shows it (for its field names)."""

    role: str
    url: Callable[["World"], str]
    page: Callable[["World"], str] | None = None
    method: str = "POST"


class World:
    """What the forms need: a course with a quiz, a session today, a call taking applications, a participant."""

    def __init__(self):
        tree = build_tree()
        self.participant = ProfileFactory(full_name="Олена Петренко").user
        self.coordinator = CoordinatorFactory()
        self.session = TrainingSessionFactory(course=tree.course, capacity=3)
        EnrollmentFactory(session=self.session, user=self.participant)
        self.other_session = TrainingSessionFactory(course=tree.course, capacity=1)
        self.module = tree.modules[0]
        quiz = add_quiz(tree.course, slug="final", kind="graded")
        self.attempt = quiz_services.start_attempt(quiz=quiz, user=self.participant)
        self.call = add_call(tree.home, deadline=timezone.now() + timedelta(days=10))
        self.day = self.session.days.get(date=timezone.localdate())
        self.clients: dict[str, Client] = {"visitor": Client(raise_request_exception=False)}
        for role, user in (("participant", self.participant), ("coordinator", self.coordinator)):
            client = Client(raise_request_exception=False)
            client.force_login(user)
            self.clients[role] = client
        self._names: dict[str, tuple[str, ...]] = {}

    def names(self, name: str, form: Form) -> tuple[str, ...]:
        """The field names the form's page shows, read once."""
        if name not in self._names:
            found: tuple[str, ...] = ()
            if form.page is not None:
                html = self.clients[form.role].get(form.page(self)).content.decode()
                found = tuple(sorted(set(re.findall(r'<(?:input|select|textarea|button)[^>]*\sname="([^"]+)"', html))
                                     - {"csrfmiddlewaretoken"}))
            self._names[name] = found
        return self._names[name]


FORMS: dict[str, Form] = {
    "account_signup": Form("visitor", lambda w: reverse("account_signup"), lambda w: reverse("account_signup")),
    "account_login": Form("visitor", lambda w: reverse("account_login"), lambda w: reverse("account_login")),
    "account_reset_password": Form("visitor", lambda w: reverse("account_reset_password"),
                                   lambda w: reverse("account_reset_password")),
    "profile": Form("participant", lambda w: reverse("profile"), lambda w: reverse("profile")),
    "session_enroll": Form("participant", lambda w: reverse("session_enroll", args=[w.other_session.pk]),
                           lambda w: reverse("session_detail", args=[w.other_session.pk])),
    "session_cancel": Form("participant", lambda w: reverse("session_cancel", args=[w.session.pk]),
                           lambda w: reverse("session_detail", args=[w.session.pk])),
    "complete_module": Form("participant", lambda w: reverse("complete_module", args=[w.module.pk]),
                            lambda w: w.module.url),
    "reopen_module": Form("participant", lambda w: reverse("reopen_module", args=[w.module.pk])),
    "quiz_attempt_save": Form("participant", lambda w: reverse("quiz_attempt_save", args=[w.attempt.public_id]),
                              lambda w: reverse("quiz_attempt", args=[w.attempt.public_id])),
    "quiz_attempt_submit": Form("participant", lambda w: reverse("quiz_attempt_submit", args=[w.attempt.public_id]),
                                lambda w: reverse("quiz_attempt", args=[w.attempt.public_id])),
    "call_withdraw": Form("participant", lambda w: reverse("call_withdraw", args=[w.call.pk])),
    "check_in": Form("participant", lambda w: reverse("check_in", args=[make_token(day_id=w.day.pk)]),
                     lambda w: reverse("check_in", args=[make_token(day_id=w.day.pk)])),
    "verify_certificate_form": Form("visitor", lambda w: reverse("verify_certificate_form"),
                                    lambda w: reverse("verify_certificate_form"), method="GET"),
    "search": Form("visitor", lambda w: reverse("search"), lambda w: reverse("search"), method="GET"),
    "erasure_request": Form("participant", lambda w: reverse("erasure_request"), lambda w: reverse("erasure_request")),
    "withdraw_erasure_request": Form("participant", lambda w: reverse("withdraw_erasure_request")),
}
# Fuzzed by a test of their own below: files, or arbitrary text in the URL itself.
OWN_TESTS = {"call_apply", "verify_certificate", "check_in"}

# Public URLs without a form to post, and why.
NO_FORM = {
    "my_learning": "a page; no form", "session_detail": "a page; its forms are session_enroll and session_cancel",
    "session_calendar": "a calendar file", "quiz_start": "POST with no fields; fuzzed as quiz_attempt_*'s world",
    "quiz_attempt": "a page; its forms are quiz_attempt_save and _submit", "quiz_attempt_review": "a page",
    "call_application_file": "a file download", "certificate_pdf": "a file download",
    "personal_data": "a page", "personal_data_json": "a file download", "personal_data_zip": "a file download",
    "privacy_notice": "a page", "wagtail_serve": "Wagtail pages, read only", "healthz": "GET only, no input",
    "readyz": "GET only, no input", "public_media": "a file download",
}
STAFF_ONLY = ("/admin/", "/uk/learning/trainer/")  # trainers' and coordinators' pages: not public forms


@pytest.fixture
def world(settings) -> World:
    settings.RATELIMIT_ENABLE = False  # allauth's and ours: hundreds of posts from one address
    settings.ACCOUNT_RATE_LIMITS = False
    return World()


QUERY_BUDGET = 60  # per request; the apply page with its questions and files is the heaviest


def assert_answered(send: Callable, what: str) -> None:
    """`send()` makes one request: it answers below 500, within the query budget, and a 400 says what was wrong."""
    what = what[:300]
    with CaptureQueriesContext(connection) as queries:
        response = send()
    assert len(queries) <= QUERY_BUDGET, f"{what}: {len(queries)} queries"
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if response.status_code == 400 and response.get("Content-Type", "").startswith("text/html"):
        page = response.content.decode()
        assert any(cue in page for cue in ERROR_CUES), f"{what}: a 400 that does not say what was wrong"


def test_every_public_url_is_fuzzed_or_has_no_form():
    public = set()
    for route in walk():
        if route.name.partition(":")[2]:  # namespaced: Wagtail admin
            continue
        public.add(route.name)
    staff = {name for name in public if name in {"trainer_sessions", "roster", "roster_count", "roster_walk_in",
                                                 "checkin_qr", "checkin_qr_present", "checkin_qr_code",
                                                 "sign_in_sheet", "paper_entry", "attendance_history"}
             or name.startswith(("quiz_results", "session_quiz", "session_knowledge"))}
    unclassified = sorted(public - set(FORMS) - OWN_TESTS - set(NO_FORM) - staff)
    assert unclassified == [], f"public URLs neither fuzzed nor listed in NO_FORM: {unclassified}"


@pytest.mark.parametrize("name", sorted(FORMS))
def test_a_public_form_never_answers_500(world, name):
    form = FORMS[name]
    names = world.names(name, form)
    if form.page is not None:
        assert names, f"{name}: its page shows no fields"
    client, path = world.clients[form.role], form.url(world)

    @FUZZ
    @given(body=bodies(names))
    def post(body):
        if form.method == "GET":
            send = partial(client.get, path, QUERY_STRING=body)
        else:
            send = partial(client.post, path, data=body, content_type="application/x-www-form-urlencoded")
        assert_answered(send, f"{form.method} {path} {body[:200]}")

    post()


@st.composite
def applications(draw, names: tuple[str, ...]) -> dict:
    data: dict = {}
    for key in draw(st.lists(st.one_of(st.sampled_from(names), TEXT.filter(lambda t: "\x00" not in t)), max_size=10)):
        data[key.encode("utf-8", "surrogatepass").decode("utf-8", "replace")] = draw(
            TEXT).encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    files = [name for name in names if name.startswith("q-")]
    for key in draw(st.lists(st.sampled_from(files), max_size=3)) if files else []:
        data[key] = SimpleUploadedFile(draw(FILE_NAMES), draw(FILE_BYTES), content_type=draw(
            st.sampled_from(["application/pdf", "image/png", "text/plain", "application/octet-stream", ""])))
    return data


def test_a_call_application_with_any_fields_and_files_never_answers_500(world):
    client, path = world.clients["participant"], reverse("call_apply", args=[world.call.pk])
    names = world.names("call_apply", Form("participant", lambda w: path, lambda w: path))
    assert "action" in names and any(name.startswith("q-") for name in names)

    @FUZZ
    @given(data=applications(names))
    def post(data):
        assert_answered(partial(client.post, path, data), f"POST {path} {list(data)}")

    post()


def test_a_certificate_code_or_check_in_token_of_any_text_never_answers_500(world):
    visitor, participant = world.clients["visitor"], world.clients["participant"]

    @FUZZ
    @given(text=VALUE.filter(bool))
    def ask(text):
        segment = quote_from_bytes(text, safe="")
        for client, path in ((visitor, f"/uk/certificates/verify/{segment}/"),
                             (participant, f"/uk/learning/trainer/check-in/{segment}/")):
            assert_answered(partial(client.get, path), f"GET {path[:200]}")
        assert_answered(partial(participant.post, f"/uk/learning/trainer/check-in/{segment}/"),
                        f"POST check-in {segment}")

    ask()


# --- The participant import ----------------------------------------------------------------------------------------

def xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CELL = st.one_of(TEXT.map(lambda text: text.encode("utf-8", "replace").decode("utf-8")),
                 st.integers(), st.floats(allow_nan=True), st.none(), st.booleans())
HEADER = ["email", "full_name", "ПІБ", "Email", "статус", "status", "profession", "oblast", "organisation"]
TABLES = st.lists(st.lists(st.one_of(CELL, st.sampled_from(HEADER)), max_size=8), max_size=8)
IMPORT_FILES = st.one_of(
    st.tuples(st.sampled_from(["people.csv", "люди.CSV"]), st.one_of(
        st.binary(max_size=3000),
        TABLES.map(lambda rows: "\n".join(",".join(map(str, row)) for row in rows).encode("utf-8", "surrogatepass")),
        TABLES.map(lambda rows: "\n".join(";".join(map(str, row)) for row in rows).encode("cp1251", "replace")))),
    st.tuples(st.sampled_from(["people.xlsx", "people.XLSX", "people.xls", "people", "people.txt"]), st.one_of(
        st.binary(max_size=3000), TABLES.map(lambda rows: xlsx([[_xlsx_cell(c) for c in row] for row in rows])))),
)


def _xlsx_cell(value):
    """openpyxl refuses control characters in a cell; a spreadsheet program would have refused them too."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")[:32_000]
    return value


@FUZZ
@given(upload=IMPORT_FILES)
def test_the_import_parser_reads_any_file_or_refuses_it_in_words(upload):
    filename, content = upload
    try:
        rows = read_participants(content=content, filename=filename)
    except ImportFileError as refusal:
        assert str(refusal).strip()
    else:
        assert all(row.errors or row.email for row in rows)


def test_the_import_upload_never_answers_500(world):
    client, path = world.clients["coordinator"], reverse("enrollments_admin:session_import", args=[world.session.pk])

    @FUZZ
    @given(upload=IMPORT_FILES)
    def post(upload):
        filename, content = upload
        assert_answered(partial(client.post, path, {"file": SimpleUploadedFile(filename, content)}),
                        f"POST {path} {filename} {content[:60]!r}")

    post()


@pytest.mark.parametrize("url_name", ["complete_module", "session_cancel"])
def test_a_next_that_is_not_a_path_is_ignored(world, url_name, django_assert_max_num_queries):
    """Found by the fuzzing above: `next=0` made `redirect()` look for a view named "0" (a 500)."""
    target = world.module if url_name == "complete_module" else world.session
    with django_assert_max_num_queries(40):
        response = world.clients["participant"].post(reverse(url_name, args=[target.pk]), {"next": "0"})

    assert response.status_code == 302
    assert response["Location"] == (world.module.url if url_name == "complete_module"
                                    else reverse("session_detail", args=[world.session.pk]))


def test_a_request_django_cannot_read_gets_a_page_that_says_so(world):
    """Found by the fuzzing above: a multipart field name too long to read was answered by Django's bare English
    "Bad Request (400)"; templates/400.html says in both languages that nothing was saved and what to do."""
    response = world.clients["participant"].post(reverse("call_apply", args=[world.call.pk]), {"Ї" * 5000: "x"})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and "нічого не збережено" in page and "nothing was saved" in page
