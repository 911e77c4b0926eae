"""The demo certificates (lms/demo/certificates.py): who issues them, the rules, and the certificates of
the finished Kryvyi Rih session; and the issue's "done when" walked through on the seeded demo."""

import io
from datetime import timedelta
from decimal import Decimal

import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from certificates.models import Certificate, CertificateRule, CertificateSettings
from certificates.qr import verification_path
from certificates.services import ISSUED
from courses.models import QuizPage
from enrollments.models import QuizAttempt, TrainingSession
from lms.demo.results import CITY, DEMO_ATTENDEES, POST_TEST, take
from tests.helpers import text, uk
from tests.lms.demo.seeding import seed

HOLDER, LEARNER = "participant2@example.org", "participant1@example.org"


def finished_session() -> TrainingSession:
    return TrainingSession.objects.get(city=CITY)


def valid_holders(session: TrainingSession) -> set[str]:
    return set(Certificate.objects.filter(session=session, status="valid").values_list("user__email", flat=True))


def counts() -> dict[str, int]:
    return {"certificates": Certificate.objects.count(), "rules": CertificateRule.objects.count(),
            "issued": ModelLogEntry.objects.filter(action=ISSUED).count(),
            "settings": CertificateSettings.objects.count()}


def pdf_text(response) -> str:
    return " ".join(pypdf.PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())


