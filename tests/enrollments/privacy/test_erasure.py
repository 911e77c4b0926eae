"""Erasure carried out: afterwards no column of any table holds the person's name, address or answers, the records
reports count are still there, certificates stay verifiable, and the account cannot log in. On SQLite and, with
DATABASE_URL, on PostgreSQL."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from certificates.models import ERASED_HOLDER_NAME, Certificate
from enrollments.background.models import BackgroundJob, OutgoingEmail
from enrollments.calls.models import Application, ApplicationChange, ApplicationFile, Review
from enrollments.mail import queue_email
from enrollments.models import Attendance, Enrollment, Profile, QuizAttempt
from enrollments.privacy import erasure
from enrollments.privacy.models import AccessRecord, ErasureRequest, ErasureStatus
from tests.certificates.factories import issued_certificate
from tests.content.factories import add_call
from tests.content.factories import question_ids as call_question_ids
from tests.courses.factories import add_quiz, question_ids
from tests.enrollments.calls.reviewing import submit_review
from tests.enrollments.factories import (
    ApplicationFactory,
    EnrollmentFactory,
    FailedJobFactory,
    graded_answers,
    submitted_attempt,
)
from tests.factories import PASSWORD, CoordinatorFactory, ParticipantFactory, ReviewerFactory

NAME = "Ярослава Ковальчук-Тестова"
LATIN = "Yaroslava Kovalchuk-Testova"
EMAIL = "yaroslava.kovalchuk@example.org"
ANSWER = "Наша громада за Чорним Яром 7319"
QUIZ_ANSWER = "відповідь-ковальчук-5501"


def scan(*needles: str) -> list[tuple[str, str, str]]:
    """Every (table, column, needle) where a column of any table holds one of the needles, in any letter case.
    JSON is read as text with its letters unescaped (SQLite keeps "\\u0425"), files' names as stored."""
    hits = []
    folded = [needle.casefold() for needle in needles]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - the catalogue's names
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    text = _as_text(value).casefold()
                    hits += [(table, column, needle) for needle in folded if needle in text]
    return hits


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", errors="ignore")
    text = str(value)
    if text[:1] in "[{\"":
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return text


@pytest.fixture
def person(tree, client, settings):
    """A participant with every kind of record: profile, a certificate, a quiz, an application with a file and a
    review, emails, the admin's history of their place, an access record and a logged-in session."""
    user = ParticipantFactory(email=EMAIL, username="yaroslava.kovalchuk", first_name="Ярослава",
                              last_name="Ковальчук-Тестова")
    enrollment = EnrollmentFactory(user=user)
    certificate = issued_certificate(enrollment=enrollment, full_name=NAME)
    Certificate.objects.filter(pk=certificate.pk).update(holder_name_latin=LATIN)
    Profile.objects.filter(user=user).update(organisation="Центр «Ковальчук і партнери»", community="Яр",
                                             reporting_consent_at="2026-01-01T00:00Z", sex="female",
                                             age_band="35_44", profession="social_worker", oblast="kharkiv")
    Attendance.objects.filter(enrollment=enrollment).update(note=f"{NAME} прийшла пізніше")
    quiz = add_quiz(tree.course, slug="check", pass_mark=50)
    answers = graded_answers(quiz)
    answers[question_ids(quiz)["short_text"]] = QUIZ_ANSWER
    attempt = submitted_attempt(quiz, user, answers, when=None)
    call = add_call(tree.home)
    ids = call_question_ids(call)
    application = ApplicationFactory(call=call, applicant=user, full_name=NAME,
                                     answers={ids["long_text"]: ANSWER, ids["short_text"]: "Вчителька"})
    ApplicationFile.objects.create(application=application, question_id=ids["file"],
                                   file=ContentFile(ANSWER.encode(), name="kovalchuk.pdf"),
                                   original_name=f"Лист {NAME}.pdf", content_type="application/pdf", size=40)
    ApplicationChange.objects.create(application=application, changed_by=user, changed_at=application.submitted_at,
                                     from_status="draft", to_status="submitted", to_stage=0,
                                     note=f"Надіслала {NAME}")
    submit_review(application, ReviewerFactory(), 5, 4, comment=f"{NAME} дуже мотивована")
    queue_email(subject=f"Вітаємо, {NAME}", body=f"{ANSWER}", to=[EMAIL])
    FailedJobFactory(last_error=f"SMTPRecipientsRefused: {EMAIL}: 550 No such user")
    coordinator = CoordinatorFactory()
    log(instance=enrollment, action="wagtail.edit", user=coordinator)
    log(instance=user, action="wagtail.edit", user=coordinator, data={"email": EMAIL, "name": NAME})
    AccessRecord.objects.create(viewer=coordinator, subject=user, what="profile", object_label=NAME)
    client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert Session.objects.exists()
    return {"user": user, "enrollment": enrollment, "certificate": certificate, "attempt": attempt,
            "application": application, "coordinator": coordinator}


