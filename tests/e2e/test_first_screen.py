"""The first screen of a phone shows the page, not the site's header: a short header whose menu opens from a button
(by keyboard too, with no script), the trainer's day pages as one row of tabs, whole-tile marks on the roster, and
the quiz's bar that never covers a field. On a wide screen the menu is inline.

Needs Debian's Chromium at /usr/bin/chromium (`make install`); skipped without it, except in CI.
"""

import pytest
from playwright.sync_api import expect

from tests.courses.factories import add_quiz, build_tree
from tests.e2e.browsing import PHONE, logged_in_context, watch_console
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, schedule
from tests.factories import ParticipantFactory, TrainerFactory
from tests.helpers import uk

pytestmark = [
    pytest.mark.browser,
    # live_server flushes the database after the test: put Wagtail's root page and default site back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=10_000)  # ms: CI's two cores also run the live server and Chromium

HEADER_MAX = 120  # px: what the site header may take of a 740 px phone screen
TOUCH = 44  # px: the smallest touch target


def header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def assert_on_first_screen(page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["y"] < PHONE["height"], f"{box} is below the first screen of {page.url}"


def test_a_participants_first_screens_show_the_page(new_context, live_server):
    tree = build_tree()
    quiz = add_quiz(tree.modules[0], slug="quiz")
    page = logged_in_context(new_context, live_server, ParticipantFactory()).new_page()
    console = watch_console(page)

    page.goto(tree.catalogue.url)
    assert header_height(page) <= HEADER_MAX
    assert_on_first_screen(page, page.locator(".cards .card").first)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.goto(tree.modules[0].url)
    assert header_height(page) <= HEADER_MAX
    assert_on_first_screen(page, page.locator(".stream p").first)

    page.goto(quiz.url)
    assert header_height(page) <= HEADER_MAX
    assert_on_first_screen(page, page.get_by_role("button", name=uk("Start")))

    # The menu is closed, and opens from the keyboard: its button is focusable and Enter opens it.
    links = page.locator(".site-nav").get_by_role("link", name=uk("Courses"))
    expect(links).to_be_hidden()
    menu = page.locator(".site-header summary")
    expect(menu).to_have_text(uk("Menu"))
    menu.focus()
    page.keyboard.press("Enter")
    expect(links).to_be_visible()
    expect(page.locator(".account-nav").get_by_role("link", name=uk("My learning"))).to_be_visible()
    expect(page.locator("#site-search-q")).to_be_visible()
    page.keyboard.press("Enter")  # and closes it again
    expect(links).to_be_hidden()

    # Answering: a field scrolled into view is never under the bar of buttons that stays at the bottom.
    page.get_by_role("button", name=uk("Start")).click()
    bar = page.locator(".quiz-actions")
    for field in page.locator("form .question").all():
        field.evaluate("element => element.scrollIntoView({block: 'end'})")
        bar_top = bar.bounding_box()["y"]
        field_box = field.bounding_box()
        assert field_box["y"] + field_box["height"] <= bar_top + 1, "the quiz's bar covers a question"
    console.assert_no_csp_violations()


def test_a_trainers_roster_on_a_phone(new_context, live_server):
    tree = build_tree()
    trainer = TrainerFactory()
    session = schedule(course=tree.course, start_in=0, days=3, trainers=[trainer])
    for name in ("Олена Бойко", "Петро Шевчук"):
        person = ParticipantFactory()
        ProfileFactory(user=person, full_name=name, profession="social_worker",
                       organisation="Центр надання соціальних послуг Марганецької міської ради")
        EnrollmentFactory(session=session, user=person)
    today = session.days.order_by("date").first()
    page = logged_in_context(new_context, live_server, trainer).new_page()
    console = watch_console(page)

    page.goto(f"/uk/learning/trainer/days/{today.pk}/")
    assert header_height(page) <= HEADER_MAX
    first = page.locator(".roster__list > li").first
    assert_on_first_screen(page, first)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The day's pages are one row of tabs, the roster marked as the current one.
    tabs = page.get_by_role("navigation", name=uk("This day"))
    expect(tabs.locator('[aria-current="page"]')).to_have_text(uk("Roster"))
    heights = {round(link.bounding_box()["y"]) for link in tabs.get_by_role("link").all()}
    assert len(heights) == 1, "the tabs wrap onto more than one row"

    # Each mark is a whole tile, big enough for a thumb, whose label fits inside it.
    for tile in first.locator(".mark__option").all():
        box = tile.bounding_box()
        assert box["width"] >= TOUCH and box["height"] >= TOUCH
        assert tile.evaluate("element => element.scrollWidth <= element.clientWidth")
        label = tile.locator("span").bounding_box()
        assert box["x"] <= label["x"] and label["x"] + label["width"] <= box["x"] + box["width"]
    tile = first.locator(".mark__option--present")
    tile.scroll_into_view_if_needed()
    box = tile.bounding_box()
    page.mouse.click(box["x"] + box["width"] - 4, box["y"] + box["height"] - 4)  # a corner, away from the box
    expect(tile.locator("input")).to_be_checked()

    # The sign-in sheet, made for paper, is no wider than the phone either (its table scrolls sideways).
    page.goto(f"/uk/learning/trainer/days/{today.pk}/sheet/")
    assert header_height(page) <= HEADER_MAX
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # On a later tab the row has scrolled to show the current one.
    page.goto(f"/uk/learning/trainer/days/{today.pk}/paper/")
    current = tabs.locator('[aria-current="page"]')
    expect(current).to_have_text(uk("Enter a paper sheet"))
    expect(current).to_be_in_viewport()
    box = current.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

    # The trainer's menu holds "My sessions", one tap away once it is open.
    page.locator(".site-header summary").click()
    expect(page.locator(".account-nav").get_by_role("link", name=uk("My sessions"))).to_be_visible()
    console.assert_no_csp_violations()


def test_a_wide_screen_shows_the_menu_inline(new_context, live_server):
    tree = build_tree()
    context = new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url, locale="uk-UA")
    page = context.new_page()
    console = watch_console(page)

    page.goto(tree.catalogue.url)
    expect(page.locator(".site-header summary")).to_be_hidden()
    for name in ("Home", "Courses", "News"):
        expect(page.locator(".site-nav").get_by_role("link", name=uk(name))).to_be_visible()
    expect(page.locator(".account-nav").get_by_role("link", name=uk("Log in"))).to_be_visible()
    expect(page.locator("#site-search-q")).to_be_visible()
    assert header_height(page) <= HEADER_MAX
    console.assert_no_csp_violations()
