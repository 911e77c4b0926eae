"""A coordinator reads the programme report from a phone-sized Chromium: through the admin's menu to Reports →
Programme report, the demo's project and its period chosen in the filters, the figures, targets, breakdowns,
pictures and footnotes on the page; the same "People reached" in the CSV, the Excel file and the printable annex;
a new project with a session, a call and a target added through Reports → Projects; axe-core finds nothing on the
report; at 360 px only the wide tables scroll, never the page, and the page reads at 1280 × 800 too; in English
(the admin's language, set in the account) it shows the same figure.

Needs Debian's Chromium at /usr/bin/chromium (`make install`) and axe-core (`make install-audit`) for its last
check; skipped without them, except in CI.
"""

import csv
import io
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from content.models import Call
from enrollments.models import TrainingSession
from lms.demo.projects import CODE
from lms.reports.models import Indicator, Project
from lms.reports.presentation import count
from lms.reports.selectors import Filters, programme_report
from tests.e2e.audits import AXE, axe_violations, describe_violations, require
from tests.e2e.browsing import PHONE, logged_in_context, watch_console
from tests.helpers import uk

pytestmark = [
    pytest.mark.browser,
    # live_server flushes the database after the test: put Wagtail's root page and default site back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=10_000)  # ms: CI's two cores also run the live server and Chromium

COORDINATOR = "coordinator@example.org"
DESKTOP = {"width": 1280, "height": 800}


def seed_demo() -> None:
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", users=True, stdout=quiet)


def open_admin_menu(page, *items: str) -> None:
    """Follow the admin's sidebar as a person would: on a phone it is folded away behind its toggle."""
    toggle = page.get_by_role("button", name=uk("Toggle sidebar"))
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    sidebar = page.locator("#wagtail-sidebar")
    *submenus, link = items
    for submenu in submenus:
        sidebar.get_by_role("button", name=submenu, exact=True).click()
    sidebar.get_by_role("link", name=link, exact=True).click()


def people_reached(rows) -> str:
    """"People reached" of the report's first table (all participants), as a file writes it: the cell under its
    heading in the row after the headings."""
    rows = [[str(cell) if cell is not None else "" for cell in row] for row in rows]
    headings = next(index for index, row in enumerate(rows) if uk("People reached") in row)
    return rows[headings + 1][rows[headings].index(uk("People reached"))]


def assert_no_page_overflow(page) -> None:
    """Wide tables scroll inside their own box; the page itself never scrolls sideways."""
    width = page.viewport_size["width"]
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width + 1


def test_a_coordinator_reads_the_programme_report_downloads_it_and_adds_a_project(new_context, live_server):
    seed_demo()
    demo = Project.objects.get(code=CODE)
    coordinator = get_user_model().objects.get(email=COORDINATOR)
    context = logged_in_context(new_context, live_server, coordinator)
    page = context.new_page()
    console = watch_console(page)  # the admin's policy

    # 1. Reports → Programme report, the demo's project and its period, "Show".
    page.goto("/admin/")
    open_admin_menu(page, uk("Reports"), uk("Programme report"))
    expect(page).to_have_url(f"{live_server.url}/admin/reports/")
    filters = page.locator("form.report-filters")
    filters.get_by_label(uk("Project")).select_option(label=str(demo))
    filters.get_by_label(uk("From")).fill(demo.starts_on.isoformat())
    filters.get_by_label(uk("To")).fill(demo.ends_on.isoformat())
    filters.get_by_role("button", name=uk("Show")).click()
    expect(page).to_have_url(f"{live_server.url}/admin/reports/?start={demo.starts_on}&end={demo.ends_on}"
                             f"&project={demo.pk}&course=&session=&oblast=&format=")

    with translation.override("uk"):  # computed after the page did, so on the facts it refreshed
        report = programme_report(Filters(start=demo.starts_on, end=demo.ends_on, project=demo))
        reached = count(report.total.reached)
    assert report.total.reached and report.total.reached >= 5, "the demo reaches enough people to print a figure"
    glance = page.locator("section[aria-labelledby=report-headline]")
    expect(glance.locator("div", has=page.locator("dt", has_text=uk("People reached"))).locator("dd")).to_have_text(
        reached)
    main = page.locator("main")
    for title in (uk("Progress against the project's targets"),
                  *(uk("By %(dimension)s") % {"dimension": uk(dimension).lower()}
                    for dimension in ("Sex", "Oblast", "Profession"))):
        table = main.locator("section", has=page.get_by_role("heading", name=title, exact=True))
        expect(table.locator("table")).to_be_visible()
        expect(table.locator("tbody tr").first).not_to_contain_text(uk("Nothing to count yet."))
    targets = main.locator("section", has=page.get_by_role("heading", name=uk("Progress against the project's "
                                                                               "targets")))
    expect(targets.locator("tbody tr")).to_have_count(demo.targets.count())
    expect(targets.locator("tbody")).to_contain_text(uk("Share of women among people reached (%)"))
    pictures = main.locator("svg[role=img]")
    assert pictures.count() >= 3  # targets, the days' attendance, the map of oblasts (and the gain when tested)
    for picture in pictures.all():
        assert picture.locator("title").first.text_content().strip()
    expect(main.get_by_role("heading", name=uk("How the figures are counted"))).to_be_visible()
    expect(main.locator(".report-footnotes li").first).to_be_visible()
    assert_no_page_overflow(page)
    scroller = main.locator(".report-table").first  # the wide table scrolls in its own box
    assert scroller.evaluate("box => box.scrollWidth > box.clientWidth")

    # 2. The same figure in the CSV and the Excel file, downloaded through their links.
    with page.expect_download() as download:
        page.get_by_role("link", name=uk("Report (CSV)")).click()
    with open(download.value.path(), encoding="utf-8-sig", newline="") as file:
        assert people_reached(csv.reader(file)) == reached
    with page.expect_download() as download:
        page.get_by_role("link", name=uk("Report (Excel)")).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as file:  # Playwright keeps it without its extension
        sheet = load_workbook(file, read_only=True).active
        assert people_reached(sheet.iter_rows(values_only=True)) == reached

    # 3. The printable annex, with the same headline figure.
    page.get_by_role("link", name=uk("Printable annex")).click()
    expect(page.locator("h1")).to_have_text(uk("Programme report"))
    expect(page.locator(".report-header")).to_contain_text(CODE)
    expect(page.locator(".report-glance div", has=page.locator("dt", has_text=uk("People reached")))
           .locator("dd")).to_have_text(reached)
    assert_no_page_overflow(page)
    # printed on A4 as a donor's annex would be: every page A4, the figure and the footnotes on paper
    annex = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=False)))
    for sheet in annex.pages:  # A4 is 595.3 × 841.9 points; Chromium rounds to whole pixels
        assert abs(float(sheet.mediabox.width) - 595.3) < 1.5 and abs(float(sheet.mediabox.height) - 841.9) < 1.5
    printed = " ".join(" ".join(sheet.extract_text().split()) for sheet in annex.pages)
    assert CODE in printed and f"{uk('People reached')} {reached}" in printed and uk("Not stated") in printed
    page.go_back()

    # 5. axe-core on the report, at 360 × 740 and at 1280 × 800, where it reads without sideways scrolling too.
    require(AXE, "axe-core (node_modules/axe-core)")
    report_url = page.url
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(report_url)
        expect(glance).to_contain_text(reached)
        assert_no_page_overflow(page)
        violations = axe_violations(page)
        assert not violations, f"axe-core at {viewport['width']} px:\n" + describe_violations(violations)
    page.set_viewport_size(PHONE)

    # 4. Reports → Projects → Add: a session, a call and one target; the new project in the list.
    session = TrainingSession.objects.order_by("pk").first()
    call = Call.objects.order_by("pk").first()
    page.goto("/admin/")
    open_admin_menu(page, uk("Reports"), uk("Projects"))
    expect(page).to_have_url(f"{live_server.url}/admin/projects/")
    page.get_by_role("link", name=uk("Add %(model_name)s") % {"model_name": uk("project")}).first.click()
    page.locator('input[name="name"]').fill("Психологічна перша допомога у громадах")
    page.locator('input[name="donor"]').fill("USAID")
    page.locator('input[name="code"]').fill("USAID-UKR-2027-PFA")
    page.locator('input[name="starts_on"]').fill("2027-01-01")
    page.locator('input[name="ends_on"]').fill("2027-12-31")
    page.locator('select[name="sessions"]').select_option([str(session.pk)])
    page.locator(f'input[name="calls"][value="{call.pk}"]').check()
    page.get_by_role("button", name=uk("Add %(label)s", label=uk("Target"))).click()  # the inline panel's
    page.locator('select[name="targets-0-indicator"]').select_option(Indicator.REACHED.value)
    page.locator('input[name="targets-0-value"]').fill("120")
    page.locator("footer button[type=submit]").first.click()

    expect(page).to_have_url(f"{live_server.url}/admin/projects/")
    expect(page.locator("main table")).to_contain_text("USAID-UKR-2027-PFA")
    project = Project.objects.get(code="USAID-UKR-2027-PFA")
    assert (project.donor, str(project.starts_on), str(project.ends_on)) == ("USAID", "2027-01-01", "2027-12-31")
    assert list(project.sessions.all()) == [session] and list(project.calls.all()) == [call]
    assert [(target.indicator, int(target.value), target.profession) for target in project.targets.all()] == [
        (Indicator.REACHED, 120, "")]

    # 6. English, the admin's language in the account's settings: the report reads the same in it.
    page.goto("/admin/account/")
    page.locator('select[name="locale-preferred_language"]').select_option("en")
    page.locator("footer button[type=submit]").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(report_url)
    with translation.override("en"):
        reached_in_english = count(report.total.reached)
    expect(page.get_by_role("heading", name="At a glance")).to_be_visible()
    expect(glance.locator("div", has=page.locator("dt", has_text="People reached")).locator("dd")).to_have_text(
        reached_in_english)
    expect(page.get_by_role("heading", name="How the figures are counted")).to_be_visible()
    assert_no_page_overflow(page)
    violations = axe_violations(page)
    assert not violations, "axe-core in English:\n" + describe_violations(violations)
    console.assert_no_csp_violations()
