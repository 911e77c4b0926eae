"""Certificate writes: award what was earned, revoke, reissue with a corrected name, bulk runs.

Every write is logged in Wagtail's history (who, when, what), shown on the certificate in the admin.
Awarding is idempotent: the enrollment row is locked while deciding, and a partial unique
constraint (one valid certificate per enrollment and kind) backs the lock on any database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from wagtail.log_actions import log

from certificates import codes, emails, selectors
from certificates.models import (
    ERASED_HOLDER_NAME,
    ERASED_HOLDER_NAME_LATIN,
    BatchStatus,
    Certificate,
    CertificateRule,
    CertificateSettings,
    CertificateStatus,
    IssuingBatch,
    RevocationReason,
)
from certificates.transliteration import to_latin
from certificates.validity import expiry_date
from enrollments import batches
from enrollments.models import Enrollment, EnrollmentStatus, TrainingSession
from enrollments.session_hours import training_hours

ISSUED = "certificates.issue"
REVOKED = "certificates.revoke"
REISSUED = "certificates.reissue"


class CertificateError(Exception):
    """A write that cannot be done; the message says why, for the coordinator."""


@dataclass
class AwardResult:
    issued: list[Certificate] = field(default_factory=list)
    already_had: int = 0  # rules for which a certificate (valid or revoked) already exists
    not_eligible: int = 0


def _issuer() -> tuple[str, str, list[dict]]:
    from wagtail.models import Site

    from content.models import SiteSettings

    settings = CertificateSettings.load()
    issuer, issuer_en = settings.issuer, settings.issuer_en
    if not issuer:
        # The organisation's own words in each language, whatever the language of the request that issues.
        site = Site.objects.filter(is_default_site=True).first()
        site_settings = SiteSettings.for_site(site) if site else None
        issuer = (site_settings.organisation_name_uk if site_settings else "") or "Hromada LMS"
        issuer_en = issuer_en or (site_settings.organisation_name_en if site_settings else "")
    signatories = [
        {"name": name, "name_latin": to_latin(name), "role": role, "role_en": role_en or role,
         "signature_id": signature_id}
        for name, role, role_en, signature_id in (
            (settings.signatory_1_name, settings.signatory_1_role, settings.signatory_1_role_en,
             settings.signatory_1_signature_id),
            (settings.signatory_2_name, settings.signatory_2_role, settings.signatory_2_role_en,
             settings.signatory_2_signature_id),
        )
        if name
    ]
    return issuer, issuer_en or to_latin(issuer), signatories


def _create(*, enrollment: Enrollment, rule: CertificateRule | None, kind: str, by: AbstractBaseUser | None,
            now: datetime, holder_name: str, holder_name_latin: str, replaces: Certificate | None = None,
            ) -> Certificate:
    session = enrollment.session
    if replaces is not None:  # a reissue prints what the original printed, but for the name
        snapshot = {name: getattr(replaces, name) for name in (
            "course_title", "course_title_en", "first_day", "last_day", "city", "hours", "issuer", "issuer_en",
            "signatories", "expires_on")}
    else:
        days = list(session.days.all())
        course_title, course_title_en = selectors.course_titles(session)
        issuer, issuer_en, signatories = _issuer()
        snapshot = {
            "course_title": course_title, "course_title_en": course_title_en,
            "first_day": days[0].date, "last_day": days[-1].date, "city": session.city_uk or session.city,
            "hours": training_hours(session),
            "issuer": issuer, "issuer_en": issuer_en, "signatories": signatories,
            "expires_on": expiry_date(issued_on=timezone.localdate(now), months=rule.validity_months if rule else None),
        }
    for _attempt in range(3):  # a clash of 100-bit codes is as good as impossible, but cheap to survive
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    code=codes.new_code(), kind=kind, enrollment=enrollment, user=enrollment.user, session=session,
                    rule=rule, holder_name=holder_name, holder_name_latin=holder_name_latin, issued_at=now,
                    issued_by=by, replaces=replaces, **snapshot)
            break
        except IntegrityError:
            if Certificate.objects.filter(enrollment=enrollment, kind=kind, status=CertificateStatus.VALID).exists():
                raise
    else:
        raise CertificateError("Could not generate a unique certificate code.")
    log(certificate, ISSUED if replaces is None else REISSUED, user=by,
        data={"code": certificate.code, "holder_name": holder_name, "replaces": replaces.code if replaces else None})
    return certificate


@transaction.atomic
def award_certificates(*, enrollment_id: int, by: AbstractBaseUser | None = None,
                       now: datetime | None = None, notify: bool = True) -> AwardResult:
    """Issue every certificate the participant has earned on the session and does not have yet; with `notify`,
    the holder is emailed each one's download and verification links once the issue commits.

    A certificate once issued, even if later revoked, is never issued again automatically: a
    revocation stands until a coordinator reissues.
    """
    now = now or timezone.now()
    result = AwardResult()
    enrollment = (Enrollment.objects.select_for_update(no_key=True, of=("self",))
                  .select_related("session__course", "user__profile").filter(pk=enrollment_id).first())
    if enrollment is None:
        return result
    rules = selectors.rules_for_session(enrollment.session)
    if not rules:
        return result
    outlooks = selectors.outlooks_for([enrollment], today=timezone.localdate(now))[enrollment.pk]
    existing = set(Certificate.objects.filter(enrollment=enrollment).values_list("kind", flat=True))
    for outlook in outlooks:
        if outlook.rule.kind in existing:
            result.already_had += 1
        elif not outlook.eligibility.eligible:
            result.not_eligible += 1
        else:
            name = selectors.holder_name(enrollment.user)
            result.issued.append(_create(enrollment=enrollment, rule=outlook.rule, kind=outlook.rule.kind, by=by,
                                         now=now, holder_name=name, holder_name_latin=to_latin(name)))
    if notify:
        for certificate in result.issued:
            emails.notify_holder(certificate)
    return result


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, by: AbstractBaseUser | None, reason: str, note: str = "",
                       now: datetime | None = None) -> Certificate:
    """Mark a certificate revoked, with why, when and by whom. Revoking twice changes nothing."""
    if reason not in RevocationReason.values:
        raise CertificateError(f"Unknown reason: {reason!r}")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        return certificate
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at, certificate.revoked_by = now or timezone.now(), by
    certificate.revocation_reason, certificate.revocation_note = reason, note[:500]
    certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason", "revocation_note"])
    log(certificate, REVOKED, user=by, data={"code": certificate.code, "reason": reason, "note": note})
    return certificate


@transaction.atomic
def reissue_certificate(*, certificate: Certificate, by: AbstractBaseUser | None, holder_name: str,
                        holder_name_latin: str = "", now: datetime | None = None) -> Certificate:
    """A new certificate with a new code and the corrected name; the old one is revoked as "reissued"."""
    holder_name = " ".join(holder_name.split())
    if not holder_name:
        raise CertificateError("The holder's name cannot be empty.")
    now = now or timezone.now()
    old = Certificate.objects.select_for_update().select_related("enrollment__session").get(pk=certificate.pk)
    if old.is_revoked:
        raise CertificateError("Only a valid certificate can be reissued.")
    revoke_certificate(certificate=old, by=by, reason=RevocationReason.REISSUED, now=now)
    return _create(enrollment=old.enrollment, rule=old.rule, kind=old.kind, by=by, now=now,
                   holder_name=holder_name, holder_name_latin=" ".join(holder_name_latin.split())
                   or to_latin(holder_name), replaces=old)


# --- Bulk runs -----------------------------------------------------------------------------------

@transaction.atomic
def open_issuing_batch(*, session: TrainingSession, by: AbstractBaseUser | None) -> tuple[IssuingBatch, bool]:
    """A run over everyone with a place on the session, and whether it is new: an unfinished run is reused,
    not doubled. Queuing a new run is the caller's (`tasks.start_issuing_batch`)."""
    TrainingSession.objects.select_for_update(no_key=True).filter(pk=session.pk).first()
    running = IssuingBatch.objects.filter(session=session, status__in=(BatchStatus.QUEUED, BatchStatus.RUNNING))
    if batch := running.first():
        return batch, False
    batch = IssuingBatch.objects.create(
        session=session, requested_by=by,
        total=session.enrollments.filter(status__in=EnrollmentStatus.holding_seat()).count(),
    )
    return batch, True


