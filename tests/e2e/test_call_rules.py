"""A coordinator sets an open call's rules in the admin from a phone-sized Chromium, and both language versions
of the call's page show them: one row of rules, whatever the language.

Needs Debian's Chromium at /usr/bin/chromium (`make install-chromium`); skipped without it, except in CI.
"""

import pytest
from playwright.sync_api import expect

from content.models import Call
from tests.content.factories import add_call, translate_call
from tests.courses.factories import build_tree, translate_tree
from tests.e2e.browsing import PHONE, logged_in_context, watch_console
from tests.enrollments.factories import TrainingSessionFactory
from tests.factories import CoordinatorFactory
from tests.helpers import uk

pytestmark = [
    pytest.mark.browser,
    # live_server flushes the database after the test: put Wagtail's root page and default site back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_coordinator_sets_a_calls_rules_and_both_languages_show_them(new_context, live_server):
    tree = build_tree()
    translate_tree(tree)
    session = TrainingSessionFactory(city="Марганець")
    ukrainian = add_call(tree.home, title="Набір вчителів", stages=(("Письмова заявка", "Written application"),))
    english = translate_call(ukrainian, title="Teacher training")
    call = ukrainian.call
    page = logged_in_context(new_context, live_server, CoordinatorFactory()).new_page()
    console = watch_console(page)  # the admin's policy and the site's

    page.goto(f"/admin/calls/rules/edit/{call.pk}/")
    page.locator('input[name="places"]').fill("14")
    page.locator('input[name="deadline"]').fill("2030-03-31 23:59")
    page.locator(f'input[name="sessions"][value="{session.pk}"]').check()
    page.locator("#id_stages-ADD").click()  # a second stage, titled in both languages
    page.locator('input[name="stages-1-title_uk"]').fill("Співбесіда")
    page.locator('input[name="stages-1-title_en"]').fill("Interview")
    page.locator("footer button[type=submit]").first.click()

    expect(page).to_have_url(f"{live_server.url}/admin/calls/rules/")
    call = Call.objects.get(pk=call.pk)
    assert call.places == 14 and f"{call.deadline.astimezone(call.deadline.tzinfo):%Y}" == "2030"
    assert [(s.title_uk, s.title_en) for s in call.stages.order_by("sort_order")] == [
        ("Письмова заявка", "Written application"), ("Співбесіда", "Interview")]
    assert [link.session for link in call.session_links.all()] == [session]

    for url, words in ((english.url, ("Teacher training", "Interview", "23:59")),
                       (ukrainian.url, ("Набір вчителів", "Співбесіда", "23:59"))):
        page.goto(url)
        for word in words:
            expect(page.locator("main")).to_contain_text(word)
        expect(page.locator(".facts")).to_contain_text("14")
        expect(page.locator("main")).to_contain_text("Марганець")  # the training it recruits for
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.get_by_role("heading", name=uk("Stages of selection"))).to_be_visible()
    console.assert_no_csp_violations()
