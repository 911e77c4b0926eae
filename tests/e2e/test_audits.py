"""The demo's key pages pass the audits that issue 14 asks of every page, in both languages, as a visitor, a
participant and a trainer (tests/e2e/audits.py lists the pages):

- axe-core finds nothing (WCAG 2.2 A and AA, and axe's best practices) at 360×740 and at 1280×800;
- each page's HTML is under 100 KB, and each page open to search engines has a description of its own;
- the Nu HTML checker (the W3C's validator) finds no error;
- Lighthouse scores accessibility and best practices 100 and SEO at least 95 on a handful of them.

The tools come from npm (`make install-audit`; the Nu checker also needs Java): without them these tests are
skipped, except in CI. Run them alone with
`DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python -m pytest -p no:xdist -m browser tests/e2e/test_audits.py`.
"""

import re
from html import unescape

import pytest
from django.conf import settings

from tests.e2e.audits import (
    AXE,
    LIGHTHOUSE,
    MAX_HTML_BYTES,
    PARTICIPANT,
    VNU,
    axe_violations,
    describe_violations,
    failing_audits,
    fetch,
    java,
    key_pages,
    lighthouse,
    nu_errors,
    require,
    seed_demo,
)
from tests.e2e.browsing import PHONE

pytestmark = [
    pytest.mark.browser,
    # live_server flushes the database after the test: put Wagtail's root page and default site back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DESKTOP = {"width": 1280, "height": 800}
META = re.compile(r"<meta\s+name=\"(description|robots)\"\s+content=\"([^\"]*)\"", re.IGNORECASE)


def test_axe_finds_no_violation_on_the_key_pages(new_context, live_server):
    require(AXE, "axe-core (node_modules/axe-core)")
    cookies = seed_demo()
    pages = key_pages()
    found = []
    for viewport in (PHONE, DESKTOP):
        for user in ("", *cookies):
            context = new_context(viewport=viewport, base_url=live_server.url)
            if user:
                context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookies[user],
                                      "url": live_server.url}])
            browser_page = context.new_page()
            for page in (page for page in pages if page.user == user):
                response = browser_page.goto(page.url)
                assert response.status == 200, f"{page} answered {response.status}"
                assert browser_page.url == live_server.url + page.url, f"{page} was sent to {browser_page.url}"
                violations = axe_violations(browser_page)
                if violations:
                    found.append(f"{page} at {viewport['width']}×{viewport['height']}:\n"
                                 + describe_violations(violations))
            context.close()
    assert not found, "axe-core found violations:\n" + "\n".join(found)


def test_the_key_pages_are_small_and_those_for_search_engines_described(live_server):
    cookies = seed_demo()
    problems = []
    descriptions: dict[str, str] = {}  # description → the first indexable page that has it
    for page in key_pages():
        html = fetch(live_server.url, page, cookies)
        if len(html) >= MAX_HTML_BYTES:
            problems.append(f"{page}: {len(html) // 1000} KB of HTML")
        meta = {name.lower(): unescape(content).strip() for name, content in META.findall(html.decode())}
        if "noindex" in meta.get("robots", "") or page.user:
            continue
        description = meta.get("description", "")
        if not description:
            problems.append(f"{page}: no meta description")
        elif descriptions.setdefault(description, str(page)) != str(page):
            problems.append(f"{page}: the same meta description as {descriptions[description]}")
    assert not problems, "\n".join(problems)


def test_the_nu_html_checker_finds_no_error_on_the_key_pages(live_server, tmp_path):
    require(VNU, "The Nu HTML checker (node_modules/vnu-jar)")
    require(java(), "Java, for the Nu HTML checker,")
    cookies = seed_demo()
    files = {}
    for number, page in enumerate(key_pages()):
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(fetch(live_server.url, page, cookies))
        files[str(page)] = path
    errors = nu_errors(files)
    assert not errors, "The Nu HTML checker found errors:\n" + "\n".join(
        f"{page}:\n" + "\n".join(f"  {error}" for error in page_errors) for page, page_errors in errors.items())


# A handful: Lighthouse takes some seconds a page. SEO is not asked of pages kept out of search engines (noindex):
# "is-crawlable" fails there on purpose, so only their other SEO audits must pass.
LIGHTHOUSE_PAGES = ("home (uk)", "catalogue (uk)", "course (uk)", "module (uk)", "sign-in (uk)", "sign-up (uk)",
                    "course (en)", "my learning (uk)")


def test_lighthouse_scores_the_key_pages_100(live_server):
    require(LIGHTHOUSE, "Lighthouse (node_modules/lighthouse)")
    cookies = seed_demo()
    pages = [page for page in key_pages() if page.name in LIGHTHOUSE_PAGES and page.user in ("", PARTICIPANT)]
    pages = list({page.name: page for page in reversed(pages)}.values())  # once each, anonymous if both
    assert {page.name for page in pages} == set(LIGHTHOUSE_PAGES)
    problems = []
    for page in pages:
        cookie = f"{settings.SESSION_COOKIE_NAME}={cookies[page.user]}" if page.user else ""
        report = lighthouse(live_server.url + page.url, cookie=cookie)
        assert report["finalDisplayedUrl"] == live_server.url + page.url, f"{page} was sent elsewhere"
        scores = {category: report["categories"][category]["score"] for category in report["categories"]}
        noindex = report["audits"]["is-crawlable"]["score"] == 0 and page.user
        for category, floor in (("accessibility", 1), ("best-practices", 1), ("seo", 0.95)):
            ignore = frozenset({"is-crawlable"}) if category == "seo" and noindex else frozenset()
            failing = failing_audits(report, category, ignore=ignore)
            if (bool(failing) if ignore else scores[category] < floor):
                problems.append(f"{page}: {category} {round(scores[category] * 100)}\n"
                                + "\n".join(f"  {audit}" for audit in failing))
    assert not problems, "Lighthouse:\n" + "\n".join(problems)
