"""Public verification (certificates/views.py): what anyone with a code sees, and what they never see."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, timezone
from django.utils.translation import override
from wagtail.models import Site

from certificates import services
from certificates.codes import format_code, new_code
from certificates.models import Certificate
from content.choices import Profession
from content.hours import hours_label
from content.models import SiteSettings
from courses.models import CoursePage
from enrollments.models import TrainingSession
from enrollments.session_label import date_range
from tests.certificates.factories import issued_certificate
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory
from tests.factories import CoordinatorFactory, UserFactory
from tests.helpers import text, uk

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]

KYIV = ZoneInfo("Europe/Kyiv")
# Measured 7: the certificate, then the locale, site and settings reads of base.html (a 404 adds Wagtail's
# redirect lookup); plus two.
PAGE_QUERIES = 9


def page(code: str, lang: str = "uk") -> str:
    return f"/{lang}/certificates/verify/{code}/"


def form(lang: str = "uk") -> str:
    return f"/{lang}/certificates/verify/"


def day(value) -> str:
    """A date as the page prints it in the active language."""
    return formats.date_format(value, "DATE_FORMAT")


@pytest.fixture
def site(tree):
    """The tree with its site settings row, which Wagtail creates on first read and a running site already has."""
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    return tree


@pytest.fixture
def certificate(site):
    """A valid certificate with distinct Ukrainian and English titles and issuer, as printed."""
    certificate = issued_certificate(full_name="Юрій Зінченко")
    Certificate.objects.filter(pk=certificate.pk).update(
        course_title_en="Case management", issuer="Громада, навчальний центр", issuer_en="Hromada Training Centre")
    certificate.refresh_from_db()
    return certificate


# --- What the page says --------------------------------------------------------------------------


def test_valid_certificate_shows_what_is_printed_on_it(client, certificate, django_assert_max_num_queries):
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(page(certificate.code))

    assert response.status_code == 200
    html = text(response)
    assert f'<h2 id="verdict-title" class="verdict__title"><span aria-hidden="true">✓ </span>{uk("Valid")}</h2>' in html
    assert uk("This certificate is genuine and valid.") in html
    assert certificate.display_code in html
    assert '<span lang="uk">Юрій Зінченко</span><br>Yurii Zinchenko' in html
    assert '<span lang="uk">Ведення випадку</span><br><span lang="en">Case management</span>' in html
    assert '<span lang="uk">Громада, навчальний центр</span><br><span lang="en">Hromada Training Centre</span>' in html
    assert uk("Certificate of completion") in html
    with override("uk"):
        assert f">{date_range(certificate.first_day, certificate.last_day)}</time>" in html
    assert f"{day(certificate.last_day)}</time>, Дніпро" in html
    with override("uk"):
        assert f"<dd>{hours_label(certificate.hours)}</dd>" in html
    assert f"{day(timezone.localdate(certificate.issued_at))}</time>" in html
    assert uk("Expires on") not in html  # no validity period: it never expires
    assert uk("Revoked") not in html and uk("Expired") not in html


@pytest.mark.parametrize(("course_hours", "session_hours", "stated"), [
    pytest.param("18", None, "18 годин", id="the-course-duration"),
    pytest.param("18", "7.5", "7,5 години", id="the-sessions-own"),
])
def test_a_sessions_hours_read_the_same_on_the_course_page_the_session_page_and_the_certificate(
        client, site, course_hours, session_hours, stated):
    enrollment = EnrollmentFactory()
    session = enrollment.session
    CoursePage.objects.filter(pk=session.course_id).update(duration_hours=Decimal(course_hours))
    TrainingSession.objects.filter(pk=session.pk).update(hours=session_hours and Decimal(session_hours))
    certificate = issued_certificate(enrollment=enrollment)
    # three days of 9:30–17:00 on the clock: the hours of training are stated, never counted from the clock
    assert [(day.starts_at, day.ends_at) for day in session.days.all()] == [(time(9, 30), time(17))] * 3
    assert certificate.hours == Decimal(session_hours or course_hours)

    course_page = client.get(session.course.url)
    session_page = client.get(f"/uk/learning/sessions/{session.pk}/")
    verification = client.get(page(certificate.code))

    assert course_page.status_code == session_page.status_code == verification.status_code == 200
    card = text(course_page).split(f"{session.title}</a>", 1)[1].split("</article>", 1)[0]
    assert f"<dd>{stated}</dd>" in card
    assert f"<dd>{stated}</dd>" in text(session_page)
    assert f"<dd>{stated}</dd>" in text(verification)
    with override("uk"):
        assert hours_label(certificate.hours) == stated  # and the PDF prints it the same way (test_pdf.py)


@pytest.mark.parametrize("state", ["revoked", "reissued", "expired"])
def test_every_state_keeps_the_same_query_budget(client, certificate, state, django_assert_max_num_queries):
    if state == "expired":
        Certificate.objects.filter(pk=certificate.pk).update(expires_on=timezone.localdate())
    elif state == "revoked":
        services.revoke_certificate(certificate=certificate, by=CoordinatorFactory(), reason="other")
    else:
        services.reissue_certificate(certificate=certificate, by=CoordinatorFactory(), holder_name="Юрій Зінченко")

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(page(certificate.code))

    assert response.status_code == 200
    assert uk(state.replace("reissued", "revoked").capitalize()) + "</h2>" in text(response)


def test_pages_are_public_not_indexed_and_not_cached(client, certificate):
    for url, status in ((page(certificate.code), 200), (form(), 200), (page(new_code()), 404)):
        response = client.get(url)

        assert response.status_code == status
        assert '<meta name="robots" content="noindex">' in text(response)
        assert "no-store" in response["Cache-Control"]


def test_expiry_date_is_shown_while_valid(client, tree):
    certificate = issued_certificate(validity_months=12)

    html = text(client.get(page(certificate.code)))

    assert uk("Valid") in html
    assert f"<dt>{uk('Expires on')}</dt>" in html
    assert day(certificate.expires_on) in html


def test_revoked_certificate_says_when_and_why_but_not_the_note(client, certificate):
    coordinator = CoordinatorFactory()
    when = datetime(2025, 3, 14, 12, 0, tzinfo=KYIV)
    services.revoke_certificate(certificate=certificate, by=coordinator, reason="misconduct", now=when,
                                note="Скарга від Марії Коваль, тел. 067 123 45 67")

    response = client.get(page(certificate.code))

    assert response.status_code == 200
    html = text(response)
    assert f'<span aria-hidden="true">✗ </span>{uk("Revoked")}</h2>' in html
    assert uk("Valid") + "</h2>" not in html
    assert f'<time datetime="2025-03-14">{day(when.date())}</time>' in html
    assert f"<strong>{uk('Misconduct')}</strong>" in html
    assert "Марії Коваль" not in html and "067 123 45 67" not in html
    assert coordinator.email not in html
    assert uk("It was replaced by a newer certificate with a new code. Ask the holder for the new certificate.") \
        not in html


def test_revocation_shows_at_once(client, certificate):
    assert client.get(page(certificate.code)).status_code == 200

    services.revoke_certificate(certificate=certificate, by=None, reason="error")

    html = text(client.get(page(certificate.code)))
    assert uk("Revoked") + "</h2>" in html
    assert uk("Issued in error") in html


def test_reissued_certificate_says_it_was_replaced_without_pointing_to_the_new_one(client, certificate):
    new = services.reissue_certificate(certificate=certificate, by=CoordinatorFactory(),
                                       holder_name="Юрій Зінченко-Петренко")

    html = text(client.get(page(certificate.code)))

    assert uk("Revoked") + "</h2>" in html
    assert uk("Reissued") in html
    assert uk("It was replaced by a newer certificate with a new code. Ask the holder for the new certificate.") in html
    assert new.code not in html and new.display_code not in html
    # and the new one verifies
    assert uk("Valid") + "</h2>" in text(client.get(page(new.code)))


def test_expired_on_its_expiry_date_and_valid_the_day_before(client, certificate):
    today = timezone.localdate()
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=today + timedelta(days=1))
    html = text(client.get(page(certificate.code)))
    assert uk("Valid") + "</h2>" in html
    assert uk("Expired") not in html

    Certificate.objects.filter(pk=certificate.pk).update(expires_on=today)
    response = client.get(page(certificate.code))

    assert response.status_code == 200
    html = text(response)
    assert f'<span aria-hidden="true">✗ </span>{uk("Expired")}</h2>' in html
    assert f'<time datetime="{today:%Y-%m-%d}">{day(today)}</time>' in html
    assert uk("Valid") + "</h2>" not in html


def test_expired_long_ago_says_on_which_date(client, certificate):
    expired = timezone.localdate() - timedelta(days=400)
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=expired)

    html = text(client.get(page(certificate.code)))

    assert uk("Expired") + "</h2>" in html
    assert f'<time datetime="{expired:%Y-%m-%d}">{day(expired)}</time>' in html


def test_english_page_shows_english_labels(client, certificate):
    response = client.get(page(certificate.code, "en"))

    assert response.status_code == 200
    html = text(response)
    assert '<html lang="en">' in html
    assert "<h1>Certificate verification</h1>" in html
    assert '<span aria-hidden="true">✓ </span>Valid</h2>' in html
    for label in ("Holder", "Course", "Kind", "Dates", "Hours", "Issued on", "Issuer"):
        assert f"<dt>{label}</dt>" in html
    assert "Certificate of completion" in html
    with override("en"):
        assert day(certificate.first_day) in html


# --- Unknown and malformed codes ------------------------------------------------------------------


def test_unknown_code_is_a_404_with_a_message_and_the_form(client, site, django_assert_max_num_queries):
    code = new_code()

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(page(code))

    assert response.status_code == 404
    html = text(response)
    assert f"<h1>{uk('Certificate not found')}</h1>" in html
    assert (uk('No certificate has the code <strong class="certificate-code">%(typed)s</strong>.')
            % {"typed": format_code(code)}) in html
    assert f'<input type="text" name="code" value="{format_code(code)}"' in html
    assert '<meta name="robots" content="noindex">' in html


MALFORMED = ["abc", "1234567890123456789", "ABCDE-FGHJK-MNPQR-STVWX-Y", "UUUUU-UUUUU-UUUUU-UUUUU"]


@pytest.mark.parametrize("typed", MALFORMED)
def test_malformed_code_is_a_404_that_says_what_a_code_looks_like(client, tree, typed):
    response = client.get(page(typed))

    assert response.status_code == 404
    html = text(response)
    assert f"<h1>{uk('Certificate not found')}</h1>" in html
    message = uk("“%(typed)s” is not a certificate code. A code has 20 letters and digits, "
                 "for example ABCDE-FGHJK-MNPQR-STVWX.")
    assert message % {"typed": typed} in html


def test_unknown_codes_get_identical_answers_apart_from_the_code(client, tree):
    first, second = new_code(), new_code()

    answers = []
    for code in (first, second):
        response = client.get(page(code))
        assert response.status_code == 404
        answers.append(text(response).replace(format_code(code), "CODE").replace(code, "CODE"))

    assert answers[0] == answers[1]
    assert "CODE" in answers[0]


def test_typed_variants_redirect_before_any_lookup(client, certificate, django_assert_num_queries):
    """Known and unknown codes alike: case and dashes are fixed by a redirect that reads nothing."""
    unknown = new_code()
    for code in (certificate.code, unknown):
        with django_assert_num_queries(0):
            response = client.get(page(format_code(code).lower()))

        assert response.status_code == 302
        assert response["Location"] == page(code)


def test_lower_case_code_with_dashes_in_the_url_resolves(client, certificate):
    typed = format_code(certificate.code).lower()

    response = client.get(page(typed), follow=True)

    assert response.redirect_chain == [(page(certificate.code), 302)]
    assert response.status_code == 200
    assert uk("Valid") + "</h2>" in text(response)


def test_language_neutral_url_of_the_qr_code_lands_on_the_page(client, certificate):
    response = client.get(f"/certificates/verify/{certificate.code}/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == page(certificate.code)
    assert uk("Valid") + "</h2>" in text(response)


def test_language_neutral_url_follows_the_browser_language(client, certificate):
    response = client.get(f"/certificates/verify/{certificate.code}/", follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == page(certificate.code, "en")
    assert '<span aria-hidden="true">✓ </span>Valid</h2>' in text(response)


# --- The form -------------------------------------------------------------------------------------


def test_form_page_has_one_labelled_input(client, tree):
    response = client.get(form())

    assert response.status_code == 200
    html = text(response)
    assert f"<h1>{uk('Verify a certificate')}</h1>" in html
    assert f'<label for="id_code">{uk("Certificate code")}' in html
    assert '<input type="text" name="code"' in html and 'id="id_code"' in html
    assert 'method="get"' in html
    assert html.count("<input") == 2  # the header's search box, then the code


def test_form_with_a_forgivingly_typed_code_redirects_to_its_page(client, certificate):
    typed = " " + format_code(certificate.code).lower().replace("-", " ") + " "

    response = client.get(form(), {"code": typed})

    assert response.status_code == 302
    assert response["Location"] == page(certificate.code)


@pytest.mark.parametrize("junk", ["hello", "12345", "Олександра", "<script>alert(1)</script>", "x" * 100])
def test_form_with_junk_shows_an_error(client, tree, junk):
    response = client.get(form(), {"code": junk})

    assert response.status_code == 200
    html = text(response)
    assert 'aria-invalid="true"' in html
    assert "<script>alert(1)</script>" not in response.content.decode()
    if len(junk) <= 64:
        assert uk("This is not a certificate code. A code has 20 letters and digits, "
                  "for example ABCDE-FGHJK-MNPQR-STVWX. Check what you typed and try again.") in html


def test_form_with_an_empty_code_asks_for_one(client, tree):
    response = client.get(form(), {"code": ""})

    assert response.status_code == 200
    assert uk("This field is required.") in text(response)


# --- Enumeration and privacy ----------------------------------------------------------------------


def test_form_and_code_pages_share_one_rate_limit(client, certificate, settings):
    settings.VERIFY_RATE_LIMIT = "3/h"  # an hour's window: a minute boundary cannot split the test
    assert client.get(form(), {"code": "junk"}).status_code == 200
    assert client.get(page(new_code())).status_code == 404
    assert client.get(page(certificate.code)).status_code == 200

    for url in (page(certificate.code), page(new_code()), form()):
        response = client.get(url)
        assert response.status_code == 429
        assert uk("Too many requests") in text(response)
        assert certificate.holder_name not in text(response)
    # another address is not affected
    assert client.get(page(certificate.code), REMOTE_ADDR="203.0.113.9").status_code == 200


def test_no_personal_data_beyond_the_certificate(client, tree):
    user = UserFactory(email="yurii.private@example.org", username="yurii-login")
    ProfileFactory(user=user, profession=Profession.PSYCHOLOGIST, organisation="ГО «Тихий притулок»",
                   community="Широківська громада")
    certificate = issued_certificate(enrollment=EnrollmentFactory(user=user), full_name="Юрій Зінченко")
    user.profile.refresh_from_db()
    assert user.profile.organisation == "ГО «Тихий притулок»"  # still there to leak

    for url in (page(certificate.code), page(certificate.code, "en")):
        html = text(client.get(url))

        assert "Юрій Зінченко" in html
        for private in ("yurii.private", "example.org", "yurii-login", "Тихий притулок", "Широківська",
                        uk("Psychologist"), "Psychologist", "Яворницького"):
            assert private not in html, private
