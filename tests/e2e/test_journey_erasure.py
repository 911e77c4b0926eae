"""Erasure from two phone-sized Chromiums: a participant with a certificate asks from her profile for her data to
be erased (confirming with her password); a coordinator finds the request under Reports → Erasure requests in the
admin, reads what it will erase and erases it; the certificate's public verification page then says it was issued
to a person whose data was erased, and the participant can no longer log in.

Needs Debian's Chromium at /usr/bin/chromium (`make install`); skipped without it, except in CI.
"""

import pytest
from playwright.sync_api import expect

from enrollments.privacy.models import ErasureRequest, ErasureStatus
from tests.certificates.factories import issued_certificate
from tests.courses.factories import build_tree
from tests.e2e.browsing import PHONE, logged_in_context, open_menu, watch_console
from tests.enrollments.factories import EnrollmentFactory
from tests.factories import PASSWORD, CoordinatorFactory, ParticipantFactory
from tests.helpers import uk

pytestmark = [
    pytest.mark.browser,
    # live_server flushes the database after the test: put Wagtail's root page and default site back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=10_000)  # ms: CI's two cores also run the live server and Chromium

NAME = "Галина Стецюк"
EMAIL = "halyna.stetsiuk@example.org"


def test_a_participant_is_erased_and_her_certificate_still_checks(new_context, live_server):
    build_tree()
    participant = ParticipantFactory(email=EMAIL)
    certificate = issued_certificate(enrollment=EnrollmentFactory(user=participant), full_name=NAME)
    coordinator = CoordinatorFactory()

    # She asks, from her profile.
    page = logged_in_context(new_context, live_server, participant).new_page()
    console = watch_console(page)
    page.goto("/uk/learning/profile/")
    page.get_by_role("link", name=uk("Ask to erase my data")).click()
    expect(page.locator("h1")).to_have_text(uk("Ask to erase my data"))
    page.locator('input[name="password"]').fill("not my password")
    page.get_by_role("button", name=uk("Ask to erase my data")).click()
    expect(page.locator(".field__errors")).to_contain_text(uk("This is not your password."))
    page.locator('input[name="password"]').fill(PASSWORD)
    page.get_by_role("button", name=uk("Ask to erase my data")).click()
    expect(page.locator("main")).to_contain_text(uk("Waiting for review"))
    expect(page.get_by_role("button", name=uk("Withdraw my erasure request"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing wider than the phone
    console.assert_no_csp_violations()

    # The coordinator erases it in the admin.
    admin = logged_in_context(new_context, live_server, coordinator).new_page()
    admin.goto("/admin/")
    toggle = admin.get_by_role("button", name=uk("Toggle sidebar"))
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    sidebar = admin.locator("#wagtail-sidebar")
    sidebar.get_by_role("button", name=uk("Reports"), exact=True).click()
    sidebar.get_by_role("link", name=f"{uk('Erasure requests')} (1)").click()
    admin.locator("table.listing a").first.click()
    expect(admin.locator("main")).to_contain_text(EMAIL)
    expect(admin.locator("main")).to_contain_text(
        uk("Certificates that will say “issued to a person whose data was erased” (still verifiable)"))
    admin.get_by_role("button", name=uk("Erase this person’s data")).click()
    expect(admin.locator("main")).to_contain_text(uk("Tick the box to confirm the erasure."))  # not without it
    admin.locator('input[name="confirm"]').check()
    admin.get_by_role("button", name=uk("Erase this person’s data")).click()
    expect(admin.locator("main")).to_contain_text(uk("Erased person"))
    assert ErasureRequest.objects.get(user=participant).status == ErasureStatus.ERASED

    # Anyone with the code: still genuine, naming nobody.
    stranger = new_context(viewport=PHONE, base_url=live_server.url, locale="uk-UA").new_page()
    stranger.goto(f"/uk/certificates/verify/{certificate.code}/")
    expect(stranger.locator("main")).to_contain_text(uk("Issued to a person whose data was erased"))
    expect(stranger.locator("main")).to_contain_text(uk("Valid"))
    expect(stranger.locator("main")).not_to_contain_text(NAME)

    # She cannot log in any more, even with her password.
    page.goto("/uk/learning/")
    expect(page).to_have_url(f"{live_server.url}/uk/accounts/login/?next=/uk/learning/")
    page.locator('input[name="login"]').fill(EMAIL)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(uk("The email address and/or password you specified are not "
                                                    "correct."))
    open_menu(page)
    expect(page.locator(".account-nav")).not_to_contain_text(uk("Log out"))


def test_a_request_is_withdrawn_asked_again_and_declined_with_a_reason(new_context, live_server):
    """The other two forms of erasure, posted by a browser: her withdrawal, and a coordinator's refusal."""
    build_tree()
    participant = ParticipantFactory(email=EMAIL)
    coordinator = CoordinatorFactory()

    page = logged_in_context(new_context, live_server, participant).new_page()
    console = watch_console(page)

    def ask() -> None:
        page.goto("/uk/learning/profile/")
        page.get_by_role("link", name=uk("Ask to erase my data")).click()
        page.locator('input[name="password"]').fill(PASSWORD)
        page.get_by_role("button", name=uk("Ask to erase my data")).click()
        expect(page.locator("main")).to_contain_text(uk("Waiting for review"))

    ask()
    page.get_by_role("button", name=uk("Withdraw my erasure request")).click()
    expect(page.get_by_role("button", name=uk("Withdraw my erasure request"))).to_have_count(0)
    assert ErasureRequest.objects.get(user=participant).status == ErasureStatus.WITHDRAWN
    ask()
    console.assert_no_csp_violations()

    admin = logged_in_context(new_context, live_server, coordinator).new_page()
    pending = ErasureRequest.objects.get(user=participant, status=ErasureStatus.REQUESTED)
    admin.goto(f"/admin/privacy/erasure/{pending.pk}/")
    admin.locator('textarea[name="note"]').fill("Записи тренінгу ще потрібні для звіту донору до березня.")
    admin.get_by_role("button", name=uk("Decline the request")).click()
    expect(admin.locator("main")).to_contain_text(uk("Declined"))

    pending.refresh_from_db()
    assert pending.status == ErasureStatus.DECLINED
    assert pending.decision_note == "Записи тренінгу ще потрібні для звіту донору до березня."
    page.goto("/uk/learning/profile/erasure/")
    expect(page.locator("main")).to_contain_text("Записи тренінгу ще потрібні для звіту донору до березня.")
