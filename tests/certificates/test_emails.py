"""The holder of a certificate issued by itself is emailed once (certificates/emails.py): the training, the
download link (for the holder, logged in) and the public verification link, both absolute and both answering."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction

from certificates import services
from certificates.models import Certificate
from enrollments.models import Attendance
from enrollments.signals import progress_recorded
from enrollments.templatetags.session_labels import session_label
from tests.certificates.factories import CertificateRuleFactory
from tests.helpers import uk

pytestmark = pytest.mark.django_db


@pytest.fixture
def earned(tree, place):
    """`place` (every day attended) on a course with a completion rule: a certificate is due."""
    CertificateRuleFactory(course=tree.course)
    return place


def test_an_automatic_certificate_emails_its_holder_both_links_once(earned, client, mailoutbox,
                                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        progress_recorded.send(sender=Attendance, enrollment_ids=[earned.pk])

    certificate = Certificate.objects.get(enrollment=earned)
    [message] = mailoutbox
    assert message.to == [earned.user.email]
    assert message.subject == settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + uk(
        "Your certificate: %(title)s", title=certificate.course_title)
    body = message.body
    assert uk("Hello %(name)s,", name="Юрій Зінченко") in body
    assert uk("You have been issued a certificate for the training “%(title)s” (%(label)s):",
              title=certificate.course_title, label=session_label(certificate)) in body
    assert uk("Certificate of completion") in body
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    download = f"{base}/uk/certificates/{certificate.code}/certificate.pdf"
    verify = f"{base}/uk/certificates/verify/{certificate.code}/"
    assert body.split().count(download) == 1 and body.split().count(verify) == 1
    assert certificate.display_code in body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'href="{download}"' in html and f'href="{verify}"' in html

    response = client.get(urlsplit(verify).path)  # anyone, logged out
    assert response.status_code == 200
    assert "Юрій Зінченко" in response.content.decode()
    client.force_login(earned.user)
    response = client.get(urlsplit(download).path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_second_check_issues_nothing_and_emails_nothing(earned, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        progress_recorded.send(sender=Attendance, enrollment_ids=[earned.pk])
    with django_capture_on_commit_callbacks(execute=True):
        progress_recorded.send(sender=Attendance, enrollment_ids=[earned.pk])

    assert Certificate.objects.filter(enrollment=earned).count() == 1
    assert len(mailoutbox) == 1


class Oops(Exception):
    pass


def test_an_award_rolled_back_emails_nothing(earned, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Oops), transaction.atomic():
        assert len(services.award_certificates(enrollment_id=earned.pk).issued) == 1
        raise Oops

    assert not Certificate.objects.filter(enrollment=earned).exists()
    assert mailoutbox == []


def test_the_demo_awards_without_emails(earned, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = services.award_certificates(enrollment_id=earned.pk, notify=False)

    assert len(result.issued) == 1
    assert mailoutbox == []