def erase(person, django_capture_on_commit_callbacks, *, keep_certificates=False):
    request = erasure.request_erasure(user=person["user"], keep_certificates=keep_certificates)
    with django_capture_on_commit_callbacks(execute=True):
        return erasure.execute_erasure(erasure_request=request, by=person["coordinator"])


def test_no_table_holds_the_name_the_address_or_the_answers(person, django_capture_on_commit_callbacks,
                                                               mailoutbox, settings):
    assert {hit[2] for hit in scan(NAME, EMAIL, ANSWER, QUIZ_ANSWER)} == {
        needle.casefold() for needle in (NAME, EMAIL, ANSWER, QUIZ_ANSWER)}  # the scan finds them before
    stored = ApplicationFile.objects.get().file
    path = stored.path
    mailoutbox.clear()

    done = erase(person, django_capture_on_commit_callbacks)

    assert done.status == ErasureStatus.ERASED and done.decided_by == person["coordinator"]
    needles = (NAME, LATIN, EMAIL, ANSWER, QUIZ_ANSWER, "Ковальчук", "kovalchuk", "Центр «Ковальчук")
    assert scan(*needles) == []
    assert not ApplicationFile.objects.exists()
    assert not __import__("os").path.exists(path)  # the upload is gone from storage
    [message] = mailoutbox
    assert message.to == [EMAIL]
    assert "Ваші персональні дані видалено" in message.subject and "Your personal data has been erased" in \
        message.subject
    assert "Ярослава" in message.body and "person whose data was erased" in message.body


def test_what_reports_count_stays(person, django_capture_on_commit_callbacks):
    attempt, total = person["attempt"], Review.objects.get().total
    erase(person, django_capture_on_commit_callbacks)

    assert Enrollment.objects.filter(pk=person["enrollment"].pk, status="enrolled").exists()
    assert Attendance.objects.filter(enrollment=person["enrollment"], status="present").count() == 3
    kept = QuizAttempt.objects.get(pk=attempt.pk)
    assert (kept.answers, kept.score, kept.passed, kept.percent) == ({}, attempt.score, True, attempt.percent)
    application = Application.objects.get(pk=person["application"].pk)
    assert (application.status, application.oblast, application.profession, application.answers) == (
        "submitted", "dnipropetrovsk", "teacher", {})
    review = Review.objects.get()
    assert review.comment == "" and review.total == total > 0
    profile = Profile.objects.get(user=person["user"])
    assert (profile.full_name, profile.organisation, profile.community, profile.sex, profile.age_band,
            profile.reporting_consent_at) == ("", "", "", "", "", None)
    assert (profile.profession, profile.oblast) == ("social_worker", "kharkiv")  # work categories of the counts


def test_the_account_can_no_longer_log_in(person, client, django_capture_on_commit_callbacks):
    erase(person, django_capture_on_commit_callbacks)

    user = get_user_model().objects.get(pk=person["user"].pk)
    assert not user.is_active and not user.has_usable_password()
    assert user.email.endswith("@erased.invalid") and (user.first_name, user.last_name) == ("", "")
    assert not user.groups.exists() and not EmailAddress.objects.filter(user=user).exists()
    assert not Session.objects.exists()  # logged out everywhere
    assert client.get(reverse("my_learning")).status_code == 302
    response = client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_the_certificate_stays_verifiable_naming_nobody(person, django_capture_on_commit_callbacks,
                                                        django_assert_max_num_queries):
    erase(person, django_capture_on_commit_callbacks)
    client = Client()  # a stranger holding the code, not the person's logged-out browser

    certificate = Certificate.objects.get(pk=person["certificate"].pk)
    assert certificate.holder_erased and certificate.holder_name == ERASED_HOLDER_NAME
    assert certificate.status == "valid" and certificate.code == person["certificate"].code
    with django_assert_max_num_queries(8):
        response = client.get(reverse("verify_certificate", args=[certificate.code]))
    assert response.status_code == 200
    assert "Видано особі, чиї дані видалено" in response.content.decode() and NAME not in response.content.decode()


