"""Download my data, from a phone-sized Chromium: a participant with a training, a certificate and an application
with a file opens her profile, downloads her data as JSON and as a ZIP with her file, and reads it on a page that
fits the phone's width.

Needs Debian's Chromium at /usr/bin/chromium (`make install`); skipped without it, except in CI.
"""

import json
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.courses.factories import build_tree
from tests.e2e.browsing import PHONE, logged_in_context, watch_console
from tests.enrollments.privacy.everything import one_of_everything
from tests.factories import ParticipantFactory
from tests.helpers import uk

pytestmark = [
    pytest.mark.browser,
    # live_server flushes the database after the test: put Wagtail's root page and default site back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=10_000)  # ms: CI's two cores also run the live server and Chromium


def test_a_participant_downloads_her_data_from_her_profile(new_context, live_server):
    tree = build_tree()
    holder = ParticipantFactory(email="oleksandra@example.org")
    held = one_of_everything(holder, tree)
    page = logged_in_context(new_context, live_server, holder).new_page()
    console = watch_console(page)
    today = f"{timezone.localdate():%Y-%m-%d}"

    page.goto("/uk/learning/profile/")
    section = page.locator("section", has=page.get_by_role("heading", name=uk("Your data")))
    expect(section).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The JSON file: her name, her address, her certificate.
    with page.expect_download() as download:
        section.get_by_role("link", name=uk("Download your data (JSON)")).click()
    assert download.value.suggested_filename == f"hromada-my-data-{today}.json"
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["profile"]["full_name"] == "Олександра Щербак"
    assert data["account"]["email"] == "oleksandra@example.org"
    assert data["certificates"][0]["code"] == held.certificates[0].display_code

    # The ZIP: the same data, the readable page, and the letter she uploaded, byte for byte.
    with page.expect_download() as download:
        section.get_by_role("link", name=uk("Download your data with your files (ZIP)")).click()
    assert download.value.suggested_filename == f"hromada-my-data-{today}.zip"
    with zipfile.ZipFile(download.value.path()) as archive:
        assert archive.namelist() == ["data.json", "data.html", "files/Лист Олі.pdf"]
        assert archive.read("files/Лист Олі.pdf") == held.contents["Лист Олі.pdf"]
        assert json.loads(archive.read("data.json"))["profile"]["full_name"] == "Олександра Щербак"

    # The page: everything readable on the phone, wide tables scrolling inside their own box.
    section.get_by_role("link", name=uk("See your data on a page")).click()
    expect(page.locator("h1")).to_have_text(uk("Your data"))
    expect(page.locator("#data-profile").locator("xpath=..")).to_contain_text("Олександра Щербак")
    expect(page.locator("#data-certificates").locator("xpath=..")).to_contain_text(held.certificates[0].display_code)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    console.assert_no_csp_violations()
