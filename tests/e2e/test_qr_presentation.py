"""The QR check-in code in presentation mode, as a projector or a phone held up shows it: at each common screen
size the code is read from a screenshot of the visible viewport alone (no scrolling), by zxing-cpp as a phone
camera would, and it holds the check-in link the server issued for that day.

Needs Debian's Chromium at /usr/bin/chromium (`make install`); skipped without it, except in CI.
"""

import io

import pytest
import qrcode
import qrcode.image.svg
import zxingcpp
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from enrollments.attendance import checkin
from tests.e2e.browsing import logged_in_context, watch_console
from tests.enrollments.factories import EnrollmentFactory, TrainingSessionFactory
from tests.factories import TrainerFactory
from tests.helpers import uk

pytestmark = [
    pytest.mark.browser,
    # live_server flushes the database after the test: put Wagtail's root page and default site back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=10_000)  # ms: CI's two cores also run the live server and Chromium

VIEWPORTS = [  # a phone held upright, two laptops, a projector or a large screen
    {"width": 360, "height": 740},
    {"width": 1280, "height": 800},
    {"width": 1366, "height": 768},
    {"width": 1920, "height": 1080},
]
TITLE = "Ведення випадку в громаді: оцінювання потреб, план втручання і супровід родини, Кривий Ріг"


def read_qr_codes(screenshot: bytes) -> list[str]:
    """What a phone camera pointed at the screen reads: the text of every QR code in the picture."""
    image = Image.open(io.BytesIO(screenshot))
    return [result.text for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def drawn_path(url: str) -> str:
    """The outline the server draws for this link (enrollments/attendance/views.py draws it the same way)."""
    return qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage).path.attrib["d"]


def assert_check_in_link(text: str, *, page, live_server, day) -> None:
    """The text is a check-in link for this day that the server signed, and it is the code the page shows."""
    prefix = f"{live_server.url}/uk/learning/trainer/check-in/"
    assert text.startswith(prefix) and text.endswith("/"), text
    token = text.removeprefix(prefix).removesuffix("/")
    assert checkin.day_id_from_token(token) == day.pk
    assert text == live_server.url + reverse("check_in", kwargs={"token": token})
    assert drawn_path(text) == page.locator("#present-code svg path").get_attribute("d")


def test_the_code_fills_the_screen_and_is_read_from_a_screenshot_at_every_size(new_context, live_server):
    trainer = TrainerFactory()
    session = TrainingSessionFactory(trainers=[trainer], title=TITLE, days=2)  # day 1 is today
    today = session.days.order_by("date").first()
    EnrollmentFactory(session=session)
    EnrollmentFactory(session=session)
    page = logged_in_context(new_context, live_server, trainer).new_page()
    console = watch_console(page)

    # From the usual QR page, the trainer chooses to present the code.
    page.goto(f"/uk/learning/trainer/days/{today.pk}/qr/")
    page.get_by_role("link", name=uk("Show the code full screen")).click()
    expect(page.locator("h1")).to_have_text(uk("Scan to check in"))

    for viewport in VIEWPORTS:
        page.set_viewport_size(viewport)
        page.goto(f"/uk/learning/trainer/days/{today.pk}/qr/present/")
        size = f"{viewport['width']}×{viewport['height']}"
        # Nothing below the fold: the whole page is the viewport, the code and its caption inside it.
        assert page.evaluate("document.documentElement.scrollHeight") <= viewport["height"], size
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], size
        code = page.locator("#present-code svg").bounding_box()
        assert code["x"] >= 0 and code["y"] >= 0, size
        assert code["x"] + code["width"] <= viewport["width"] and code["y"] + code["height"] <= viewport["height"]
        # Filling the screen: the code's side is most of the viewport's shorter side.
        side = min(code["width"], code["height"])
        assert side >= 0.6 * min(viewport["width"], viewport["height"]), (size, side)
        for caption in (uk("Scan to check in"), session.title, uk("%(checked_in)s of %(total)s checked in",
                                                                  checked_in=0, total=2)):
            expect(page.locator(".present__caption")).to_contain_text(caption)
        expect(page.locator(".site-header")).to_have_count(0)

        texts = read_qr_codes(page.screenshot())  # the visible viewport only
        assert len(texts) == 1, (size, texts)
        assert_check_in_link(texts[0], page=page, live_server=live_server, day=today)

    console.assert_no_csp_violations()


def test_the_presented_code_is_redrawn_every_minute_without_a_reload(new_context, live_server):
    trainer = TrainerFactory()
    session = TrainingSessionFactory(trainers=[trainer], title=TITLE, days=1)
    today = session.days.get()
    page = logged_in_context(new_context, live_server, trainer).new_page()
    console = watch_console(page)
    page.clock.install()
    page.goto(f"/uk/learning/trainer/days/{today.pk}/qr/present/")
    page.evaluate("window.notReloaded = true; document.querySelector('#present-code svg').dataset.old = 'yes'")

    with page.expect_response(lambda response: response.url.endswith(f"/days/{today.pk}/qr/code.svg")) as fetched:
        page.clock.run_for(checkin.TOKEN_REFRESH_SECONDS * 1000 + 1000)
    assert fetched.value.status == 200
    assert fetched.value.headers["content-type"].startswith("image/svg+xml")
    expect(page.locator("#present-code svg[data-old]")).to_have_count(0)  # the code drawn just now took its place
    expect(page.locator("#present-code svg")).to_have_count(1)
    assert page.evaluate("window.notReloaded") is True
    [text] = read_qr_codes(page.screenshot())
    assert_check_in_link(text, page=page, live_server=live_server, day=today)

    # Full screen (Chromium allows it); the button says how to leave it, and leaves it.
    assert page.evaluate("document.fullscreenEnabled") is True
    page.get_by_role("button", name=uk("Full screen"), exact=True).click()
    expect(page.get_by_role("button", name=uk("Leave full screen"))).to_be_visible()
    assert page.evaluate("document.fullscreenElement === document.documentElement") is True
    page.get_by_role("button", name=uk("Leave full screen")).click()
    expect(page.get_by_role("button", name=uk("Full screen"), exact=True)).to_be_visible()
    assert page.evaluate("document.fullscreenElement") is None
    console.assert_no_csp_violations()
