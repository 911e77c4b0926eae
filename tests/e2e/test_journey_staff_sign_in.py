"""Staff sign-in from a phone-sized Chromium: a trainer logs in through the log-in form, turns on two-factor
authentication with an authenticator app (confirming the password first), keeps the recovery codes, and logs in
again with a code from the app, then, having lost the phone, with a recovery code; the admin opens after that one
log-in.

Needs Debian's Chromium at /usr/bin/chromium (`make install`); skipped without it, except in CI.
"""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from tests.e2e.browsing import PHONE, open_menu, watch_console
from tests.enrollments.factories import ProfileFactory
from tests.factories import PASSWORD, TrainerFactory
from tests.helpers import uk

pytestmark = [
    pytest.mark.browser,
    # live_server flushes the database after the test: put Wagtail's root page and default site back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=10_000)  # ms: CI's two cores also run the live server and Chromium


def app_code(secret: str, *, step: int = 0) -> str:
    """What the authenticator app shows now (`step` 1: in the next 30 seconds)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def log_in(page, email: str) -> None:
    page.goto("/uk/accounts/login/")
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_a_trainer_turns_on_two_factor_authentication_and_signs_in_with_it(new_context, live_server, settings):
    # The app's code is read and typed within a second or two; one window either side keeps a code read in the
    # last second of its 30 from failing the test (allauth's default accepts the current window only).
    settings.MFA_TOTP_TOLERANCE = 1
    trainer = TrainerFactory()
    ProfileFactory(user=trainer, full_name="Василь Гнатюк")
    page = new_context(viewport=PHONE, base_url=live_server.url, locale="uk-UA").new_page()
    console = watch_console(page)

    log_in(page, trainer.email)
    expect(page).to_have_url(f"{live_server.url}/uk/learning/")
    open_menu(page)
    page.locator(".account-nav").get_by_role("link", name=uk("Profile")).click()
    page.get_by_role("link", name=uk("Two-factor authentication")).click()
    page.locator('a[href="/uk/accounts/2fa/totp/activate/"]').click()
    expect(page.locator("h1")).to_have_text(uk("Confirm Access"))  # allauth asks for the password again first
    page.locator('input[name="password"]').fill(PASSWORD)
    page.get_by_role("button", name=uk("Confirm")).click()
    expect(page.locator("h1")).to_have_text(uk("Activate Authenticator App"))
    expect(page.locator("main img")).to_be_visible()  # the QR code for the app
    secret = page.locator("#authenticator_secret").input_value()
    page.locator('input[name="code"]').fill(app_code(secret))
    page.get_by_role("button", name=uk("Activate")).click()
    expect(page.locator("h1")).to_have_text(uk("Recovery Codes"))
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) == 10
    assert set(Authenticator.objects.filter(user=trainer).values_list("type", flat=True)) == {"totp", "recovery_codes"}

    # The next morning: password, then the app's code.
    open_menu(page)
    page.locator(".account-nav").get_by_role("button", name=uk("Log out")).click()
    log_in(page, trainer.email)
    expect(page.locator("h1")).to_have_text(uk("Two-Factor Authentication"))
    page.locator('input[name="code"]').fill(app_code(secret, step=1))  # not the code used to activate
    page.get_by_role("button", name=uk("Sign In")).click()
    expect(page).to_have_url(f"{live_server.url}/uk/learning/")

    # The phone is lost: a recovery code instead, once.
    open_menu(page)
    page.locator(".account-nav").get_by_role("button", name=uk("Log out")).click()
    log_in(page, trainer.email)
    page.locator('input[name="code"]').fill(codes[0])
    page.get_by_role("button", name=uk("Sign In")).click()
    expect(page).to_have_url(f"{live_server.url}/uk/learning/")
    recovery = Authenticator.objects.get(user=trainer, type="recovery_codes").wrap()
    assert codes[0] not in recovery.get_unused_codes() and len(recovery.get_unused_codes()) == 9

    # The admin signs in through the same log-in: it opens without asking again.
    open_menu(page)
    page.locator(".account-nav").get_by_role("link", name=uk("Admin")).click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    console.assert_no_csp_violations()
