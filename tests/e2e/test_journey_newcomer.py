"""A newcomer's first visit, from a phone-sized Chromium: sign up, confirm the address from the email, complete the
profile, search and filter the catalogue, enroll, add the training to a calendar, queue for a full one and leave the
queue; then log out, forget the password, set a new one from the emailed link, log in with it, change it again and
add a second address.

Needs Debian's Chromium at /usr/bin/chromium (`make install`); skipped without it, except in CI.
"""

import re
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import expect

from courses.models import CourseAudience
from enrollments.models import Enrollment, Profile
from tests.courses.factories import add_course, build_tree
from tests.e2e.browsing import PHONE, open_menu, watch_console
from tests.enrollments.factories import fill, schedule
from tests.helpers import uk

pytestmark = [
    pytest.mark.browser,
    # live_server flushes the database after the test: put Wagtail's root page and default site back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=10_000)  # ms: CI's two cores also run the live server and Chromium

EMAIL = "oksana.kovalenko@example.org"
PASSWORD = "Zhovtyi-Soniashnyk-2026"
NEW_PASSWORD = "Synie-Nebo-nad-Dniprom-7"
SECOND_EMAIL = "o.kovalenko@school3.example.org"
KYIV = ZoneInfo("Europe/Kyiv")


def link_in_last_email(to: str) -> str:
    """The one link of the last message sent to `to` (the live server runs in this process: locmem's outbox)."""
    message = [message for message in mail.outbox if to in message.to][-1]
    [link] = re.findall(r"https?://\S+", message.body)
    return link


@pytest.mark.usefixtures("search_index")
def test_a_newcomer_signs_up_enrolls_and_keeps_the_dates(new_context, live_server, mailoutbox):
    tree = build_tree()
    CourseAudience.objects.create(page=tree.course, profession="teacher")
    other = add_course(tree.catalogue, slug="first-aid", modules=0, title="Перша психологічна допомога")
    CourseAudience.objects.create(page=other, profession="psychologist")
    session = schedule(course=tree.course, start_in=7, days=2, city="Марганець",
                       venue="Марганецька гімназія № 3, вул. Єдності, 62")
    full = schedule(course=tree.course, start_in=30, days=1, city="Нікополь", capacity=1)
    fill(full, 1)
    context = new_context(viewport=PHONE, base_url=live_server.url, locale="uk-UA", accept_downloads=True)
    page = context.new_page()
    console = watch_console(page)

    # Sign up: allauth's form, in Ukrainian.
    page.goto("/")
    open_menu(page)
    page.locator(".account-nav").get_by_role("link", name=uk("Sign up")).click()
    page.locator('input[name="email"]').fill(EMAIL)
    page.locator('input[name="password1"]').fill(PASSWORD)
    page.locator('input[name="password2"]').fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(uk("Verify Your Email Address"))
    user = get_user_model().objects.get(email=EMAIL)
    assert not EmailAddress.objects.get(user=user).verified

    # The emailed link confirms the address and logs in.
    page.goto(link_in_last_email(EMAIL))
    page.get_by_role("button", name=uk("Confirm")).click()
    assert EmailAddress.objects.get(user=user).verified
    expect(page.locator(".account-nav")).to_contain_text(uk("My learning"))

    # The profile, with the consent to anonymous reporting and what it opens.
    open_menu(page)
    page.locator(".account-nav").get_by_role("link", name=uk("Profile")).click()
    page.get_by_label(uk("Full name")).fill("Оксана Коваленко")
    page.get_by_label(uk("Profession")).select_option("teacher")
    page.get_by_label(uk("Organisation")).fill("Марганецька гімназія № 3")
    page.get_by_label(uk("Oblast")).select_option("dnipropetrovsk")
    page.get_by_label(uk("Community")).fill("Марганецька громада")
    page.get_by_label(uk("I agree to share the details below for anonymous reporting")).check()
    page.locator('select[name="sex"]').select_option("female")
    page.get_by_role("button", name=uk("Save profile")).click()
    expect(page.locator(".messages")).to_contain_text(uk("Your profile has been saved."))
    profile = Profile.objects.get(user=user)
    assert (profile.full_name, profile.profession, profile.community, profile.sex) == (
        "Оксана Коваленко", "teacher", "Марганецька громада", "female")
    assert profile.has_reporting_consent

    # Search from the header, then from the search page; nothing found leads to the catalogue and its filters.
    open_menu(page)
    page.locator("#site-search-q").fill("Ведення")
    page.locator(".site-search button").click()
    expect(page.locator(".results")).to_contain_text("Ведення випадку")
    page.locator("#search-q").fill("Бухгалтерія")
    page.locator(".search-form button").click()
    expect(page.locator("main")).to_contain_text(uk(
        "Nothing was found for “%(query)s”. Check the spelling or try a shorter or more general word.",
        query="Бухгалтерія"))
    page.get_by_role("link", name=uk("Browse the course catalogue")).click()
    expect(page.locator(".cards > li")).to_have_count(2)
    page.locator(".filters > summary").click()  # on a phone the filters open from their button
    page.get_by_label(uk("For")).select_option("teacher")
    page.get_by_role("button", name=uk("Show courses")).click()
    expect(page).to_have_url(re.compile(r"[?&]audience=teacher"))
    expect(page.get_by_label(uk("For"))).to_be_visible()  # open while a filter applies
    expect(page.locator(".cards > li")).to_have_count(1)
    page.locator(".cards").get_by_role("link", name="Ведення випадку").first.click()

    # The course's session: enroll.
    expect(page.locator("h1")).to_have_text("Ведення випадку")
    page.locator(f"#session-{session.pk}-title").get_by_role("link").click()
    page.get_by_role("button", name=uk("Enroll")).click()
    expect(page.locator(".messages")).to_contain_text(
        uk("Your place is confirmed. We will email you the details."))
    expect(page.locator("#enrollment-heading + p")).to_contain_text(uk("Enrolled"))
    assert Enrollment.objects.get(user=user, session=session).status == "enrolled"

    # The calendar file: one event per day, in Kyiv time, at the venue.
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(uk("Add to my calendar"))).click()
    assert download.value.suggested_filename == f"hromada-session-{session.pk}.ics"
    events = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
    days = list(session.days.order_by("date"))
    assert [event.decoded("dtstart") for event in events] == [
        datetime.combine(day.date, time(10), tzinfo=KYIV) for day in days]
    assert [event.decoded("dtend") for event in events] == [
        datetime.combine(day.date, time(16, 30), tzinfo=KYIV) for day in days]
    assert {str(event["location"]) for event in events} == {"Марганецька гімназія № 3, вул. Єдності, 62, Марганець"}

    # A full session: the waiting list, then leaving it.
    page.goto(f"/uk/learning/sessions/{full.pk}/")
    page.get_by_role("button", name=uk("Join the waiting list")).click()
    expect(page.locator(".messages")).to_contain_text(uk(
        "All places are taken, so you are on the waiting list. If a place becomes free, we will email you."))
    assert Enrollment.objects.get(user=user, session=full).status == "waitlisted"
    page.locator("summary", has_text=uk("Leave the waiting list")).click()
    page.get_by_role("button", name=uk("Yes, leave the waiting list")).click()
    expect(page.locator(".messages")).to_contain_text(uk("You have left the waiting list."))
    assert Enrollment.objects.get(user=user, session=full).status == "cancelled"

    # My learning lists the place.
    open_menu(page)
    page.locator(".account-nav").get_by_role("link", name=uk("My learning")).click()
    expect(page.locator("main")).to_contain_text("Марганець")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Log out; forget the password; set a new one from the emailed link; log in with it.
    open_menu(page)
    page.locator(".account-nav").get_by_role("button", name=uk("Log out")).click()
    expect(page.locator(".account-nav")).to_contain_text(uk("Log in"))
    open_menu(page)
    page.locator(".account-nav").get_by_role("link", name=uk("Log in")).click()
    page.get_by_role("link", name=re.compile(uk("Forgot your password?"))).click()
    page.locator('input[name="email"]').fill(EMAIL)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(uk("Password Reset"))
    page.goto(link_in_last_email(EMAIL))
    page.locator('input[name="password1"]').fill(NEW_PASSWORD)
    page.locator('input[name="password2"]').fill(NEW_PASSWORD)
    page.get_by_role("button", name=uk("Change Password")).click()
    expect(page.locator("main")).to_contain_text(uk("Your password is now changed."))
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    page.goto("/uk/accounts/login/")
    page.locator('input[name="login"]').fill(EMAIL)
    page.locator('input[name="password"]').fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/uk/learning/")
    expect(page.locator("h1")).to_have_text(uk("My learning"))

    # From the profile: a new password, and a second address (confirmed by email, like the first).
    open_menu(page)
    page.locator(".account-nav").get_by_role("link", name=uk("Profile")).click()
    page.get_by_role("link", name=uk("Change password")).click()
    page.locator('input[name="oldpassword"]').fill(NEW_PASSWORD)
    page.locator('input[name="password1"]').fill(PASSWORD)
    page.locator('input[name="password2"]').fill(PASSWORD)
    page.get_by_role("button", name=uk("Change Password")).click()
    expect(page.locator(".messages")).to_contain_text(uk("Your password has been changed."))
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    open_menu(page)
    page.locator(".account-nav").get_by_role("link", name=uk("Profile")).click()
    page.get_by_role("link", name=uk("Change email address")).click()
    page.locator('input[name="email"][type="email"]').fill(SECOND_EMAIL)
    page.get_by_role("button", name=uk("Add Email")).click()
    expect(page.locator(".messages")).to_contain_text(SECOND_EMAIL)
    assert not EmailAddress.objects.get(user=user, email=SECOND_EMAIL).verified
    assert "/accounts/confirm-email/" in link_in_last_email(SECOND_EMAIL)
    console.assert_no_csp_violations()
