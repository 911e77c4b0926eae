"""The Content-Security-Policy header (django-csp, lms/content_security_policy.py): strict on the site, the Wagtail
admin's own looser policy under /admin/, and templates that need nothing the strict policy refuses."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, streamfield

from content.models import StandardPage
from lms.content_security_policy import ContentSecurityPolicyMiddleware
from tests.courses.factories import add_quiz
from tests.enrollments.factories import TrainingSessionFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"
TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"]


def policy(response) -> dict[str, list[str]]:
    """The header as {directive: sources}."""
    assert HEADER in response, f"no {HEADER} on {response.status_code} {response.get('Content-Type')}"
    directives = {}
    for part in response[HEADER].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_strict(directives: dict[str, list[str]]) -> None:
    """Scripts only from our origin or with this response's nonce, nothing inline; no plugins, no framing."""
    scripts = directives["script-src"]
    assert scripts[0] == "'self'"
    assert all(source.startswith("'nonce-") for source in scripts[1:]), scripts
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert directives["default-src"] == ["'self'"]
    assert_always_there(directives, frame_ancestors="'none'")


def assert_always_there(directives: dict[str, list[str]], *, frame_ancestors: str) -> None:
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == [frame_ancestors]


# --- The site ---------------------------------------------------------------------------------------------------

def test_a_public_page_has_the_strict_policy(client, tree):
    response = client.get(tree.home.url)

    assert response.status_code == 200
    assert "<h1" in text(response)
    assert_strict(policy(response))


def test_the_log_in_page_and_a_refusal_have_the_strict_policy(client, tree):
    login = client.get("/uk/accounts/login/")
    missing = client.get("/uk/no-such-page/")

    assert login.status_code == 200 and 'name="password"' in text(login)
    assert missing.status_code == 404
    assert_strict(policy(login))
    assert_strict(policy(missing))


def test_a_logged_in_page_has_the_strict_policy(learner):
    response = learner.get("/uk/learning/")

    assert response.status_code == 200
    assert 'action="/uk/accounts/logout/"' in text(response)
    assert_strict(policy(response))


def test_video_embeds_may_be_framed_from_youtube_and_vimeo_only(client, tree):
    directives = policy(client.get(tree.home.url))

    assert directives["frame-src"] == ["https://www.youtube.com", "https://www.youtube-nocookie.com",
                                       "https://player.vimeo.com"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]  # style attributes: result bars, embeds
    assert directives["img-src"] == ["'self'", "data:"]


def test_a_script_with_the_requests_nonce_is_allowed_and_only_that_one(rf):
    """A template that must have an inline script writes `<script nonce="{{ request.csp_nonce }}">`."""
    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">go()</script>')

    first = ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/uk/"))
    second = ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/uk/"))

    nonce = re.search(r'nonce="([^"]+)"', first.content.decode()).group(1)
    assert policy(first)["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert f"'nonce-{nonce}'" not in second[HEADER]  # a fresh one per response
    assert_strict(policy(second))


@pytest.mark.parametrize("uses_nonce", [True, False])
def test_the_site_policy_built_once_is_django_csps_own(uses_nonce, settings):
    """lms.content_security_policy builds the site's policy once per settings; django-csp builds it per response."""
    from csp.middleware import CSPMiddleware

    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"],
                                                                   "report-uri": "/csp-reports/"}}

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>' if uses_nonce else "<p>")

    ours = ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/uk/"))
    request = RequestFactory().get("/uk/")
    djangos = CSPMiddleware(view)(request)
    nonce = request._csp_nonce if uses_nonce else None
    ours_nonce = re.search(r"'nonce-([^']+)'", ours[HEADER]).group(1) if uses_nonce else None
    assert ours[HEADER].replace(str(ours_nonce), "N") == djangos[HEADER].replace(str(nonce), "N")
    assert ours["Content-Security-Policy-Report-Only"] == djangos["Content-Security-Policy-Report-Only"]

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}  # new settings: built again
    assert ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/uk/"))[HEADER].startswith("default-src 'none'")


# --- The pages with scripts: quiz, roster, QR check-in -----------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src|nonce)=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>",
                           re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"=\s*[\"']?\s*javascript:", re.IGNORECASE)


def assert_runs_under_the_strict_policy(response) -> None:
    assert response.status_code == 200
    html = text(response)
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    assert not EVENT_HANDLER.search(html), EVENT_HANDLER.search(html).group(0)
    assert not JAVASCRIPT_URL.search(html)
    assert_strict(policy(response))


@pytest.fixture
def today(trainer):
    session = TrainingSessionFactory(trainers=[trainer])
    return session.days.get(date=timezone.localdate())


def test_the_roster_and_the_qr_page_load_their_script_from_our_origin(client, trainer, today):
    client.force_login(trainer)

    for url in (f"/uk/learning/trainer/days/{today.pk}/", f"/uk/learning/trainer/days/{today.pk}/qr/"):
        response = client.get(url)
        assert_runs_under_the_strict_policy(response)
        assert '<script src="/static/js/roster-count.js" defer></script>' in text(response)
        assert 'id="roster-count"' in text(response)


def test_a_quiz_loads_its_script_from_our_origin(learner, tree):
    quiz = add_quiz(tree.modules[0], slug="quiz")

    started = learner.post(f"/uk/learning/quizzes/{quiz.pk}/start/", follow=True)

    assert_runs_under_the_strict_policy(started)
    assert '<script src="/static/js/quiz.js" defer></script>' in text(started)


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            source = path.read_text()
            for pattern in (INLINE_SCRIPT, EVENT_HANDLER, JAVASCRIPT_URL):
                offenders += [f"{path.relative_to(directory)}: {m.group(0)}" for m in pattern.finditer(source)]
    assert offenders == []


# --- The Wagtail admin --------------------------------------------------------------------------------------------

def test_the_admin_has_its_own_policy_that_still_forbids_plugins_and_foreign_frames(admin):
    response = admin.get("/admin/")

    assert response.status_code == 200
    assert "wagtail" in text(response).lower()
    directives = policy(response)
    assert "'unsafe-inline'" in directives["script-src"]  # the admin's own inline scripts
    assert not any(source.startswith("'nonce-") for source in directives["script-src"])  # would void unsafe-inline
    assert_always_there(directives, frame_ancestors="'self'")  # its page preview is a frame of its own


def test_every_admin_page_has_the_admin_policy(admin, tree):
    response = admin.get(f"/admin/pages/{tree.home.pk}/edit/")

    assert response.status_code == 200
    assert tree.home.title in text(response)
    assert "'unsafe-inline'" in policy(response)["script-src"]
    assert_always_there(policy(response), frame_ancestors="'self'")


def test_the_page_preview_in_the_admin_may_be_framed_by_the_admin(admin, tree):
    """Wagtail renders a preview by passing a dummy request for the page's own URL through the middleware; the admin
    shows it in a frame, which the site's frame-ancestors 'none' would block."""
    page = StandardPage(title="Про нас", slug="about", intro="Хто ми")
    tree.home.add_child(instance=page)
    preview_url = f"/admin/pages/{page.pk}/edit/preview/"
    form = nested_form_data({"title": "Про нас (чернетка)", "slug": "about", "intro": "Хто ми",
                             "body": streamfield([])})
    assert admin.post(preview_url, form).json()["is_valid"] is True

    response = admin.get(preview_url, {"in_preview_panel": "true"})

    assert response.status_code == 200
    assert "Про нас (чернетка)" in text(response)
    assert_always_there(policy(response), frame_ancestors="'self'")
