"""Double taps change nothing twice: ten identical posts at the same instant, each from its own request on its own
database connection, as a phone on a slow network sends them (enrollments/calls/views.py and admin_views.py, the
services' row locks, `transitions.compare_seen`, `uploads.content_hash`).

PostgreSQL only: there the row locks really serialise the writers; SQLite has a single writer anyway.
"""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from enrollments.calls.models import Application, ApplicationChange, ApplicationFile, Review
from enrollments.models import Profile
from tests.content.factories import add_call
from tests.courses.factories import build_tree
from tests.enrollments.calls.files import pdf_bytes, upload
from tests.enrollments.calls.pages import COMPLETE, apply_url, posted
from tests.enrollments.calls.reviewing import apply, criteria_of
from tests.enrollments.factories import TrainingSessionFactory
from tests.enrollments.threads import raised, run_together
from tests.factories import CoordinatorFactory, ParticipantFactory, ReviewerFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("postgresql")]

TAPS = 10
CV = pdf_bytes(4096)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def with_cv(call, action: str) -> dict:
    """The form with the CV attached: a new upload object per post, the same bytes in each."""
    return posted(call, action, **COMPLETE, file=upload("резюме.pdf", CV))


def stored_files() -> list[Path]:
    return [path for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file()]


@pytest.fixture
def call():
    return add_call(build_tree(modules=0).home)


@pytest.fixture
def applicant():
    person = ParticipantFactory()
    Profile.objects.create(user=person, full_name="Олександра Щербак", community="Марганецька громада",
                           profession="teacher")
    return person


@pytest.mark.parametrize("action", ["submit", "save"])
def test_ten_identical_posts_of_an_application_with_a_cv_make_one_application_and_write_the_file_once(
        call, applicant, action):
    clients = [logged_in(applicant) for _ in range(TAPS)]

    results = run_together([lambda c=c: c.post(apply_url(call), with_cv(call, action)) for c in clients])

    assert raised(results) == [] and {response.status_code for response in results} == {302}
    application = Application.objects.get()
    assert application.status == ("submitted" if action == "submit" else "draft")
    expected = ["draft", "submitted"] if action == "submit" else ["draft"]  # one row for each real change
    assert list(application.changes.order_by("pk").values_list("to_status", flat=True)) == expected
    record = ApplicationFile.objects.get()
    assert record.sha256 == hashlib.sha256(CV).hexdigest()
    files = stored_files()
    assert len(files) == 1 and hashlib.sha256(files[0].read_bytes()).hexdigest() == record.sha256
    assert files[0].name == Path(record.file.name).name


def test_ten_identical_decisions_are_taken_once_and_email_once(call, mailoutbox):
    session = TrainingSessionFactory(capacity=5)
    call.call.session_links.create(session=session)
    application = apply(call)
    coordinator = CoordinatorFactory()
    clients = [logged_in(coordinator) for _ in range(TAPS)]
    url = reverse("calls_admin:move", args=[call.call_id, application.pk])
    data = {"move": "accept", "note": "", "seen_status": "submitted", "seen_stage": "0"}

    results = run_together([lambda c=c: c.post(url, data) for c in clients])

    assert raised(results) == [] and {response.status_code for response in results} == {302}
    application.refresh_from_db()
    assert application.status == "accepted" and application.enrollment.session == session
    assert ApplicationChange.objects.filter(application=application).count() == 1
    assert session.enrollments.count() == 1
    assert len(mailoutbox) == 1  # one acceptance email
    page = clients[-1].get(reverse("calls_admin:application", args=[call.call_id, application.pk]))
    assert page.status_code == 200 and "Not possible" not in page.content.decode()


def test_ten_identical_bulk_decisions_move_each_application_one_stage(call):
    applications = [apply(call, name=f"Заявниця {n}") for n in range(3)]
    clients = [logged_in(CoordinatorFactory()) for _ in range(TAPS)]
    url = reverse("calls_admin:bulk_move", args=[call.call_id])
    data = {"applications": [a.pk for a in applications], "move": "next_stage",
            **{f"seen-{a.pk}": "submitted:0" for a in applications}}

    results = run_together([lambda c=c: c.post(url, data) for c in clients])

    assert raised(results) == [] and {response.status_code for response in results} == {302}
    assert set(Application.objects.values_list("stage", flat=True)) == {1}  # not 2: the call has two stages only
    assert ApplicationChange.objects.count() == 3


def test_ten_identical_reviews_submit_one_review(call):
    application = apply(call)
    reviewer = ReviewerFactory()
    clients = [logged_in(reviewer) for _ in range(TAPS)]
    url = reverse("calls_admin:review", args=[call.call_id, application.pk])
    data = {"stage": 0, "comment": "Сильна мотивація", "action": "submit",
            **{f"mark_{criterion.pk}": 4 for criterion in criteria_of(call)}}

    results = run_together([lambda c=c: c.post(url, data, follow=True) for c in clients])

    assert raised(results) == [] and {response.status_code for response in results} == {200}
    review = Review.objects.get()
    assert review.submitted_at is not None and review.comment == "Сильна мотивація"
    said = [str(message) for response in results for message in response.context["messages"]]
    assert not [message for message in said if "already submitted" in message or "вже" in message]
