"""Applicants' uploaded files (enrollments/calls/views.py, `application_file`): served only to the applicant,
reviewers and coordinators, as downloads never rendered, from outside the public media folder."""


import pytest

from enrollments.calls import services
from enrollments.calls.models import Application
from enrollments.calls.uploads import check_upload
from tests.enrollments.calls.clock import NOW
from tests.enrollments.calls.files import pdf_bytes, upload
from tests.enrollments.factories import ApplicationFactory
from tests.factories import CoordinatorFactory, ParticipantFactory, ReviewerFactory, TrainerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]


@pytest.fixture
def stored(call):
    """A PDF uploaded by an applicant to the call's file question, through the service, then submitted."""
    application = ApplicationFactory(call=call, status="draft")
    question_id = next(block.id for block in call.questions if block.block_type == "file")
    checked = check_upload(upload=upload("Лист Олі.pdf", pdf_bytes()), kinds=["pdf"], max_mb=2)
    record = services.store_file(application=application, question_id=question_id, checked=checked, now=NOW)
    Application.objects.filter(pk=application.pk).update(status="submitted")
    record.application.status = "submitted"
    return record

def file_url(record) -> str:
    return f"/uk/learning/calls/files/{record.pk}/"


@pytest.mark.parametrize("who", ["applicant", "coordinator", "reviewer"])
def test_the_file_is_a_download_for_those_who_may_see_the_application(client, stored, who):
    person = {"applicant": lambda: stored.application.applicant, "coordinator": CoordinatorFactory,
              "reviewer": ReviewerFactory}[who]()
    client.force_login(person)
    response = client.get(file_url(stored))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%D0%9B%D0%B8%D1%81%D1%82" in response["Content-Disposition"]  # "Лист…", encoded
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("who", ["another_applicant", "trainer", "participant"])
def test_anyone_else_gets_not_found(client, call, stored, who):
    if who == "another_applicant":
        person = ApplicationFactory(call=call).applicant  # applied to the same call
    else:
        person = TrainerFactory() if who == "trainer" else ParticipantFactory()
    client.force_login(person)
    response = client.get(file_url(stored))
    assert response.status_code == 404
    assert b"%PDF" not in response.content


def test_a_visitor_is_sent_to_log_in(client, stored):
    response = client.get(file_url(stored))
    assert response.status_code == 302
    assert response.url.startswith("/uk/accounts/login/?next=")


def test_an_unknown_or_vanished_file_is_not_found(client, stored):
    client.force_login(stored.application.applicant)
    assert client.get(f"/uk/learning/calls/files/{stored.pk + 1000}/").status_code == 404
    stored.file.storage.delete(stored.file.name)
    assert client.get(file_url(stored)).status_code == 404


def test_files_are_kept_outside_the_public_media_folder(stored, settings):
    assert stored.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not stored.file.path.startswith(str(settings.MEDIA_ROOT))
    assert "Лист" not in stored.file.name


def test_a_reviewer_cannot_download_a_file_of_a_draft(client, stored):
    Application.objects.filter(pk=stored.application_id).update(status="draft")
    client.force_login(ReviewerFactory())
    response = client.get(file_url(stored))
    assert response.status_code == 404
    assert not response.has_header("Content-Disposition")