class TestSeededDemoCertificates:
    """The seed runs once for these tests (seconds), in a transaction rolled back after the class."""

    @pytest.fixture(autouse=True)
    def _seeded(self, demo_output, db):
        pass

    def test_the_organisation_issues_and_two_people_sign(self):
        settings = CertificateSettings.load()
        assert (settings.issuer, settings.issuer_en) == ("ГО «Громада»", "NGO Hromada")
        assert (settings.signatory_1_name, settings.signatory_2_name) == ("Олена Коваленко", "Андрій Мельник")
        assert settings.signatory_1_role and settings.signatory_1_role_en and settings.signatory_2_role_en

    def test_crisis_communication_needs_every_day_and_the_post_test_case_management_every_day(self):
        completion, attendance = (CertificateRule.objects.get(kind=kind) for kind in ("completion", "attendance"))
        post_test = QuizPage.objects.get(locale__language_code="uk", slug="post-test")
        assert (completion.course.slug, completion.attendance, completion.active) == (
            "crisis-communication", "every_day", True)
        assert list(completion.required_quizzes.all()) == [post_test]
        assert completion.validity_months is None
        assert not completion.required_modules.exists()
        assert (attendance.course.slug, attendance.attendance, attendance.active) == ("case-management", "every_day",
                                                                                      True)
        assert not attendance.required_quizzes.exists()

    def test_participant2_has_one_valid_completion_certificate_for_the_finished_session(self):
        session = finished_session()
        days = list(session.days.order_by("date").values_list("date", flat=True))

        [certificate] = Certificate.objects.filter(user__email=HOLDER)

        assert (certificate.kind, certificate.status, certificate.session) == ("completion", "valid", session)
        assert (certificate.holder_name, certificate.holder_name_latin) == ("Юрій Зінченко", "Yurii Zinchenko")
        assert certificate.course_title == "Кризова комунікація та перша психологічна допомога"
        assert certificate.course_title_en == "Crisis communication and psychological first aid"
        assert (certificate.first_day, certificate.last_day, certificate.city) == (days[0], days[-1], CITY)
        # the course's 18 hours of training, not the 22,5 hours on the clock of three days 9:30–17:00
        assert (certificate.hours, certificate.expires_on, certificate.issued_by) == (Decimal("18.0"), None, None)
        assert (certificate.issuer, certificate.issuer_en) == ("ГО «Громада»", "NGO Hromada")
        assert timezone.localdate(certificate.issued_at) == days[-1]  # as the automatic check would have
        assert [s["name_latin"] for s in certificate.signatories] == ["Olena Kovalenko", "Andrii Melnyk"]
        post = QuizAttempt.objects.get(user__email=HOLDER, session=session, kind="post_test")
        assert post.passed

    def test_participant1_has_none_until_she_passes_the_post_test(self):
        assert not Certificate.objects.filter(user__email=LEARNER).exists()
        assert not QuizAttempt.objects.filter(user__email=LEARNER, kind="post_test").exists()

    def test_attendees_who_passed_the_post_test_have_one_those_who_failed_do_not(self):
        session = finished_session()
        post = QuizAttempt.objects.filter(session=session, kind="post_test", status="submitted")
        passed = set(post.filter(passed=True).values_list("user__email", flat=True))
        failed = set(post.filter(passed=False).values_list("user__email", flat=True))

        assert failed and passed  # both cases are in the demo
        assert valid_holders(session) == passed
        assert {HOLDER} < passed and failed < {demo.email for demo in DEMO_ATTENDEES}
        assert Certificate.objects.filter(session=session).count() == len(passed)
        assert not Certificate.objects.exclude(session=session).exists()

    def test_seed_output_gives_the_holders_code_and_verification_page(self, demo_output):
        certificate = Certificate.objects.get(user__email=HOLDER)
        assert f"{HOLDER} has certificate {certificate.display_code}: /certificates/verify/{certificate.code}/" \
            in demo_output
        assert verification_path(certificate.code) in demo_output
        assert f"{len(valid_holders(finished_session()))} valid certificates for the {CITY} session." in demo_output
        assert f"{LEARNER} receives hers on passing the post-test of the {CITY} session." in demo_output

    def test_participant1_passing_the_post_test_gets_hers_at_once(self, django_capture_on_commit_callbacks):
        session = finished_session()
        learner = get_user_model().objects.get(email=LEARNER)
        post_test = QuizPage.objects.get(locale__language_code="uk", slug=POST_TEST[1])

        with django_capture_on_commit_callbacks(execute=True):
            attempt = take(post_test, learner, session, timezone.now() - timedelta(minutes=15), right=8)

        assert attempt.passed
        [certificate] = Certificate.objects.filter(user=learner)
        assert (certificate.session, certificate.holder_name, certificate.holder_name_latin) == (
            session, "Олександра Щербак", "Oleksandra Shcherbak")

    def test_seeding_again_issues_nothing_and_keeps_editor_changes(self):
        settings = CertificateSettings.load()
        settings.issuer = "БФ «Громада»"
        settings.save()
        CertificateRule.objects.filter(kind="attendance").update(active=False)
        code = Certificate.objects.get(user__email=HOLDER).code
        before = counts()

        output = seed(users=True)

        assert counts() == before
        assert f"/certificates/verify/{code}/" in output
        assert CertificateSettings.load().issuer == "БФ «Громада»"
        assert not CertificateRule.objects.get(kind="attendance").active

    @pytest.mark.pdf
    def test_done_when_the_holder_downloads_the_link_verifies_a_revocation_shows(self, client):
        """The issue's "done when", on the demo data: the holder downloads the PDF, its link verifies it, a
        coordinator revokes it and the page says so."""
        User = get_user_model()
        certificate = Certificate.objects.get(user__email=HOLDER)
        client.force_login(User.objects.get(email=HOLDER))

        download = client.get(reverse("certificate_pdf", args=[certificate.code]))

        assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
        printed = pdf_text(download)
        assert "Юрій Зінченко" in printed and "Yurii Zinchenko" in printed
        assert certificate.display_code in printed or certificate.code in printed
        client.logout()

        link = verification_path(certificate.code)  # what the QR code and the printed link lead to
        page = client.get(link, follow=True)
        assert page.status_code == 200
        assert uk("This certificate is genuine and valid.") in text(page) and "Юрій Зінченко" in text(page)
        assert HOLDER not in text(page)

        client.force_login(User.objects.get(email="coordinator@example.org"))
        revoked = client.post(reverse("certificates_admin:revoke", args=[certificate.pk]),
                              {"reason": "misconduct", "note": ""})
        assert revoked.status_code == 302
        client.logout()

        page = client.get(link, follow=True)
        assert page.status_code == 200
        assert uk("Revoked") in text(page) and uk("This certificate is genuine and valid.") not in text(page)
        certificate.refresh_from_db()
        assert certificate.is_revoked and certificate.revoked_by.email == "coordinator@example.org"
