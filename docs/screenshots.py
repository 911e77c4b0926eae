"""`make screenshots`: the README's pictures (docs/screenshots/), taken from the demo as a visitor would see it.

A throwaway SQLite database and media folder (never the developer's own), migrated and loaded with `seed_demo`;
`manage.py runserver` on a free port; Debian's Chromium (Playwright) at phone width (360 px) and desktop size
(1280×800), logged in as the demo people through a session made here, as the browser tests do
(tests/e2e/browsing.py). Every page must answer 200 with nothing blocked by the Content Security Policy, and
the picture is taken once the network is idle.

    .venv/bin/python docs/screenshots.py
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
OUT = BASE_DIR / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
# The same flags as the browser tests (tests/e2e/conftest.py): headless, and no calling home.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
MAX_BYTES = 150_000  # a README that loads quickly: each picture stays under this


@dataclass
class Shot:
    name: str  # the file in docs/screenshots/, without .png
    url: str
    viewport: dict
    user: str = ""  # the demo log-in whose session the browser has; empty: anonymous
    start_quiz: bool = False  # press the quiz page's start button and picture the questions


def main() -> None:
    if not CHROMIUM.exists():
        sys.exit(f"Chromium is needed at {CHROMIUM}: make install-chromium")
    workdir = Path(tempfile.mkdtemp(prefix="hromada-screenshots-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
           "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
           "MEDIA_ROOT": str(workdir / "media"), "PRIVATE_MEDIA_ROOT": str(workdir / "private-media")}
    os.environ.update(env)
    try:
        count = take(env, workdir)
    except BaseException:
        print(f"The database and the server's log are kept in {workdir}", file=sys.stderr)
        raise
    shutil.rmtree(workdir)
    print(f"{count} pictures in {OUT.relative_to(BASE_DIR)}/")


def take(env: dict[str, str], workdir: Path) -> int:
    shots, cookies = seed(workdir)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with open(workdir / "runserver.log", "wb") as log:
        server = subprocess.Popen(  # noqa: S603 - fixed arguments
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=BASE_DIR, env={**env, "WAGTAILADMIN_BASE_URL": base_url}, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for(base_url + "/uk/", server)
            OUT.mkdir(parents=True, exist_ok=True)
            capture(shots, cookies, base_url)
        finally:
            server.terminate()
            server.wait(timeout=10)
    return len(shots)


def seed(workdir: Path) -> tuple[list[Shot], dict[str, str]]:
    """Migrate and load the demo into the throwaway database; what to picture, and a session cookie per log-in."""
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone, translation
    from wagtail.models import Locale

    from certificates.models import Certificate, CertificateStatus
    from courses.models import CourseIndexPage, CoursePage, ModulePage, QuizKind, QuizPage
    from enrollments.models import SessionDay

    call_command("migrate", verbosity=0, interactive=False)
    with open(workdir / "seed_demo.log", "w", encoding="utf-8") as report:
        call_command("seed_demo", stdout=report)

    uk, en = Locale.objects.get(language_code="uk"), Locale.objects.get(language_code="en")
    users = get_user_model().objects.filter(email__in=["participant1@example.org", "trainer@example.org"])
    trainer = users.get(email="trainer@example.org")
    # The roster with the most to show: the first day of the trainer's session with the most people in it;
    # the QR code is drawn only for a day that is today (or the next one, which then says when it opens).
    trainer_days = SessionDay.objects.filter(session__trainers=trainer).select_related("session")
    roster_day = max(trainer_days, key=lambda day: (day.session.enrollments.count(), -day.date.toordinal()))
    qr_day = SessionDay.objects.filter(session__trainers=trainer, date__gte=timezone.localdate()).order_by("date")[0]
    certificate = Certificate.objects.filter(status=CertificateStatus.VALID).order_by("issued_at", "pk")[0]
    with translation.override("uk"):
        roster = reverse("roster", kwargs={"day_id": roster_day.pk})
        qr = reverse("checkin_qr_present", kwargs={"day_id": qr_day.pk})
        my_learning = reverse("my_learning")
        verify = reverse("verify_certificate", kwargs={"code": certificate.code})
    shots = [
        Shot("home-uk-phone", "/uk/", PHONE),
        Shot("catalogue-uk-phone", CourseIndexPage.objects.live().get(locale=uk).url, PHONE),
        Shot("module-uk-phone", ModulePage.objects.live().filter(locale=uk).order_by("path")[0].url, PHONE,
             user="participant1@example.org"),
        Shot("quiz-uk-phone",
             QuizPage.objects.live().filter(locale=uk, kind=QuizKind.GRADED).order_by("path")[0].url, PHONE,
             user="participant1@example.org", start_quiz=True),
        Shot("my-learning-uk-phone", my_learning, PHONE, user="participant1@example.org"),
        Shot("roster-uk-phone", roster, PHONE, user="trainer@example.org"),
        Shot("qr-present-uk-desktop", qr, DESKTOP, user="trainer@example.org"),
        Shot("course-en-desktop", CoursePage.objects.live().filter(locale=en).order_by("path")[0].url, DESKTOP),
        Shot("verify-certificate-uk-desktop", verify, DESKTOP),
    ]
    cookies = {}
    for user in users:
        client = Client()
        client.force_login(user)
        cookies[user.email] = client.cookies[settings.SESSION_COOKIE_NAME].value
    connections.close_all()
    return shots, cookies


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("runserver stopped; see its log")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"runserver did not answer {url} in {timeout} s")


def capture(shots: list[Shot], cookies: dict[str, str], base_url: str) -> None:
    """Picture each page; `cookies`: the session cookie's value by the demo log-in's email."""
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for shot in shots:
            context = browser.new_context(viewport=shot.viewport, device_scale_factor=1, base_url=base_url,
                                          locale="uk-UA" if "-uk-" in shot.name else "en-GB")
            if shot.user:
                cookie = {"name": settings.SESSION_COOKIE_NAME, "value": cookies[shot.user], "url": base_url}
                context.add_cookies([cookie])
            page = context.new_page()
            problems = watch(page)
            response = page.goto(shot.url, wait_until="networkidle")
            if shot.start_quiz:
                with page.expect_navigation(wait_until="networkidle"):
                    page.locator("form[action*='/start/'] [type=submit]").first.click()
                response = None
            if response is not None and response.status != 200:
                problems.append(f"{shot.url} answered {response.status}")
            if problems:
                sys.exit(f"{shot.name}: " + "; ".join(problems))
            save(page.screenshot(type="png"), OUT / f"{shot.name}.png")
            context.close()
        browser.close()


def watch(page) -> list[str]:
    """What went wrong on the page while it loaded: CSP violations, script errors, failed requests."""
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"{request.url} failed"))
    return problems


def save(png: bytes, path: Path) -> None:
    """Write the picture, as a palette PNG when the full-colour one is too big for a README."""
    from PIL import Image

    if len(png) > MAX_BYTES:
        buffer = BytesIO()
        Image.open(BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
            buffer, format="PNG", optimize=True)
        png = buffer.getvalue()
    path.write_bytes(png)
    print(f"  {path.relative_to(BASE_DIR)}  {len(png) // 1000} KB")


if __name__ == "__main__":
    main()
