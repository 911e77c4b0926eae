"""The coordinators' pages about one certificate (certificates/admin_views.py): finding it by its code, the PDF,
revoking, reissuing with a corrected name; bulk issuing for a session with its background run and progress page;
and who may do any of it."""

from functools import partial

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates import services
from certificates.models import BatchStatus, Certificate, IssuingBatch, RevocationReason
from certificates.transliteration import to_latin
from tests.certificates.admin_pages import INDEX_URL, inspect_url, reissue_url, revoke_url
from tests.certificates.factories import CertificateRuleFactory, issued_certificate
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, TrainingSessionFactory, attended_every_day
from tests.factories import ParticipantFactory, TrainerFactory
from tests.helpers import assert_denied, assert_sent_to_login, messages_of, text, uk

FORM_QUERIES = 14  # the revoke and reissue forms: measured 10 and 12
ISSUE_QUERIES = 28  # measured 25 with 1 participant and with 5
BATCH_QUERIES = 12  # measured 10


# --- Finding it, and its PDF ------------------------------------------------------------------------

def test_a_code_typed_leads_to_its_certificate(admin, certificate):
    response = admin.get(reverse("certificates_admin:by_code", args=[certificate.display_code.lower()]))
    assert response.status_code == 302
    assert response["Location"] == inspect_url(certificate)
    assert admin.get(reverse("certificates_admin:by_code", args=["ABCDE-FGHJK"]), follow=True).status_code == 404
    assert admin.get(reverse("certificates_admin:by_code", args=["0" * 20]), follow=True).status_code == 404


