"""The email that tells a holder their certificate is issued: where to download it and where anyone can check it.

Sent through the enrollments' email queue (`enrollments.mail.queue_email`), after the issue commits, in the
session's language. Links are absolute, from WAGTAILADMIN_BASE_URL (the public origin production requires).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from certificates.models import Certificate
from enrollments.mail import queue_email
from enrollments.selectors import greeting_name


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def certificate_links(certificate: Certificate, *, language: str) -> tuple[str, str]:
    """The holder's download link (log-in needed) and the public verification link, in `language`."""
    with translation.override(language):
        return (_absolute(reverse("certificate_pdf", kwargs={"code": certificate.code})),
                _absolute(reverse("verify_certificate", kwargs={"code": certificate.code})))


def notify_holder(certificate: Certificate) -> None:
    """Queue the 'your certificate is issued' email to the holder; nothing when the account has no address."""
    recipient = certificate.user.email
    if not recipient:
        return
    language = certificate.session.language
    download_url, verify_url = certificate_links(certificate, language=language)
    with translation.override(language):
        title = certificate.course_title_en if language == "en" and certificate.course_title_en \
            else certificate.course_title
        context = {"certificate": certificate, "title": title, "name": greeting_name(certificate.user),
                   "download_url": download_url, "verify_url": verify_url}
        subject = render_to_string("emails/certificates/issued_subject.txt", context)
        body = render_to_string("emails/certificates/issued_message.txt", context)
    queue_email(subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body=body,
                to=[recipient])
