"""A certificate from a phone-sized Chromium: the last module the rule asks for is marked complete (after one marked
and unmarked by mistake), the certificate appears on *My learning*, its PDF downloads with the holder's name, and
someone logged out checks it by its link and by typing its code.

Needs Debian's Chromium at /usr/bin/chromium (`make install`) and WeasyPrint's Pango; skipped without them, except
in CI.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from certificates.models import Certificate
from enrollments.models import ModuleCompletion
from tests.certificates.factories import CertificateRuleFactory
from tests.courses.factories import build_tree
from tests.e2e.browsing import PHONE, logged_in_context, open_menu, watch_console
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, attended_every_day, schedule
from tests.factories import ParticipantFactory
from tests.helpers import uk

pytestmark = [
    pytest.mark.browser,
    pytest.mark.pdf,
    # live_server flushes the database after the test: put Wagtail's root page and default site back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=10_000)  # ms: CI's two cores also run the live server and Chromium


def test_a_certificate_is_earned_downloaded_and_verified(new_context, live_server):
    tree = build_tree()
    first, second = tree.modules
    session = schedule(course=tree.course, start_in=-3, days=3, city="Кривий Ріг")
    CertificateRuleFactory(course=tree.course, modules=[first])
    holder = ParticipantFactory()
    ProfileFactory(user=holder, full_name="Олександра Щербак")
    attended_every_day(EnrollmentFactory(session=session, user=holder))
    page = logged_in_context(new_context, live_server, holder).new_page()
    consoles = [watch_console(page)]

    # A module marked complete by mistake, and unmarked.
    page.goto(second.url)
    page.get_by_role("button", name=uk("Mark as complete")).click()
    expect(page.locator(".messages")).to_contain_text(uk("“%(title)s” is marked as complete.", title=second.title))
    expect(page.locator("h1")).to_have_text(tree.course.title)  # the course page: no module after the last one
    page.goto(second.url)
    page.get_by_role("button", name=uk("Mark as not complete")).click()
    expect(page.locator(".messages")).to_contain_text(
        uk("“%(title)s” is no longer marked as complete.", title=second.title))
    assert not ModuleCompletion.objects.filter(user=holder).exists()
    assert not Certificate.objects.exists()

    # The module the rule asks for: the certificate is issued.
    page.goto(first.url)
    page.get_by_role("button", name=uk("Mark as complete")).click()
    expect(page.locator(".messages")).to_contain_text(uk("“%(title)s” is marked as complete.", title=first.title))
    certificate = Certificate.objects.get(enrollment__user=holder)
    assert (certificate.holder_name, certificate.holder_name_latin) == ("Олександра Щербак", "Oleksandra Shcherbak")

    open_menu(page)
    page.locator(".account-nav").get_by_role("link", name=uk("My learning")).click()
    card = page.locator(f"#certificate-{certificate.pk}-title").locator("xpath=ancestor::article")
    expect(card).to_contain_text(certificate.display_code)
    expect(card).to_contain_text(uk("Valid"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The PDF: the holder's name in both scripts, the code.
    with page.expect_download() as download:
        card.get_by_role("link", name=uk("Download (PDF)")).click()
    assert download.value.suggested_filename == f"certificate-{certificate.code}.pdf"
    text = " ".join(PdfReader(Path(download.value.path())).pages[0].extract_text().split())
    assert "Олександра Щербак" in text and "Oleksandra Shcherbak" in text
    assert certificate.display_code in text
    verification = card.get_by_role("link", name=uk("Public verification page")).get_attribute("href")

    # Anyone, logged out, opens its link; then types its code, carelessly.
    public = new_context(viewport=PHONE, base_url=live_server.url, locale="uk-UA").new_page()
    consoles.append(watch_console(public))
    public.goto(verification)
    expect(public.locator(".verdict")).to_contain_text(uk("This certificate is genuine and valid."))
    expect(public.locator(".facts")).to_contain_text("Олександра Щербак")
    expect(public.locator(".account-nav")).to_contain_text(uk("Log in"))
    public.locator(".site-footer").get_by_role("link", name=uk("Verify a certificate")).click()
    public.locator('input[name="code"]').fill(certificate.display_code.lower().replace("-", " "))
    public.get_by_role("button", name=uk("Check the code")).click()
    expect(public).to_have_url(f"{live_server.url}/uk/certificates/verify/{certificate.code}/")
    expect(public.locator(".verdict__title")).to_have_text(f"✓ {uk('Valid')}")

    # The same page in English, through the language switch.
    public.locator(".lang-switch").get_by_role("link", name="English").click()
    expect(public).to_have_url(f"{live_server.url}/en/certificates/verify/{certificate.code}/")
    expect(public.locator("h1")).to_have_text("Certificate verification")
    for console in consoles:
        console.assert_no_csp_violations()