@pytest.mark.pdf
def test_pdf_downloads_for_the_coordinator(admin, certificate):
    response = admin.get(reverse("certificates_admin:pdf", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert certificate.code in response["Content-Disposition"]


def test_pdf_of_unknown_certificate_is_404(admin, db):
    assert admin.get(reverse("certificates_admin:pdf", args=[999999]), follow=True).status_code == 404


# --- Revoking ------------------------------------------------------------------------------------

def test_revoke_form_offers_reasons_but_reissued(admin, certificate, django_assert_max_num_queries):
    with django_assert_max_num_queries(FORM_QUERIES):
        response = admin.get(revoke_url(certificate))
    assert response.status_code == 200
    page = text(response)
    assert uk("Issued in error") in page and uk("Misconduct") in page
    assert 'value="reissued"' not in page
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"  # a GET changes nothing


def test_revoke(admin, certificate, coordinator):
    response = admin.post(revoke_url(certificate), {"reason": "misconduct", "note": "Підроблений підпис"},
                          follow=True)
    assert response.redirect_chain[-1][0] == inspect_url(certificate)
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert certificate.revocation_reason == "misconduct"
    assert certificate.revocation_note == "Підроблений підпис"
    assert certificate.revoked_by == coordinator
    assert any(certificate.display_code in message for message in messages_of(response))
    page = text(response)
    assert uk("Revocation") in page and "Підроблений підпис" in page and uk("Certificate revoked") in page
    assert "Ірина Коваль" in page  # who did it, in the history
    assert revoke_url(certificate) not in page  # nothing left to revoke
    entry = ModelLogEntry.objects.get(object_id=str(certificate.pk), action=services.REVOKED)
    assert entry.user == coordinator


def test_revoke_refuses_reissued_as_a_reason_and_needs_one(admin, certificate):
    for data in ({"reason": "reissued"}, {"reason": ""}):
        response = admin.post(revoke_url(certificate), data)
        assert response.status_code == 200
        assert response.context["form"].errors["reason"]
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"


def test_revoking_twice_says_it_is_already_revoked(admin, certificate, coordinator):
    services.revoke_certificate(certificate=certificate, by=coordinator, reason="error")
    response = admin.post(revoke_url(certificate), {"reason": "misconduct"}, follow=True)
    assert uk("This certificate is already revoked.") in messages_of(response)
    assert Certificate.objects.get(pk=certificate.pk).revocation_reason == "error"


def test_revoke_of_unknown_certificate_is_404(admin, db):
    assert admin.post(reverse("certificates_admin:revoke", args=[999999]), {"reason": "error"},
                      follow=True).status_code == 404


# --- Reissuing -----------------------------------------------------------------------------------

def test_reissue_form_is_prefilled(admin, certificate, django_assert_max_num_queries):
    with django_assert_max_num_queries(FORM_QUERIES):
        response = admin.get(reissue_url(certificate))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["holder_name"] == "Олександра Щербак"
    assert form.initial["holder_name_latin"] == "Oleksandra Shcherbak"


def test_reissue_with_a_corrected_name(admin, certificate, coordinator):
    response = admin.post(reissue_url(certificate), {
        "holder_name": "  Олександра   Щербакова ", "holder_name_latin": "Oleksandra Shcherbak",
        "suggested_latin": "Oleksandra Shcherbak"}, follow=True)
    old = Certificate.objects.get(pk=certificate.pk)
    new = old.replaced_by
    assert response.redirect_chain[-1][0] == inspect_url(new)
    assert new.code != old.code and new.status == "valid"
    assert new.holder_name == "Олександра Щербакова"
    assert new.holder_name_latin == to_latin("Олександра Щербакова") == "Oleksandra Shcherbakova"
    assert (old.status, old.revocation_reason, old.revoked_by) == ("revoked", RevocationReason.REISSUED, coordinator)
    assert new.course_title == old.course_title and new.issued_by == coordinator
    assert any(new.display_code in message and old.display_code in message for message in messages_of(response))
    page = text(response)
    assert old.display_code in page  # the chain: the new one replaces the old
    assert uk("Certificate reissued with a corrected name") in page
    assert "Олександра Щербак" in text(admin.get(inspect_url(old)))
    assert new.display_code in text(admin.get(inspect_url(old)))


def test_reissue_keeps_a_latin_spelling_typed_by_hand(admin, certificate):
    response = admin.post(reissue_url(certificate), {
        "holder_name": "Олександра Щербак", "holder_name_latin": "Alexandra Shcherbak",
        "suggested_latin": "Oleksandra Shcherbak"})
    new = Certificate.objects.get(replaces=certificate)
    assert response.status_code == 302 and response["Location"] == inspect_url(new)
    assert new.holder_name_latin == "Alexandra Shcherbak"


def test_reissue_needs_a_name(admin, certificate):
    response = admin.post(reissue_url(certificate), {"holder_name": "   ", "holder_name_latin": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["holder_name"]
    assert not Certificate.objects.filter(replaces=certificate).exists()


def test_a_revoked_certificate_cannot_be_reissued(admin, certificate, coordinator):
    services.revoke_certificate(certificate=certificate, by=coordinator, reason="error")
    response = admin.post(reissue_url(certificate), {"holder_name": "Олександра Щербакова"}, follow=True)
    assert uk("Only a valid certificate can be reissued.") in messages_of(response)
    assert not Certificate.objects.filter(replaces=certificate).exists()


# --- Who may ------------------------------------------------------------------------------------

def pages(certificate) -> list[str]:
    return [INDEX_URL, inspect_url(certificate), revoke_url(certificate), reissue_url(certificate),
            reverse("certificates_admin:pdf", args=[certificate.pk]),
            reverse("certificates_admin:by_code", args=[certificate.code])]


def test_trainers_are_kept_out(client, certificate):
    client.force_login(TrainerFactory())
    for url in pages(certificate):
        assert_denied(client.get(url))
    assert_denied(client.post(revoke_url(certificate), {"reason": "error"}))
    assert_denied(client.post(reissue_url(certificate), {"holder_name": "Хтось"}))
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"


def test_participants_even_the_holder_are_kept_out(client, certificate):
    client.force_login(certificate.user)
    for url in pages(certificate):
        assert_sent_to_login(client.get(url))
    assert_sent_to_login(client.post(revoke_url(certificate), {"reason": "error"}))
    client.force_login(ParticipantFactory())
    assert_sent_to_login(client.get(inspect_url(certificate)))
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"


def test_anonymous_is_sent_to_log_in(client, certificate):
    for url in pages(certificate):
        assert_sent_to_login(client.get(url))
    assert_sent_to_login(client.post(reissue_url(certificate), {"holder_name": "Хтось"}))
    assert not Certificate.objects.filter(replaces=certificate).exists()


def test_viewing_alone_does_not_allow_revoking(client, certificate):
    viewer = TrainerFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_certificate"))
    client.force_login(viewer)
    page = text(client.get(inspect_url(certificate)))
    assert certificate.display_code in page
    assert revoke_url(certificate) not in page
    assert_denied(client.post(revoke_url(certificate), {"reason": "error"}))
    assert Certificate.objects.get(pk=certificate.pk).status == "valid"


# --- Bulk issuing for a session: its addresses, and the people on it ---------------------------------

def issue_url(session) -> str:
    return reverse("certificates_admin:issue", args=[session.pk])


def batch_url(batch) -> str:
    return reverse("certificates_admin:batch", args=[batch.pk])


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


# --- Bulk issuing: the page -------------------------------------------------------------------------

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


# --- Bulk issuing: the run ------------------------------------------------------------------------

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


def test_a_failed_run_says_it_is_tried_again_by_itself(admin, session, coordinator):
    batch = IssuingBatch.objects.create(session=session, requested_by=coordinator, total=4, processed=1,
                                        status=BatchStatus.FAILED, error="OperationalError: database is locked")
    response = admin.get(batch_url(batch))
    assert response.status_code == 200
    page = text(response)
    assert "OperationalError: database is locked" in page
    assert uk("Some participants could not be checked (the error says why); the others were, and the certificates "
              "issued stay issued. The run is tried again by itself over the next hours (until then you may run it "
              "again: it checks everyone again and issues nothing twice); if it still fails, it is listed under "
              "Reports → Failed emails and tasks.") in page
    assert '<meta http-equiv="refresh"' not in page


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


# --- Bulk issuing: who may -----------------------------------------------------------------------

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