def test_a_holder_who_asked_keeps_their_name_on_certificates_only(person, django_capture_on_commit_callbacks):
    erase(person, django_capture_on_commit_callbacks, keep_certificates=True)

    assert Certificate.objects.get(pk=person["certificate"].pk).holder_name == NAME
    hits = {(table, column) for table, column, _ in scan(NAME, LATIN, EMAIL, ANSWER, QUIZ_ANSWER)}
    assert hits == {("certificates_certificate", "holder_name"), ("certificates_certificate", "holder_name_latin")}


def test_erasing_twice_is_harmless(person, django_capture_on_commit_callbacks, mailoutbox):
    done = erase(person, django_capture_on_commit_callbacks)
    email = get_user_model().objects.get(pk=person["user"].pk).email
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = erasure.execute_erasure(erasure_request=done, by=CoordinatorFactory())

    assert again.status == ErasureStatus.ERASED and again.decided_by == person["coordinator"]
    assert get_user_model().objects.get(pk=person["user"].pk).email == email and mailoutbox == []


def test_the_last_email_forgets_its_address_once_sent(person, django_capture_on_commit_callbacks):
    erase(person, django_capture_on_commit_callbacks)

    [last] = OutgoingEmail.objects.all()  # the earlier email to them is deleted with its job
    assert last.sent_at is not None and (last.to, last.body) == ([], "")
    assert BackgroundJob.objects.get(pk=last.pk).task_path.endswith("send_email_then_forget_recipient")


def test_history_of_their_records_forgets_them(person, django_capture_on_commit_callbacks):
    erase(person, django_capture_on_commit_callbacks)

    entries = ModelLogEntry.objects.filter(object_id__in=[str(person["user"].pk), str(person["enrollment"].pk),
                                                          str(person["certificate"].pk)])
    assert entries.count() >= 3  # kept, for the history, without the names
    user_entry = entries.get(content_type__model="user")
    assert user_entry.data == {"email": erasure.ERASED, "name": erasure.ERASED}


# --- Requests and decisions ----------------------------------------------------------------------------------------

def test_one_open_request_per_person_with_the_latest_certificates_choice(participant):
    first = erasure.request_erasure(user=participant, keep_certificates=False)
    second = erasure.request_erasure(user=participant, keep_certificates=True)

    assert first.pk == second.pk and ErasureRequest.objects.get().keep_certificates is True


def test_a_withdrawn_request_cannot_be_carried_out(participant, coordinator):
    request = erasure.request_erasure(user=participant, keep_certificates=False)
    erasure.withdraw_erasure_request(user=participant)

    with pytest.raises(erasure.ErasureRefused):
        erasure.execute_erasure(erasure_request=request, by=coordinator)
    assert get_user_model().objects.get(pk=participant.pk).email == participant.email
    assert erasure.withdraw_erasure_request(user=participant) is None  # nothing left waiting
    assert erasure.request_erasure(user=participant, keep_certificates=False).pk != request.pk  # may ask again


def test_declining_tells_the_person_why_in_both_languages(participant, coordinator, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    request = erasure.request_erasure(user=participant, keep_certificates=False)
    with django_capture_on_commit_callbacks(execute=True):
        declined = erasure.decline_erasure(erasure_request=request, by=coordinator,
                                           note="Триває перевірка гранту до 1 березня; it's required")

    assert (declined.status, declined.decided_by, declined.decision_note) == (
        ErasureStatus.DECLINED, coordinator, "Триває перевірка гранту до 1 березня; it's required")
    [message] = mailoutbox
    assert message.to == [participant.email]
    assert "Триває перевірка гранту до 1 березня; it's required" in message.body  # plain text, not escaped
    assert "cannot carry it out" in message.body and "не можемо" in message.body
    assert get_user_model().objects.get(pk=participant.pk).is_active
    with pytest.raises(erasure.ErasureRefused):
        erasure.execute_erasure(erasure_request=request, by=coordinator)


def test_scrub_replaces_names_in_any_case_inside_json():
    value = {"holder": "ОЛЕНА Петренко", "list": ["olena@example.org", 3], "Олена петренко": True}
    assert erasure.scrub(value, ["Олена Петренко", "olena@example.org"]) == {
        "holder": erasure.ERASED, "list": [erasure.ERASED, 3], erasure.ERASED: True}
