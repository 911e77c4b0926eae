"""Bulk issuing for a session: what the page foresees, the background run and its progress page."""

from functools import partial

import pytest
from django.urls import reverse

from certificates.models import BatchStatus, Certificate, IssuingBatch
from tests.certificates.factories import CertificateRuleFactory, issued_certificate
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, TrainingSessionFactory, attended_every_day
from tests.factories import ParticipantFactory, TrainerFactory
from tests.helpers import text, uk

ISSUE_QUERIES = 28  # measured 25 with 1 participant and with 5
BATCH_QUERIES = 12  # measured 10


def issue_url(session) -> str:
    return reverse("certificates_admin:issue", args=[session.pk])


def batch_url(batch) -> str:
    return reverse("certificates_admin:batch", args=[batch.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]



@pytest.fixture
def admin(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a request queued for after its commit (the bulk run): tests run inside one transaction."""
    return partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def session(tree):
    session = TrainingSessionFactory(course=tree.course, title="Ведення випадку — Полтава")
    CertificateRuleFactory(course=None, session=session)  # completion: every day attended
    return session


def participant(session, name: str, *, attended: bool = True, status: str = "enrolled"):
    enrollment = EnrollmentFactory(session=session, status=status)
    ProfileFactory(user=enrollment.user, full_name=name)
    if attended:
        attended_every_day(enrollment)
    return enrollment


@pytest.fixture
def people(session):
    """Two who earned a certificate, one who already has it, one who missed days, one on the waiting list."""
    return {
        "eligible": [participant(session, "Олександра Щербак"), participant(session, "Юрій Зінченко")],
        "has_one": issued_certificate(enrollment=EnrollmentFactory(session=session), full_name="Марія Бондар"),
        "absent": participant(session, "Петро Мельник", attended=False),
        "waiting": participant(session, "Оксана Лисенко", status="waitlisted"),
    }


# --- The page ------------------------------------------------------------------------------------

def test_page_shows_the_rules_and_who_would_receive_one(admin, session, people):
    response = admin.get(issue_url(session))
    assert response.status_code == 200
    [outlook] = response.context["outlooks"]
    assert (outlook.to_issue, outlook.have_one, outlook.revoked, outlook.not_eligible) == (2, 1, 0, 1)
    page = text(response)
    assert "Ведення випадку — Полтава" in page
    assert uk("Certificate of completion") in page and uk("Every day attended") in page
    assert uk("Issue certificates") in page
    assert f"{reverse('certificates:index')}?session={session.pk}" in page


@pytest.mark.parametrize("count", [1, 5])
def test_page_queries_do_not_grow_with_participants(admin, session, count, django_assert_max_num_queries):
    for number in range(count):
        participant(session, f"Учасниця {number}", attended=number % 2 == 0)
    with django_assert_max_num_queries(ISSUE_QUERIES):
        response = admin.get(issue_url(session))
    assert response.status_code == 200
    [outlook] = response.context["outlooks"]
    assert outlook.to_issue + outlook.not_eligible == count


def test_session_list_and_edit_page_lead_to_it(admin, session):
    assert issue_url(session) in text(admin.get(reverse("sessions:index")))
    assert issue_url(session) in text(admin.get(reverse("sessions:edit", args=[session.pk])))


# --- Running -------------------------------------------------------------------------------------

def test_issue_for_the_eligible_only(admin, session, people, committed, django_assert_max_num_queries):
    with committed():
        response = admin.post(issue_url(session))
    batch = IssuingBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch_url(batch)
    assert (batch.status, batch.total, batch.processed, batch.issued, batch.already_had, batch.not_eligible) == (
        BatchStatus.DONE, 4, 4, 2, 1, 1)
    holders = set(Certificate.objects.filter(session=session, status="valid").values_list("holder_name", flat=True))
    assert holders == {"Олександра Щербак", "Юрій Зінченко", "Марія Бондар"}
    assert Certificate.objects.filter(enrollment__in=[e.pk for e in people["eligible"]],
                                      issued_by=batch.requested_by).count() == 2

    with django_assert_max_num_queries(BATCH_QUERIES):
        response = admin.get(batch_url(batch))
    assert response.status_code == 200
    page = text(response)
    assert '<progress id="batch-progress" max="4" value="4">' in page
    assert uk("Done") in page and uk("Certificates issued") in page
    assert 'http-equiv="refresh"' not in page  # finished: nothing more to watch
    assert f"{reverse('certificates:index')}?session={session.pk}" in page
    counts = response.context["batch"]
    assert (counts.issued, counts.already_had, counts.not_eligible) == (2, 1, 1)


def test_running_twice_issues_nothing_twice(admin, session, people, committed):
    with committed():
        admin.post(issue_url(session))
    with committed():
        admin.post(issue_url(session))
    first, second = IssuingBatch.objects.order_by("pk")
    assert (second.issued, second.already_had, second.not_eligible) == (0, 3, 1)
    assert Certificate.objects.filter(session=session).count() == 3
    [outlook] = admin.get(issue_url(session)).context["outlooks"]
    assert (outlook.to_issue, outlook.have_one) == (0, 3)


def test_an_unfinished_run_refreshes_and_is_reused(admin, session, coordinator):
    batch = IssuingBatch.objects.create(session=session, requested_by=coordinator, total=4, processed=1, issued=1,
                                        status=BatchStatus.RUNNING)
    response = admin.get(batch_url(batch))
    assert response.status_code == 200
    page = text(response)
    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress id="batch-progress" max="4" value="1">' in page
    assert uk("Running") in page
    response = admin.post(issue_url(session))  # no second run while one is going
    assert response["Location"] == batch_url(batch)
    assert IssuingBatch.objects.count() == 1


def test_a_session_without_rules_is_refused(admin, tree, committed):
    bare = TrainingSessionFactory(course=tree.course, title="Без правил")
    participant(bare, "Олександра Щербак")
    page = text(admin.get(issue_url(bare)))
    assert uk("No certificate rule applies to this session, so nothing can be issued. Add a rule for its course "
              "or for this session.") in page
    with committed():
        response = admin.post(issue_url(bare), follow=True)
    assert response.redirect_chain[-1][0] == issue_url(bare)
    refusal = uk("No certificate rule applies to this session yet, so there is nothing to issue. Add a rule for its "
                 "course or for the session first.")
    assert refusal in messages_of(response)
    assert not IssuingBatch.objects.exists() and not Certificate.objects.exists()


def test_unknown_session_or_run_is_404(admin, db):
    assert admin.get(reverse("certificates_admin:issue", args=[999999]), follow=True).status_code == 404
    assert admin.post(reverse("certificates_admin:issue", args=[999999]), follow=True).status_code == 404
    assert admin.get(reverse("certificates_admin:batch", args=[999999]), follow=True).status_code == 404


# --- Who may ------------------------------------------------------------------------------------

def test_only_coordinators_issue(client, session, people, committed):
    batch = IssuingBatch.objects.create(session=session, total=4)
    client.force_login(TrainerFactory())
    for response in (client.get(issue_url(session)), client.get(batch_url(batch))):
        assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/"
    with committed():
        assert client.post(issue_url(session)).status_code in (302, 403)
    for user in (ParticipantFactory(), None):
        client.logout()
        if user:
            client.force_login(user)
        for response in (client.get(issue_url(session)), client.post(issue_url(session)),
                         client.get(batch_url(batch))):
            assert response.status_code == 302 and "/login/" in response["Location"]
    assert IssuingBatch.objects.count() == 1
    assert Certificate.objects.count() == 1
