"""What certificates add through hooks (certificates/wagtail_hooks.py): the "Certificates" menu of the admin; to the
floors below, the pages their rules name are kept from deletion (`page_has_records`), and "My learning" shows what
each training still needs for its certificates and the certificates to download (`my_learning_sections`)."""

import re
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail import hooks

from certificates import selectors, services, wagtail_hooks
from certificates.eligibility import Missing
from certificates.models import CertificateKind
from enrollments import protection
from enrollments.selectors import module_completions, my_sessions
from enrollments.session_label import session_label
from tests.certificates.factories import CertificateRuleFactory, issued_certificate
from tests.courses.factories import add_course, add_quiz, translate_tree
from tests.enrollments.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    ProfileFactory,
    SessionDayFactory,
    TrainingSessionFactory,
    attended_every_day,
)
from tests.factories import ParticipantFactory, TrainerFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db

RULES_URL = "/admin/certificates/rules/"
MY_LEARNING_URL = "/uk/learning/"
QUERIES = 32  # 29 measured with 1 and with 3 trainings, as in tests/enrollments (7 of them for certificates)


# --- The menu ------------------------------------------------------------------------------------

def test_menu_leads_coordinators_to_rules_and_settings(admin, tree, client):
    page = text(admin.get("/admin/"))
    for url in (RULES_URL, "/admin/certificates/", "/admin/settings/certificates/certificatesettings/"):
        assert f'"url": "{url}"' in page
    client.force_login(TrainerFactory())
    page = text(client.get("/admin/"))
    assert f'"url": "{RULES_URL}"' not in page and '"url": "/admin/certificates/"' not in page


# --- Deletion ------------------------------------------------------------------------------------

def test_certificates_answer_for_their_rules_when_pages_are_deleted():
    assert selectors.rules_refer_to in hooks.get_hooks("page_has_records")


@pytest.mark.parametrize("named", ["course", "quiz", "module"])
def test_a_page_a_rule_names_has_records_and_so_do_the_pages_above_it(tree, named):
    quiz = add_quiz(tree.modules[0], pass_mark=60)
    rule = {"course": {"course": tree.course}, "quiz": {"quizzes": [quiz]}, "module": {"modules": [tree.modules[1]]}}
    CertificateRuleFactory(**rule[named])
    page = {"course": tree.course, "quiz": quiz, "module": tree.modules[1]}[named]

    assert selectors.rules_refer_to(protection._subtree_ids([page])) is True
    assert protection.page_has_records([page]) is True
    assert protection.page_has_records([tree.home]) is True


def test_pages_no_rule_names_have_no_certificate_records(tree):
    quiz = add_quiz(tree.modules[0], pass_mark=60)
    CertificateRuleFactory(course=None, session=TrainingSessionFactory(course=tree.course), modules=[tree.modules[1]])

    assert selectors.rules_refer_to(protection._subtree_ids([quiz])) is False
    assert selectors.rules_refer_to(protection._subtree_ids([tree.modules[0]])) is False
    assert selectors.rules_refer_to(protection._subtree_ids([tree.modules[1]])) is True


# --- My learning: the section the hook gives -----------------------------------------------------

def test_certificates_add_a_section_to_my_learning():
    assert wagtail_hooks.certificates_on_my_learning in hooks.get_hooks("my_learning_sections")


def test_the_section_holds_the_persons_outlooks_and_certificates(tree):
    person = ParticipantFactory()
    ProfileFactory(user=person)
    certificate = issued_certificate(enrollment=EnrollmentFactory(session=TrainingSessionFactory(course=tree.course),
                                                                  user=person))
    waiting = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course), user=person, status="waitlisted")
    CertificateRuleFactory(course=None, session=waiting.session)
    EnrollmentFactory(session=certificate.session)  # someone else's place
    request = RequestFactory().get("/uk/learning/")
    request.user = person

    section = wagtail_hooks.certificates_on_my_learning(request, my_sessions(user=person),
                                                        module_completions(user=person))

    assert section["template"] == "certificates/my_learning.html"
    [(training, [(outlook, revoked)])] = section["outlooks"]  # the waiting spot has no outlook
    assert training.enrollment == certificate.enrollment and training.enrollment.user is person
    assert (outlook.certificate, revoked) == (certificate, None)
    assert section["certificates"] == [(certificate, False)]


def test_the_section_of_someone_without_certificates_is_empty(tree):
    person = ParticipantFactory()
    request = RequestFactory().get("/uk/learning/")
    request.user = person

    section = wagtail_hooks.certificates_on_my_learning(request, my_sessions(user=person),
                                                        module_completions(user=person))

    assert (section["outlooks"], section["certificates"]) == ([], [])


# --- My learning, as the participant sees it ----------------------------------------------------

