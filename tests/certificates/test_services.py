"""Certificate writes (certificates/services.py): award, revoke, reissue and bulk runs, with their history.

A bulk run is started, and queued, through `certificates.tasks.start_issuing_batch` (test_tasks.py)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry, Site

from certificates import selectors, services
from certificates.models import BatchStatus, Certificate, CertificateSettings, IssuingBatch
from certificates.services import CertificateError
from content.models import SiteSettings
from enrollments.models import Enrollment
from tests.certificates.factories import CertificateRuleFactory, issued_certificate
from tests.courses.factories import translate_tree
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, TrainingSessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]

NOW = timezone.make_aware(datetime(2026, 1, 31, 17, 30))


def history(certificate: Certificate) -> list[tuple[str, dict]]:
    return [(entry.action, entry.data) for entry in ModelLogEntry.objects.for_instance(certificate).order_by("pk")]


def set_issuer(**fields) -> None:
    settings = CertificateSettings.load()
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()


# --- Award ---------------------------------------------------------------------------------------

def test_an_earned_certificate_is_issued_with_what_it_prints(tree, place):
    translate_tree(tree)
    set_issuer(issuer="ГО «Громада»", issuer_en="NGO Hromada", signatory_1_name="Олена Коваленко",
               signatory_1_role="Голова правління", signatory_1_role_en="Chair of the Board",
               signatory_2_name="Андрій Мельник", signatory_2_role="Тренер")
    rule = CertificateRuleFactory(course=tree.course, validity_months=1)
    days = [day.date for day in place.session.days.order_by("date")]

    result = services.award_certificates(enrollment_id=place.pk, now=NOW)

    [certificate] = result.issued
    assert (result.already_had, result.not_eligible) == (0, 0)
    assert certificate == Certificate.objects.get()
    assert (certificate.kind, certificate.enrollment, certificate.user, certificate.session, certificate.rule) == (
        "completion", place, place.user, place.session, rule)
    assert (certificate.holder_name, certificate.holder_name_latin) == ("Юрій Зінченко", "Yurii Zinchenko")
    assert (certificate.course_title, certificate.course_title_en) == ("Ведення випадку", "Case management")
    assert (certificate.first_day, certificate.last_day, certificate.city) == (days[0], days[-1], "Дніпро")
    assert certificate.hours == Decimal("1.0")  # the course's duration: the session states none of its own
    assert (certificate.issuer, certificate.issuer_en) == ("ГО «Громада»", "NGO Hromada")
    assert certificate.signatories == [
        {"name": "Олена Коваленко", "name_latin": "Olena Kovalenko", "role": "Голова правління",
         "role_en": "Chair of the Board", "signature_id": None},
        {"name": "Андрій Мельник", "name_latin": "Andrii Melnyk", "role": "Тренер", "role_en": "Тренер",
         "signature_id": None},
    ]
    assert (certificate.issued_at, certificate.issued_by, certificate.status) == (NOW, None, "valid")
    assert certificate.expires_on == date(2026, 2, 28)  # 31 January + 1 month
    assert len(certificate.code) == 20 and certificate.replaces is None
    assert history(certificate) == [(services.ISSUED, {"code": certificate.code, "holder_name": "Юрій Зінченко",
                                                       "replaces": None})]


def test_the_sessions_own_hours_are_printed_and_no_validity_means_no_expiry(tree, place):
    place.session.hours = Decimal("16")  # a shorter delivery of an 18-hour course, say
    place.session.save(update_fields=["hours"])
    CertificateRuleFactory(course=tree.course, validity_months=None)

    [certificate] = services.award_certificates(enrollment_id=place.pk).issued

    assert certificate.hours == Decimal("16.0")
    assert certificate.expires_on is None
    assert certificate.course_title_en == "Ведення випадку"  # no English course page: the Ukrainian title


def test_without_certificate_settings_the_sites_organisation_issues(tree, place):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name = "ГО «Громада»"
    site_settings.save()
    CertificateRuleFactory(course=tree.course)

    [certificate] = services.award_certificates(enrollment_id=place.pk).issued

    assert (certificate.issuer, certificate.issuer_en) == ("ГО «Громада»", "HO «Hromada»")
    assert certificate.signatories == []


def test_a_certificate_issued_from_an_english_page_keeps_the_ukrainian_words_and_the_english_name(tree, place):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name_uk, site_settings.organisation_name_en = "ГО «Громада»", "Hromada NGO"
    site_settings.save()
    session = place.session
    session.city_en = "Dnipro"
    session.save()
    CertificateRuleFactory(course=tree.course)

    with translation.override("en"):  # e.g. a coordinator whose admin is in English
        [certificate] = services.award_certificates(enrollment_id=place.pk).issued

    assert (certificate.issuer, certificate.issuer_en) == ("ГО «Громада»", "Hromada NGO")
    assert certificate.city == "Дніпро"

def test_a_coordinator_who_issues_is_recorded(tree, place, coordinator):
    CertificateRuleFactory(course=tree.course)

    [certificate] = services.award_certificates(enrollment_id=place.pk, by=coordinator).issued

    assert certificate.issued_by == coordinator
    assert ModelLogEntry.objects.for_instance(certificate).get().user == coordinator


def test_a_certificate_is_never_issued_twice(tree, place):
    CertificateRuleFactory(course=tree.course)
    [first] = services.award_certificates(enrollment_id=place.pk).issued

    again = services.award_certificates(enrollment_id=place.pk)

    assert (again.issued, again.already_had, again.not_eligible) == ([], 1, 0)
    assert list(Certificate.objects.all()) == [first]


def test_a_revoked_certificate_is_not_issued_again_automatically(tree, place, coordinator):
    CertificateRuleFactory(course=tree.course)
    [certificate] = services.award_certificates(enrollment_id=place.pk).issued
    services.revoke_certificate(certificate=certificate, by=coordinator, reason="error")

    again = services.award_certificates(enrollment_id=place.pk)

    assert (again.issued, again.already_had) == ([], 1)
    assert Certificate.objects.filter(status="valid").count() == 0


def test_two_kinds_earned_are_two_certificates(tree, place):
    CertificateRuleFactory(course=tree.course, kind="completion")
    CertificateRuleFactory(course=None, session=place.session, kind="attendance", attendance="percent",
                           min_attendance_percent=50)

    issued = services.award_certificates(enrollment_id=place.pk).issued

    assert sorted(c.kind for c in issued) == ["attendance", "completion"]
    assert len({c.code for c in issued}) == 2


def test_nothing_is_issued_to_someone_who_has_not_earned_it(tree):
    enrollment = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course),
                                   user=ProfileFactory(full_name="Марія Ткаченко").user)
    CertificateRuleFactory(course=tree.course)

    result = services.award_certificates(enrollment_id=enrollment.pk)

    assert (result.issued, result.already_had, result.not_eligible) == ([], 0, 1)
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("status", ["waitlisted", "cancelled"])
def test_nothing_is_issued_without_a_place(tree, place, status):
    CertificateRuleFactory(course=tree.course)
    Enrollment.objects.filter(pk=place.pk).update(status=status)

    assert services.award_certificates(enrollment_id=place.pk).not_eligible == 1
    assert not Certificate.objects.exists()


def test_no_rule_or_no_enrollment_issues_nothing(tree, place):
    assert services.award_certificates(enrollment_id=place.pk).issued == []
    assert services.award_certificates(enrollment_id=place.pk + 1000).issued == []
    assert not Certificate.objects.exists()


# --- Revoke --------------------------------------------------------------------------------------

def test_revoking_records_why_when_and_who_once(tree, place, coordinator):
    certificate = issued_certificate(enrollment=place, full_name="Юрій Зінченко")

    revoked = services.revoke_certificate(certificate=certificate, by=coordinator, reason="misconduct",
                                          note="Підроблений підпис", now=NOW)
    again = services.revoke_certificate(certificate=certificate, by=None, reason="other", now=timezone.now())

    certificate.refresh_from_db()
    assert certificate.is_revoked and revoked.is_revoked and again.is_revoked
    assert (certificate.revoked_at, certificate.revoked_by) == (NOW, coordinator)
    assert (certificate.revocation_reason, certificate.revocation_note) == ("misconduct", "Підроблений підпис")
    assert [action for action, _ in history(certificate)] == [services.ISSUED, services.REVOKED]
    assert history(certificate)[-1][1] == {"code": certificate.code, "reason": "misconduct",
                                           "note": "Підроблений підпис"}
    assert ModelLogEntry.objects.for_instance(certificate).filter(action=services.REVOKED).get().user == coordinator


def test_an_unknown_reason_is_refused(tree, place, coordinator):
    certificate = issued_certificate(enrollment=place)

    with pytest.raises(CertificateError):
        services.revoke_certificate(certificate=certificate, by=coordinator, reason="bored")

    certificate.refresh_from_db()
    assert not certificate.is_revoked


# --- Reissue -------------------------------------------------------------------------------------

def test_reissuing_corrects_the_name_under_a_new_code_and_revokes_the_old(tree, place, coordinator):
    old = issued_certificate(enrollment=place, full_name="Юрий Зинченко", validity_months=12)
    set_issuer(issuer="Нова назва")  # changed since: the reissue prints what the original printed

    new = services.reissue_certificate(certificate=old, by=coordinator, holder_name="  Юрій   Зінченко ", now=NOW)

    old.refresh_from_db()
    assert (old.status, old.revocation_reason, old.revoked_by, old.revoked_at) == ("revoked", "reissued",
                                                                                  coordinator, NOW)
    assert new.code != old.code and new.status == "valid"
    assert new.replaces == old and old.replaced_by == new
    assert (new.holder_name, new.holder_name_latin) == ("Юрій Зінченко", "Yurii Zinchenko")
    for name in ("course_title", "course_title_en", "first_day", "last_day", "city", "hours", "issuer", "issuer_en",
                 "signatories", "expires_on", "kind", "enrollment_id", "user_id", "session_id", "rule_id"):
        assert getattr(new, name) == getattr(old, name), name
    assert (new.issued_at, new.issued_by) == (NOW, coordinator)
    assert [action for action, _ in history(old)] == [services.ISSUED, services.REVOKED]
    assert history(new) == [(services.REISSUED, {"code": new.code, "holder_name": "Юрій Зінченко",
                                                 "replaces": old.code})]
    assert selectors.certificates_of(user=place.user) == [new]  # the replaced one is not listed any more


def test_a_latin_spelling_given_by_the_coordinator_is_kept(tree, place, coordinator):
    old = issued_certificate(enrollment=place, full_name="Наталія Шевчук")
    assert old.holder_name_latin == "Nataliia Shevchuk"

    new = services.reissue_certificate(certificate=old, by=coordinator, holder_name="Наталія Шевчук",
                                       holder_name_latin=" Natalia  Shevchuk ")

    assert (new.holder_name, new.holder_name_latin) == ("Наталія Шевчук", "Natalia Shevchuk")


def test_an_empty_name_is_refused(tree, place, coordinator):
    old = issued_certificate(enrollment=place)

    with pytest.raises(CertificateError):
        services.reissue_certificate(certificate=old, by=coordinator, holder_name=" \n ")

    old.refresh_from_db()
    assert not old.is_revoked and Certificate.objects.count() == 1


def test_a_revoked_certificate_cannot_be_reissued(tree, place, coordinator):
    old = issued_certificate(enrollment=place)
    services.revoke_certificate(certificate=old, by=coordinator, reason="error")

    with pytest.raises(CertificateError):
        services.reissue_certificate(certificate=old, by=coordinator, holder_name="Юрій Зінченко")

    assert Certificate.objects.count() == 1


def test_a_reissued_certificate_can_be_reissued_again(tree, place, coordinator):
    first = issued_certificate(enrollment=place, full_name="Юрій Зінченко")
    second = services.reissue_certificate(certificate=first, by=coordinator, holder_name="Юрій Зінченко-Ткач")

    third = services.reissue_certificate(certificate=second, by=coordinator, holder_name="Юрій Ткач")

    assert third.replaces == second and second.replaces == first
    assert list(Certificate.objects.filter(status="valid")) == [third]


# --- Bulk runs -----------------------------------------------------------------------------------

def test_a_run_checks_everyone_with_a_place_and_counts(crowd, coordinator):
    session = crowd["earned"].session
    batch = IssuingBatch.objects.create(session=session, requested_by=coordinator, total=99)

    done = services.run_batch(batch_id=batch.pk)

    assert (done.status, done.total, done.processed, done.issued, done.already_had, done.not_eligible) == (
        BatchStatus.DONE, 3, 3, 1, 1, 1)
    assert done.started_at and done.finished_at and done.percent == 100 and done.is_finished
    issued = Certificate.objects.get(enrollment=crowd["earned"])
    assert issued.issued_by == coordinator
    assert not Certificate.objects.filter(enrollment__in=[crowd["absent"], crowd["waiting"]]).exists()
    assert services.run_batch(batch_id=batch.pk).issued == 1  # a finished run is not run again
    assert Certificate.objects.count() == 2


def test_a_run_another_worker_already_started_is_left_to_it(crowd, coordinator):
    batch = IssuingBatch.objects.create(session=crowd["earned"].session, requested_by=coordinator,
                                        status=BatchStatus.RUNNING)

    result = services.run_batch(batch_id=batch.pk)

    assert (result.status, result.processed) == (BatchStatus.RUNNING, 0)
    assert not Certificate.objects.filter(enrollment=crowd["earned"]).exists()


def test_a_run_that_fails_says_so(crowd, coordinator, monkeypatch):
    batch = IssuingBatch.objects.create(session=crowd["earned"].session, requested_by=coordinator)
    monkeypatch.setattr(services, "award_certificates", lambda **kwargs: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        services.run_batch(batch_id=batch.pk)

    batch.refresh_from_db()
    assert (batch.status, batch.processed, batch.is_finished) == (BatchStatus.FAILED, 0, True)
    assert "division by zero" in batch.error


def test_a_place_that_cannot_be_checked_is_skipped_the_others_checked_and_the_run_then_fails(crowd, coordinator,
                                                                                               monkeypatch, caplog):
    batch = IssuingBatch.objects.create(session=crowd["earned"].session, requested_by=coordinator)
    real_award, bad = services.award_certificates, crowd["had"].pk

    def award(**kwargs):
        if kwargs["enrollment_id"] == bad:
            raise RuntimeError("a place no one expected")
        return real_award(**kwargs)

    monkeypatch.setattr(services, "award_certificates", award)

    with pytest.raises(RuntimeError, match="a place no one expected"):  # raised once everyone else was checked
        services.run_batch(batch_id=batch.pk)

    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.processed, batch.issued, batch.not_eligible) == (
        BatchStatus.FAILED, 3, 2, 1, 1)
    assert batch.error == (f"1 of 3 could not be checked (places {bad}); "
                           "the first error: RuntimeError: a place no one expected")
    assert Certificate.objects.filter(enrollment=crowd["earned"]).exists()
    assert f"Skipped place {bad}" in caplog.text


def test_opening_a_run_creates_it_once_and_queues_nothing(crowd, coordinator, django_capture_on_commit_callbacks):
    session = crowd["earned"].session

    with django_capture_on_commit_callbacks() as queued:
        first, created = services.open_issuing_batch(session=session, by=coordinator)
        again, created_again = services.open_issuing_batch(session=session, by=None)

    assert (created, created_again) == (True, False)
    assert again == first and (first.status, first.total) == (BatchStatus.QUEUED, 3)
    assert queued == []  # queuing is tasks.start_issuing_batch's, not the service's
