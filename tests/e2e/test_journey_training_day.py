"""A training day from a phone-sized Chromium: the trainer marks the day on the roster and adds someone who came
without a place, enters yesterday's paper sheet, and shows the QR code; a participant follows the link the code
holds, checks in, and opening it again is told she is already checked in.

Needs Debian's Chromium at /usr/bin/chromium (`make install`); skipped without it, except in CI.
"""

import time as clock
from datetime import time
from unittest import mock

import pytest
import qrcode
import qrcode.image.svg
from django.core import signing
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from enrollments.attendance.checkin import make_token
from enrollments.models import Attendance, Enrollment
from tests.courses.factories import build_tree
from tests.e2e.browsing import PHONE, logged_in_context, open_menu, watch_console
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, schedule
from tests.factories import ParticipantFactory, TrainerFactory
from tests.helpers import uk

pytestmark = [
    pytest.mark.browser,
    # live_server flushes the database after the test: put Wagtail's root page and default site back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=10_000)  # ms: CI's two cores also run the live server and Chromium


def _qr_path(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.path.attrib["d"]


def scan_qr_code(page, *, day_id: int, live_server) -> str:
    """The check-in link that the QR code on the page encodes, as a phone camera would read it.

    The code holds a link with a token signed at the second it was drawn: the tokens of the last two minutes are
    drawn again until one gives the very same code.
    """
    shown = page.locator(".qr__frame svg path").get_attribute("d")
    now = int(clock.time())
    for second in range(now + 1, now - 120, -1):
        with mock.patch.object(signing.TimestampSigner, "timestamp", lambda self, s=second: signing.b62_encode(s)):
            token = make_token(day_id=day_id)
        with translation.override("uk"):
            url = f"{live_server.url}{reverse('check_in', kwargs={'token': token})}"
        if _qr_path(url) == shown:
            return url
    raise AssertionError("The QR code on the page is not a check-in link for this day.")


def person(name: str, **fields):
    user = ParticipantFactory(**fields)
    ProfileFactory(user=user, full_name=name, organisation="Центр соціальних служб", profession="social_worker")
    return user


def test_a_training_day_roster_paper_sheet_and_qr_check_in(new_context, live_server):
    tree = build_tree()
    trainer = TrainerFactory()
    # Yesterday, today (from 23:00, late only after midnight: a check-in at any hour of the run is on time) and
    # tomorrow.
    session = schedule(course=tree.course, start_in=-1, days=3, city="Кривий Ріг", trainers=[trainer],
                       late_after_minutes=60)
    yesterday, today, tomorrow = session.days.order_by("date")
    today.starts_at, today.ends_at = time(23, 0), time(23, 59)
    today.save()
    olena, petro = person("Олена Бойко"), person("Петро Шевчук")
    places = {user: EnrollmentFactory(session=session, user=user) for user in (olena, petro)}
    desk = logged_in_context(new_context, live_server, trainer).new_page()
    consoles = [watch_console(desk)]

    # The roster of today: Petro is there, Olena will scan the code.
    desk.goto("/")
    open_menu(desk)
    desk.locator(".account-nav").get_by_role("link", name=uk("My sessions")).click()
    desk.locator(f'a[href="/uk/learning/trainer/days/{today.pk}/"]').click()
    expect(desk.locator("h1")).to_contain_text(uk("Day %(number)s", number=2))
    desk.locator(f'input[name="status_{places[petro].pk}"][value="present"]').check()
    desk.locator(f'input[name="status_{places[olena].pk}"][value="absent"]').check()
    desk.locator("summary", has_text=uk("Note")).first.click()
    desk.locator(f'input[name="note_{places[olena].pk}"]').fill("Запізнюється, попередила")
    desk.get_by_role("button", name=uk("Save")).first.click()
    expect(desk.locator(".messages")).to_contain_text(uk("Attendance saved."))
    marks = {a.enrollment.user: (a.status, a.method, a.note) for a in Attendance.objects.filter(day=today)}
    assert marks == {petro: ("present", "roster", ""), olena: ("absent", "roster", "Запізнюється, попередила")}
    assert page_width(desk) <= PHONE["width"]

    # Someone who came without a place.
    desk.get_by_label(uk("Email")).fill("maria.bondar@example.org")
    desk.locator("#walk-in-title + p + form").get_by_label(uk("Full name")).fill("Марія Бондар")
    desk.get_by_role("button", name=uk("Add to the list")).click()
    expect(desk.locator(".messages")).to_contain_text(uk("%(name)s has been added to the list.", name="Марія Бондар"))
    walk_in = Enrollment.objects.get(session=session, user__email="maria.bondar@example.org")
    assert Attendance.objects.get(enrollment=walk_in, day=today).status == "present"
    expect(desk.locator(".roster")).to_contain_text("Марія Бондар")

    # Yesterday's paper sheet.
    desk.get_by_role("link", name=uk("Enter a paper sheet")).click()
    desk.locator(".day-nav").get_by_role("link", name=uk("Day %(number)s", number=1)).click()
    desk.locator(f'input[name="status_{places[olena].pk}"][value="present"]').check()
    desk.locator(f'input[name="status_{places[petro].pk}"][value="excused"]').check()
    desk.locator(f'input[name="note_{places[petro].pk}"]').fill("Лікарняний")
    desk.get_by_role("button", name=uk("Save"), exact=True).click()
    expect(desk.locator(".messages")).to_contain_text(uk("Attendance saved."))
    marks = {a.enrollment.user: (a.status, a.method, a.note) for a in Attendance.objects.filter(day=yesterday)}
    assert marks == {olena: ("present", "import", ""), petro: ("excused", "import", "Лікарняний")}

    # The QR code of today; Olena's phone reads it.
    desk.goto(f"/uk/learning/trainer/days/{today.pk}/qr/")
    expect(desk.locator("h1")).to_have_text(uk("Check-in for day %(number)s", number=2))
    link = scan_qr_code(desk, day_id=today.pk, live_server=live_server)
    phone = logged_in_context(new_context, live_server, olena).new_page()
    consoles.append(watch_console(phone))
    phone.goto(link)
    expect(phone.locator("main")).to_contain_text(session.title)
    phone.get_by_role("button", name=uk("Check in")).click()
    expect(phone.locator("h1")).to_have_text(uk("Checked in"))
    expect(phone.locator("main")).to_contain_text(uk("You are marked present for day %(number)s.", number=2))
    mark = Attendance.objects.get(enrollment=places[olena], day=today)
    assert (mark.status, mark.method, mark.marked_by) == ("present", "self_check_in", olena)

    # The same link again: she is told at once that she is checked in, with nothing to tap; nothing changes.
    phone.goto(link)
    expect(phone.locator('[role="alert"]')).to_have_text(uk("You are already checked in for this day."))
    expect(phone.get_by_role("button", name=uk("Check in"))).to_have_count(0)
    assert Attendance.objects.filter(enrollment=places[olena], day=today).count() == 1

    # The roster shows how she checked in, and the count.
    desk.goto(f"/uk/learning/trainer/days/{today.pk}/")
    expect(desk.locator(".roster")).to_contain_text(uk("Checked in with the QR code at %(time)s", time="")[:20])
    expect(desk.locator("main")).to_contain_text(uk("%(checked_in)s of %(total)s checked in", checked_in=3, total=3))
    assert not Attendance.objects.filter(day=tomorrow).exists()
    for console in consoles:
        console.assert_no_csp_violations()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")