def reopen_failed_batch(*, batch_id: int) -> bool:
    """Put a run that failed back in the queue for its next try; a run since replaced by a newer one for the same
    session stays as it is. Whether it was reopened.

    A run still "running" failed too: its worker died midway (killed, out of memory, a redeploy) before it could say
    so. Only the run's own job runs it, and `run_job` hands a job to one try at a time, so a try finding its run
    still running knows the previous try lost its worker; left as it was, the run would never be claimed again.
    """
    newer = IssuingBatch.objects.filter(session=OuterRef("session"), pk__gt=OuterRef("pk"))
    unfinished = IssuingBatch.objects.filter(pk=batch_id, status__in=(BatchStatus.FAILED, BatchStatus.RUNNING))
    return bool(unfinished.exclude(Exists(newer)).update(status=BatchStatus.QUEUED, error="", finished_at=None))


def run_batch(*, batch_id: int, now: datetime | None = None) -> IssuingBatch:
    """Check every place on the session, one transaction each, saving progress as it goes.

    A place that cannot be checked is logged and skipped and the run goes on with the others. Then the run fails,
    saying how many it skipped, and raises the first error, so its job tries it again (issuing is idempotent).
    """
    # Claiming the queued run in one UPDATE means a second worker handed the same run does nothing.
    claimed = IssuingBatch.objects.filter(pk=batch_id, status=BatchStatus.QUEUED).update(
        status=BatchStatus.RUNNING, started_at=timezone.now())
    batch = IssuingBatch.objects.select_related("session", "requested_by").get(pk=batch_id)
    if not claimed:
        return batch
    enrollment_ids = list(batch.session.enrollments.filter(status__in=EnrollmentStatus.holding_seat())
                          .order_by("pk").values_list("pk", flat=True))
    batch.total = len(enrollment_ids)
    batch.processed = batch.issued = batch.already_had = batch.not_eligible = 0
    batch.save(update_fields=["total", "processed", "issued", "already_had", "not_eligible"])
    outcome = batches.each(enrollment_ids, partial(_check_place, batch=batch, now=now), what="place")
    if outcome.skipped:
        batch.status, batch.finished_at = BatchStatus.FAILED, timezone.now()
        batch.error = _skipped_places(outcome, total=batch.total)
        batch.save(update_fields=["status", "error", "finished_at"])
        raise outcome.errors[0]
    batch.status, batch.finished_at = BatchStatus.DONE, timezone.now()
    batch.save(update_fields=["status", "finished_at"])
    return batch


