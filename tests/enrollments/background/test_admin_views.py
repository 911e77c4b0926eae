"""Reports → Failed emails and tasks (enrollments/background/admin_views.py): what failed after its last try, to
whom, why, when and after how many tries, with "Try again" (POST, CSRF, coordinators and superusers only, each one
in the job's history); the Reports menu item and the dashboard panel with the count."""

import json

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from enrollments.background.services import TRY_AGAIN_LOG_ACTION
from enrollments.mail import queue_email
from enrollments.models import BackgroundJob, JobStatus
from tests.enrollments.admin_pages import uk_count
from tests.enrollments.background_work import SERVICE_NOT_AVAILABLE, let_time_pass, run_worker
from tests.enrollments.factories import FailedJobFactory, OutgoingEmailFactory
from tests.factories import ParticipantFactory, ReviewerFactory, TrainerFactory, UserFactory
from tests.helpers import assert_denied, assert_sent_to_login, messages_of, text, uk

pytestmark = pytest.mark.django_db

FAILED_URL = "/admin/background/failed/"
SUBJECT = "[Hromada LMS] Your place is confirmed: Кризове консультування"


def try_again_url(job) -> str:
    return f"/admin/background/failed/{job.pk}/try-again/"


# --- The list ------------------------------------------------------------------------------------------------

def test_coordinators_read_what_failed_to_whom_why_when_and_after_how_many_tries(admin):
    email = OutgoingEmailFactory(job__last_tried_at=timezone.make_aware(timezone.datetime(2026, 11, 27, 14, 5)))
    OutgoingEmailFactory(job__status=JobStatus.DONE, subject="Sent well")
    OutgoingEmailFactory(job__status=JobStatus.RETRYING, subject="Still being tried")

    response = admin.get(FAILED_URL)

    assert response.status_code == 200
    html = text(response)
    assert uk("Failed emails and tasks") in html
    assert SUBJECT in html and "olena@example.org" in html
    assert "olena@example.org: 421 4.3.2 Service not available" in html
    assert "27.11.2026 14:05" in html
    assert "<td>6</td>" in html
    assert f'action="{try_again_url(email.job)}"' in html and 'name="csrfmiddlewaretoken"' in html
    assert "Sent well" not in html and "Still being tried" not in html


def test_nothing_failed_says_so(admin):
    OutgoingEmailFactory(job__status=JobStatus.DONE)

    response = admin.get(FAILED_URL)

    assert response.status_code == 200
    assert uk("Nothing has failed.") in text(response)


def test_a_failed_task_without_a_description_shows_its_task(admin):
    FailedJobFactory(task_path="enrollments.somewhere.some_task", last_error="RuntimeError: broken")

    response = admin.get(FAILED_URL)

    assert response.status_code == 200
    assert "enrollments.somewhere.some_task" in text(response) and "RuntimeError: broken" in text(response)


@pytest.mark.parametrize("person", [TrainerFactory, ReviewerFactory])
def test_other_staff_may_not_see_the_list_or_try_again(client, person):
    email = OutgoingEmailFactory()
    client.force_login(person())

    assert_denied(client.get(FAILED_URL))
    assert_denied(client.post(try_again_url(email.job)))
    assert BackgroundJob.objects.get(pk=email.pk).status == JobStatus.FAILED
    assert not ModelLogEntry.objects.filter(action=TRY_AGAIN_LOG_ACTION).exists()


def test_participants_and_strangers_are_kept_out(client):
    email = OutgoingEmailFactory()

    assert_sent_to_login(client.get(FAILED_URL))
    assert_sent_to_login(client.post(try_again_url(email.job)))
    client.force_login(ParticipantFactory())
    assert client.post(try_again_url(email.job)).status_code in (302, 403)
    assert BackgroundJob.objects.get(pk=email.pk).status == JobStatus.FAILED


def test_superusers_may_see_the_list(client):
    OutgoingEmailFactory()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(FAILED_URL)

    assert response.status_code == 200
    assert SUBJECT in text(response)


# --- Try again -----------------------------------------------------------------------------------------------

def test_try_again_is_a_post(admin):
    email = OutgoingEmailFactory()

    response = admin.get(try_again_url(email.job))

    assert response.status_code == 405
    assert BackgroundJob.objects.get(pk=email.pk).status == JobStatus.FAILED


def test_try_again_needs_the_csrf_token(coordinator):
    email = OutgoingEmailFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    response = client.post(try_again_url(email.job))

    assert response.status_code == 403
    assert BackgroundJob.objects.get(pk=email.pk).status == JobStatus.FAILED