def session_from(course, *, start_in: int, days: int = 3, title: str = "Тренінг з ведення випадку"):
    session = TrainingSessionFactory(course=course, days=0, title=title)
    for offset in range(days):
        SessionDayFactory(session=session, date=timezone.localdate() + timedelta(days=start_in + offset))
    return session


def section(html: str, heading_id: str) -> str:
    """The part of the page under one h2, up to the next section."""
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def pdf_href(certificate) -> str:
    return reverse("certificate_pdf", kwargs={"code": certificate.code})


def verify_href(certificate) -> str:
    return reverse("verify_certificate", kwargs={"code": certificate.code})


@pytest.fixture
def post_test(tree):
    return add_quiz(tree.course, slug="post", title="Підсумковий тест", pass_mark=60)


def test_a_participant_half_way_sees_what_is_missing(learner, participant, tree, post_test):
    ProfileFactory(user=participant)
    session = session_from(tree.course, start_in=-2)  # days 1 and 2 are past, day 3 is today
    enrollment = EnrollmentFactory(session=session, user=participant)
    day_1, day_2, day_3 = session.days.order_by("date")
    AttendanceFactory(enrollment=enrollment, day=day_1, status="present")
    CertificateRuleFactory(course=None, session=session, kind="completion", quizzes=[post_test])

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    outlook = section(html, "outlooks-heading")
    assert f'<a href="/uk/learning/sessions/{session.pk}/">Тренінг з ведення випадку</a>' in outlook
    assert f"<strong>{uk('Certificate of completion')}</strong>" in outlook
    assert uk("Still needed:") in outlook
    missing = [
        Missing(Missing.MISSED_DAY, day=day_2.date, day_number=2).message,
        Missing(Missing.ATTEND_DAY, day=day_3.date, day_number=3).message,
        Missing(Missing.PASS_QUIZ, title="Підсумковий тест").message,
    ]
    listed = outlook.split('<ul class="outlook__missing">', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r"<li>([^<]+)</li>", listed) == missing
    assert date_format(day_1.date, "SHORT_DATE_FORMAT") not in outlook  # attended: not listed
    assert 'id="certificates-heading"' not in html  # nothing issued yet


def test_an_issued_certificate_has_its_download_and_verification_links(learner, participant, tree):
    session = session_from(tree.course, start_in=-3)
    certificate = issued_certificate(enrollment=EnrollmentFactory(session=session, user=participant))

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    outlook = section(html, "outlooks-heading")
    assert uk("Certificate issued") in outlook
    assert f'href="{pdf_href(certificate)}"' in outlook
    assert f'href="{verify_href(certificate)}"' in outlook
    assert uk("Still needed:") not in outlook
    mine = section(html, "certificates-heading")
    assert f">{uk('My certificates')}</h2>" in html
    assert f">{uk('Certificate of completion')}</h3>" in mine
    assert '<p class="card__topic">Ведення випадку</p>' in mine
    assert f'<code class="certificate__code">{certificate.display_code}</code>' in mine
    assert f'<span class="badge badge--done">{uk("Valid")}</span>' in mine
    label = session_label(place=certificate.city, first=certificate.first_day, last=certificate.last_day)
    assert f'<p class="card__topic">{label}</p>' in mine  # where and when, written as everywhere else
    assert f'href="{pdf_href(certificate)}"' in mine
    assert f'href="{verify_href(certificate)}"' in mine
    assert pdf_href(certificate) == f"/uk/certificates/{certificate.code}/certificate.pdf"


def test_requirements_met_but_not_issued_yet(learner, participant, tree):
    ProfileFactory(user=participant)
    session = session_from(tree.course, start_in=-3)
    attended_every_day(EnrollmentFactory(session=session, user=participant))  # no award triggered
    CertificateRuleFactory(course=None, session=session, kind="attendance")

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    outlook = section(text(response), "outlooks-heading")
    assert f"<strong>{uk('Certificate of attendance')}</strong>" in outlook
    assert uk("Requirements met") in outlook
    assert uk("Your certificate is being issued: reload this page in a few minutes.") in outlook


def test_a_revoked_certificate_says_so_and_is_not_promised_again(learner, participant, tree):
    session = session_from(tree.course, start_in=-3)
    certificate = issued_certificate(enrollment=EnrollmentFactory(session=session, user=participant))
    services.revoke_certificate(certificate=certificate, by=None, reason="error")
    certificate.refresh_from_db()

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    revoked_on = uk("Revoked on %(day)s", day=date_format(timezone.localtime(certificate.revoked_at), "DATE_FORMAT"))
    outlook = section(html, "outlooks-heading")
    assert revoked_on in outlook
    assert uk("Requirements met") not in outlook
    mine = section(html, "certificates-heading")
    assert f'<span class="badge badge--error">{revoked_on}</span>' in mine
    assert uk("Valid") not in mine