def _check_place(enrollment_id: int, *, batch: IssuingBatch, now: datetime | None) -> int:
    result = award_certificates(enrollment_id=enrollment_id, by=batch.requested_by, now=now)
    counts = {"processed": batch.processed + 1, "issued": batch.issued + len(result.issued),
              "already_had": batch.already_had + result.already_had,
              "not_eligible": batch.not_eligible + result.not_eligible}
    IssuingBatch.objects.filter(pk=batch.pk).update(**counts)
    for name, value in counts.items():  # once saved: a place rolled back leaves the counts as they were
        setattr(batch, name, value)
    return len(result.issued)


def _skipped_places(outcome: batches.Outcome, *, total: int) -> str:
    first = outcome.errors[0]
    places = ", ".join(str(pk) for pk in outcome.skipped[:20]) + (" …" if len(outcome.skipped) > 20 else "")
    return (f"{len(outcome.skipped)} of {total} could not be checked (places {places}); "
            f"the first error: {type(first).__name__}: {first}")[:2000]


@transaction.atomic
def erase_holder(*, user: AbstractBaseUser, keep_certificates: bool, identifiers: list[str]) -> int:
    """A holder's personal data is erased: their certificates stay, verifiable by code, naming "a person whose
    personal data was erased" instead of them, unless they asked to keep their name on them. Either way the
    admin's history of the certificates forgets the name. Returns how many certificates were renamed."""
    from enrollments.privacy.erasure import scrub_log_entries

    certificates = Certificate.objects.filter(user=user)
    ids = list(certificates.values_list("pk", flat=True))
    printed = {name for pair in certificates.values_list("holder_name", "holder_name_latin") for name in pair}
    names = {*identifiers, *_printed_names(ids), *printed} - {ERASED_HOLDER_NAME, ERASED_HOLDER_NAME_LATIN, ""}
    identifiers = sorted(names, key=lambda name: (-len(name), name))
    renamed = 0
    if not keep_certificates:
        renamed = certificates.exclude(holder_name=ERASED_HOLDER_NAME).update(
            holder_name=ERASED_HOLDER_NAME, holder_name_latin=ERASED_HOLDER_NAME_LATIN)
    scrub_log_entries(model=Certificate, object_ids=ids, identifiers=identifiers)
    return renamed


def _printed_names(certificate_ids: list[int]) -> set[str]:
    """The names once printed, as the history recorded them (a reissue may have corrected a name)."""
    from wagtail.models import ModelLogEntry

    names = set()
    for data in ModelLogEntry.objects.filter(content_type__model="certificate", content_type__app_label="certificates",
                                             object_id__in=[str(pk) for pk in certificate_ids]).values_list(
            "data", flat=True):
        if isinstance(data, dict) and data.get("holder_name"):
            names.add(data["holder_name"])
    return names
