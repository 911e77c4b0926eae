"""The demo's key pages, and the three audits the browser tests run on them (tests/e2e/test_audits.py):
axe-core in Chromium, the Nu HTML checker (the W3C's validator), and Lighthouse.

The tools come from npm (package.json, package-lock.json), installed into node_modules/ by `make install-audit`;
the Nu checker also needs Java. Without them the audits are skipped, except in CI (REQUIRE_SYSTEM_PACKAGES=1).
"""

import json
import logging
import os
import shutil
import signal
import subprocess
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from tests.conftest import CHROMIUM, REQUIRED

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parents[2]
NODE_MODULES = BASE_DIR / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

PARTICIPANT = "participant1@example.org"
TRAINER = "trainer@example.org"
LANGUAGES = ("uk", "en")
MAX_HTML_BYTES = 100_000  # each page's HTML, as sent: a page that loads on a slow phone connection


def require(path: Path | None, what: str) -> None:
    """Skip the audit when its tool is missing (`make install-audit`), or fail in CI, where it must run."""
    if path is not None and path.exists():
        return
    message = f"{what} is missing: make install-audit"
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(message)


def java() -> Path | None:
    found = shutil.which("java")
    return Path(found) if found else None


@dataclass(frozen=True)
class AuditPage:
    name: str  # what the page is, in a failure message
    url: str  # path on the live server
    user: str = ""  # the demo log-in whose session the browser has; empty: anonymous

    def __str__(self) -> str:
        return f"{self.name} {self.url}" + (f" as {self.user}" if self.user else "")


def seed_demo() -> dict[str, str]:
    """Load the demo (with its people) into the live server's database; a session cookie per demo log-in."""
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", users=True, stdout=quiet)
    cookies = {}
    for email in (PARTICIPANT, TRAINER):
        client = Client()
        client.force_login(get_user_model().objects.get(email=email))
        cookies[email] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


def key_pages() -> list[AuditPage]:
    """The pages people use most, in both languages: as a visitor, as a participant and as a trainer."""
    pages = []
    for language in LANGUAGES:
        with translation.override(language):
            pages += _pages_in(language)
    return pages


def _pages_in(language: str) -> list[AuditPage]:
    from certificates.models import Certificate, CertificateStatus
    from content.models import CallPage, HomePage, NewsIndexPage, NewsPage
    from courses.models import CourseIndexPage, CoursePage, ModulePage, QuizKind, QuizPage
    from enrollments.models import SessionDay

    locale = Locale.objects.get(language_code=language)

    def first(model, **filters):
        return model.objects.live().filter(locale=locale, **filters).order_by("path").first()

    trainer = get_user_model().objects.get(email=TRAINER)
    days = SessionDay.objects.filter(session__trainers=trainer)
    day = days.filter(date__gte=timezone.localdate()).order_by("date").first() or days.order_by("-date").first()
    certificate = Certificate.objects.filter(status=CertificateStatus.VALID).order_by("pk").first()
    module = first(ModulePage)
    quiz = first(QuizPage, kind=QuizKind.GRADED) or first(QuizPage)
    call = first(CallPage)
    news = [page for page in (first(NewsIndexPage), first(NewsPage)) if page is not None]
    word = {"uk": "курс", "en": "course"}[language]
    anonymous = [
        ("home", first(HomePage).url),
        ("catalogue", first(CourseIndexPage).url),
        ("course", first(CoursePage).url),
        ("module", module.url),
        ("quiz", quiz.url),
        ("sign-in", reverse("account_login")),
        ("sign-up", reverse("account_signup")),
        ("password reset", reverse("account_reset_password")),
        ("call", call.url),
        ("verification form", reverse("verify_certificate_form")),
        ("verification", reverse("verify_certificate", kwargs={"code": certificate.code})),
        ("search results", f"{reverse('search')}?q={urllib.parse.quote(word)}"),
    ] + [("news" if isinstance(page, NewsIndexPage) else "news item", page.url) for page in news]
    participant = [
        ("my learning", reverse("my_learning")),
        ("profile", reverse("profile")),
        ("module", module.url),
        ("quiz", quiz.url),
        ("call", call.url),
        ("apply form", reverse("call_apply", kwargs={"call_id": call.pk})),
    ]
    trainer_pages = [
        ("roster", reverse("roster", kwargs={"day_id": day.pk})),
        ("QR code", reverse("checkin_qr", kwargs={"day_id": day.pk})),
        ("QR code presented", reverse("checkin_qr_present", kwargs={"day_id": day.pk})),
        ("sign-in sheet", reverse("sign_in_sheet", kwargs={"day_id": day.pk})),
        ("paper sheet", reverse("paper_entry", kwargs={"day_id": day.pk})),
    ]
    return ([AuditPage(f"{name} ({language})", url) for name, url in anonymous]
            + [AuditPage(f"{name} ({language})", url, PARTICIPANT) for name, url in participant]
            + [AuditPage(f"{name} ({language})", url, TRAINER) for name, url in trainer_pages])