def test_try_again_sends_the_email_and_is_recorded_in_its_history(admin, coordinator, mailoutbox, committed):
    email = OutgoingEmailFactory()

    with committed():
        response = admin.post(try_again_url(email.job))

    assert response.status_code == 302 and response["Location"] == FAILED_URL
    [message] = mailoutbox
    assert (message.to, message.subject) == (["olena@example.org"], SUBJECT)
    job = BackgroundJob.objects.get(pk=email.pk)
    assert (job.status, job.tries) == (JobStatus.DONE, 7)
    [entry] = ModelLogEntry.objects.filter(action=TRY_AGAIN_LOG_ACTION)
    assert (entry.object_id, entry.user, entry.data) == (str(job.pk), coordinator, {"tries": 6})
    after = admin.get(FAILED_URL)
    assert after.context["failures"] == [] and uk("Nothing has failed.") in text(after)


def test_work_tried_again_already_is_not_tried_twice(admin, committed, mailoutbox):
    email = OutgoingEmailFactory()
    with committed():
        admin.post(try_again_url(email.job), follow=True)

    with committed():
        response = admin.post(try_again_url(email.job), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk("This has not failed, or was tried again already.")]
    assert len(mailoutbox) == 1
    assert ModelLogEntry.objects.filter(action=TRY_AGAIN_LOG_ACTION).count() == 1


# --- With a real mail server: refused to the last try, listed, tried again once it is back ---------------------

@pytest.mark.usefixtures("database_tasks")
def test_an_email_refused_to_the_last_try_is_listed_and_sent_once_tried_again(admin, mail_server, committed):
    mail_server.refusal = SERVICE_NOT_AVAILABLE
    with committed():
        email = queue_email(subject=SUBJECT, body="Вітаємо!", to=["olena@example.org"])
    run_worker()
    while (job := BackgroundJob.objects.get(pk=email.pk)).status == JobStatus.RETRYING:
        let_time_pass(job.next_try_at - timezone.now())
        run_worker()

    listed = admin.get(FAILED_URL)
    assert listed.status_code == 200
    html = text(listed)
    assert SUBJECT in html and "olena@example.org" in html and "421 4.3.2 Service not available" in html
    assert "<td>6</td>" in html

    mail_server.refusal = None  # the mail server is back
    with committed():
        tried = admin.post(try_again_url(job), follow=True)
    assert tried.status_code == 200
    assert messages_of(tried) == [uk("“%(what)s” will be tried again in a moment.", what=SUBJECT)]
    run_worker()

    [message] = mail_server.messages
    assert message["Subject"] is not None and message["To"] == "olena@example.org"
    assert BackgroundJob.objects.get(pk=job.pk).status == JobStatus.DONE
    after = admin.get(FAILED_URL)
    assert after.status_code == 200
    assert after.context["failures"] == [] and uk("Nothing has failed.") in text(after)


def test_tried_again_while_the_server_still_refuses_it_is_listed_again_with_the_new_reason(admin, mail_server,
                                                                                         committed):
    email = OutgoingEmailFactory(job__last_error="ConnectionRefusedError: [Errno 111] Connection refused")
    mail_server.refusal = SERVICE_NOT_AVAILABLE

    with committed():
        admin.post(try_again_url(email.job))

    job = BackgroundJob.objects.get(pk=email.pk)
    assert (job.status, job.tries) == (JobStatus.FAILED, 7)
    html = text(admin.get(FAILED_URL))
    assert "421 4.3.2 Service not available" in html and "Connection refused" not in html
    assert mail_server.messages == []


# --- Where coordinators notice: the Reports menu and the dashboard ---------------------------------------------

def test_the_dashboard_and_the_reports_menu_count_the_failures(admin):
    OutgoingEmailFactory.create_batch(2)

    response = admin.get("/admin/")

    assert response.status_code == 200
    html = text(response)
    assert uk_count("%(count)s email or task still failed after its last try.",
                    "%(count)s emails or tasks still failed after their last try.", 2) in html
    assert f'href="{FAILED_URL}"' in html
    # The menu item, in the sidebar's data (JSON, so written as JSON writes it).
    assert json.dumps(uk("Failed emails and tasks") + " (2)")[1:-1] in response.content.decode()


def test_the_dashboard_says_nothing_while_nothing_failed(admin):
    response = admin.get("/admin/")

    assert response.status_code == 200
    assert f'href="{FAILED_URL}"' not in text(response)


def test_other_staff_are_not_shown_the_panel_or_the_menu_item(client):
    OutgoingEmailFactory()
    client.force_login(TrainerFactory())

    response = client.get("/admin/")

    assert response.status_code == 200
    label = uk("Failed emails and tasks")
    assert label not in text(response) and json.dumps(label)[1:-1] not in response.content.decode()