def test_a_reissued_certificate_replaces_the_old_one(learner, participant, tree):
    session = session_from(tree.course, start_in=-3)
    old = issued_certificate(enrollment=EnrollmentFactory(session=session, user=participant), full_name="Юрий Зинченко")
    new = services.reissue_certificate(certificate=old, by=None, holder_name="Юрій Зінченко")

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    assert new.display_code in html
    assert old.display_code not in html and old.code not in html
    assert f'href="{pdf_href(new)}"' in section(html, "outlooks-heading")


def test_an_expired_certificate(learner, participant, tree):
    session = session_from(tree.course, start_in=-3)
    certificate = issued_certificate(enrollment=EnrollmentFactory(session=session, user=participant),
                                     validity_months=12)
    certificate.expires_on = timezone.localdate()  # expires on this very day
    certificate.save()

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    mine = section(text(response), "certificates-heading")
    expired_on = uk("Expired on %(day)s", day=date_format(certificate.expires_on, "DATE_FORMAT"))
    assert f'<span class="badge badge--error">{expired_on}</span>' in mine


def test_a_certificate_still_valid_shows_when_it_expires(learner, participant, tree):
    session = session_from(tree.course, start_in=-3)
    certificate = issued_certificate(enrollment=EnrollmentFactory(session=session, user=participant),
                                     validity_months=24)

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    mine = section(text(response), "certificates-heading")
    assert uk("Valid") in mine
    assert uk("expires on %(day)s", day=date_format(certificate.expires_on, "DATE_FORMAT")) in mine


def test_no_outlook_without_a_place_or_without_rules(learner, participant, tree):
    CertificateRuleFactory(course=tree.course, kind="completion")
    waiting = session_from(tree.course, start_in=3, title="Тренінг у списку очікування")
    EnrollmentFactory(session=waiting, user=participant, status="waitlisted")
    cancelled = session_from(tree.course, start_in=3, title="Скасований тренінг")
    cancelled.status = "cancelled"
    cancelled.save()
    EnrollmentFactory(session=cancelled, user=participant)

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    assert "Тренінг у списку очікування" in html  # listed with the trainings…
    assert 'id="outlooks-heading"' not in html  # …but with no certificate outlook
    assert 'id="certificates-heading"' not in html


def test_a_course_rule_applies_to_its_sessions_and_others_have_none(learner, participant, tree):
    ProfileFactory(user=participant)
    CertificateRuleFactory(course=tree.course, kind="attendance")
    with_rule = session_from(tree.course, start_in=1, title="Тренінг з правилом")
    EnrollmentFactory(session=with_rule, user=participant)
    other = add_course(tree.catalogue, slug="other", title="Інший курс")
    EnrollmentFactory(session=session_from(other, start_in=1, title="Тренінг без правила"), user=participant)

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    outlook = section(text(response), "outlooks-heading")
    assert "Тренінг з правилом" in outlook
    assert "Тренінг без правила" not in outlook
    day_1 = with_rule.days.order_by("date").first()
    assert Missing(Missing.ATTEND_DAY, day=day_1.date, day_number=1).message in outlook


def test_in_english_the_english_course_title(client, participant, tree):
    translate_tree(tree)
    session = session_from(tree.course, start_in=-3)
    issued_certificate(enrollment=EnrollmentFactory(session=session, user=participant))
    client.force_login(participant)

    response = client.get("/en/learning/")

    assert response.status_code == 200
    mine = section(text(response), "certificates-heading")
    assert '<p class="card__topic">Case management</p>' in mine
    assert f">{CertificateKind.COMPLETION.label}</h3>" in mine


@pytest.mark.parametrize("trainings", [1, 3])
def test_query_count_does_not_grow_with_trainings(learner, participant, tree, post_test, trainings,
                                                  django_assert_max_num_queries):
    ProfileFactory(user=participant)
    CertificateRuleFactory(course=tree.course, kind="completion", quizzes=[post_test])
    for number in range(trainings):
        session = session_from(tree.course, start_in=-3 - 4 * number, title=f"Тренінг {number}")
        enrollment = EnrollmentFactory(session=session, user=participant)
        CertificateRuleFactory(course=None, session=session, kind="attendance")
        issued_certificate(enrollment=enrollment, full_name="Олександра Щербак")  # the attendance one

    with django_assert_max_num_queries(QUERIES):
        response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    assert html.count('<li class="outlook">') == 2 * trainings  # attendance issued, completion waits for the test
    assert html.count(uk("Certificate issued")) == trainings
    assert html.count(Missing(Missing.PASS_QUIZ, title="Підсумковий тест").message) == trainings
    assert html.count('class="certificate__code"') == trainings