def fetch(base_url: str, page: AuditPage, cookies: dict[str, str]) -> bytes:
    """The page's HTML as the live server sends it, with the user's session."""
    request = urllib.request.Request(base_url + page.url)  # noqa: S310 - the live test server
    if page.user:
        request.add_header("Cookie", f"{settings.SESSION_COOKIE_NAME}={cookies[page.user]}")
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        assert response.status == 200, f"{page} answered {response.status}"
        # Not sent elsewhere (a log-in page instead of the participant's): the page audited is the page named.
        assert response.url == base_url + page.url, f"{page} was sent to {response.url}"
        return response.read()


# --- axe-core ---------------------------------------------------------------------------------------------------

# WCAG 2.2 A and AA (axe tags each rule with the version that introduced it) and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


def axe_violations(browser_page) -> list[dict]:
    """Run axe-core on the page as it is now; its violations. Evaluated through the DevTools protocol, so the
    site's Content Security Policy (no inline scripts) does not stop it."""
    if browser_page.evaluate("typeof window.axe") == "undefined":
        browser_page.evaluate(AXE.read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return browser_page.evaluate("options => axe.run(document, options)", options)["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"      {' '.join(map(str, node['target']))}: {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"      … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


# --- The Nu HTML checker --------------------------------------------------------------------------------------------

def nu_errors(files: dict[str, Path]) -> dict[str, list[str]]:
    """Validate the HTML files (by page name) in one run of the Nu checker; its errors by page name."""
    by_path = {path.resolve().as_uri(): name for name, path in files.items()}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [str(java()), "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout",
         *[str(path) for path in files.values()]],
        capture_output=True, text=True, timeout=300, check=False)
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stdout or "{}").get("messages", []):
        name = by_path.get(message.get("url"), message.get("url", "?"))
        where = f"line {message['lastLine']}" if "lastLine" in message else ""
        extract = " ".join(message.get("extract", "").split())
        errors.setdefault(name, []).append(f"{where}: {message['message']}  «{extract}»")
    if result.returncode not in (0, 1) or (result.returncode == 1 and not errors):
        raise RuntimeError(f"the Nu checker failed ({result.returncode}): {result.stderr[-2000:]}")
    return errors


# --- Lighthouse ---------------------------------------------------------------------------------------------------

LIGHTHOUSE_CATEGORIES = ("accessibility", "best-practices", "seo")
# Headless, and quiet: the flags of the browser tests (tests/e2e/conftest.py) in Lighthouse's own Chromium.
LIGHTHOUSE_CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                           "--disable-background-networking --disable-component-update --disable-sync")


LIGHTHOUSE_TIMEOUT = 120  # s a page; it takes about 13 on two busy cores


def lighthouse(url: str, *, cookie: str = "") -> dict:
    """Lighthouse's report (JSON) for the URL: accessibility, best practices and SEO only.

    A run that hangs (seen once, on the first page, with other tests busy on both cores) is tried once more: a
    hang is the tool's, a low score is the page's and fails at once."""
    try:
        return _lighthouse(url, cookie=cookie)
    except LighthouseHung as hung:
        logger.warning("%s; trying once more", hung)
        return _lighthouse(url, cookie=cookie)


class LighthouseHung(RuntimeError):
    pass


def _lighthouse(url: str, *, cookie: str) -> dict:
    # Not --quiet: its progress on stderr says where a failed run stopped.
    command = ["node", str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout",
               f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}", f"--chrome-flags={LIGHTHOUSE_CHROME_FLAGS}",
               "--disable-full-page-screenshot", "--max-wait-for-load=30000"]
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    # In a session of its own, so that a run that hangs is ended together with the Chromium it started.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,  # noqa: S603
                               env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, cwd=BASE_DIR, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=LIGHTHOUSE_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stderr = process.communicate()[1]
        raise LighthouseHung(f"Lighthouse did not finish {url} in {LIGHTHOUSE_TIMEOUT} s: {stderr[-2000:]}") from None
    if process.returncode != 0:
        raise RuntimeError(f"Lighthouse failed on {url} ({process.returncode}): {stderr[-2000:]}")
    return json.loads(stdout)


def failing_audits(report: dict, category: str, *, ignore: frozenset[str] = frozenset()) -> list[str]:
    """The audits that count towards the category's score and did not pass, with Lighthouse's title."""
    failing = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["id"] in ignore or audit["score"] is None or audit["score"] >= 1:
            continue
        if ref.get("weight", 0) == 0 and audit["scoreDisplayMode"] not in ("binary", "numeric"):
            continue
        failing.append(f"{ref['id']}: {audit['title']} (score {audit['score']})")
    return failing
