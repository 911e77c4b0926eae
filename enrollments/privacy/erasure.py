"""Erasure: a person asks from their profile for their personal data to be erased; a coordinator reviews the request
and carries it out (`execute_erasure`), or declines it with a note.

What goes: their names, address and password; the free-text profile fields; application answers, declared names
and uploaded files (deleted from storage); reviewers' comments and attendance notes about them; quiz answers;
their sessions, email addresses, two-factor devices and admin avatar; the emails addressed to them; their names and
address wherever the admin's history (Wagtail log entries) or failed background work wrote them down.

What stays, and why: the account's row, under a pseudonym that can never log in, because attendance, quiz
results, applications and certificates point at it (PROTECT) and reports count them; the profession and oblast
chosen from our lists on the profile (work categories the reports break down by); application statuses, declared
oblast and profession, and review marks; scores and result bands. The reporting details (sex, age band,
displacement, disability) are removed, after the report facts keep the categories they counted (lms.reports
listens to `person_erased`, as it does to retention's `reporting_details_expiring`). Apps above enrollments remove
their own part on `person_erased`: certificates stay verifiable as issued to a person whose data was erased.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from enrollments.background.models import BackgroundJob
from enrollments.calls.models import Application, ApplicationChange, ApplicationFile, Review
from enrollments.mail import queue_email
from enrollments.models import Attendance, AttendanceChange, Enrollment, Profile, QuizAttempt
from enrollments.privacy.models import AccessRecord, ErasureRequest, ErasureStatus
from enrollments.services import REPORTING_FIELDS
from enrollments.signals import person_erased

logger = logging.getLogger(__name__)

ERASED_DOMAIN = "erased.invalid"  # .invalid never resolves (RFC 2606): nothing can be delivered to a pseudonym
ERASED = "[erased]"  # what stands where a name or an address was written in free text
MIN_IDENTIFIER = 3  # shorter names ("Li") would blank unrelated words in free text


class ErasureRefused(Exception):
    """The request is not waiting for a decision (withdrawn, declined or erased already)."""


def is_erased_address(email: str) -> bool:
    return email.endswith("@" + ERASED_DOMAIN)


def identifiers_of(user: AbstractBaseUser) -> list[str]:
    """The names and address a person was known by, longest first (so a full name goes before its parts)."""
    names = {user.email, user.get_username(), user.first_name, user.last_name, user.get_full_name()}
    names |= set(Profile.objects.filter(user=user).values_list("full_name", flat=True))
    names |= set(Application.objects.filter(applicant=user).values_list("full_name", flat=True))
    cleaned = {" ".join(name.split()) for name in names if name}
    return sorted((name for name in cleaned if len(name) >= MIN_IDENTIFIER), key=lambda name: (-len(name), name))


def scrub(value, identifiers: Iterable[str], replacement: str = ERASED):
    """`value` (text, or JSON made of dicts, lists and text) with every identifier replaced, in any letter case."""
    if isinstance(value, str):
        for identifier in identifiers:
            value = re.sub(re.escape(identifier), replacement, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, dict):
        return {scrub(key, identifiers, replacement): scrub(item, identifiers, replacement)
                for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item, identifiers, replacement) for item in value]
    return value


def scrub_log_entries(*, model: type[models.Model], object_ids: Iterable[int], identifiers: list[str]) -> int:
    """Blank the identifiers from the admin history (Wagtail's log entries) of these objects; returns how many."""
    from wagtail.models import ModelLogEntry

    ids = [str(pk) for pk in object_ids]
    if not ids:
        return 0
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    entries = ModelLogEntry.objects.filter(content_type__in=[content_type, ContentType.objects.get_for_model(model)],
                                           object_id__in=ids)
    return _scrub_entries(entries, identifiers)


def _scrub_entries(entries, identifiers: list[str]) -> int:
    changed = []
    for entry in entries:
        label, data = scrub(entry.label, identifiers), scrub(entry.data, identifiers)
        if (label, data) != (entry.label, entry.data):
            entry.label, entry.data = label, data
            changed.append(entry)
    if changed:
        type(changed[0]).objects.bulk_update(changed, ["label", "data"])
    return len(changed)


# --- The person's side ---------------------------------------------------------------------------------------------

@transaction.atomic
def request_erasure(*, user: AbstractBaseUser, keep_certificates: bool) -> ErasureRequest:
    """Ask for erasure; asking again while a request waits changes only the certificates choice."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # two clicks at once make one request
    request, created = ErasureRequest.objects.get_or_create(
        user=user, status=ErasureStatus.REQUESTED, defaults={"keep_certificates": keep_certificates})
    if not created and request.keep_certificates != keep_certificates:
        request.keep_certificates = keep_certificates
        request.save(update_fields=["keep_certificates"])
    return request


@transaction.atomic
def withdraw_erasure_request(*, user: AbstractBaseUser) -> ErasureRequest | None:
    """The person changed their mind: their waiting request is withdrawn (None when nothing was waiting)."""
    request = ErasureRequest.objects.select_for_update().filter(user=user, status=ErasureStatus.REQUESTED).first()
    if request is None:
        return None
    request.status, request.decided_at = ErasureStatus.WITHDRAWN, timezone.now()
    request.save(update_fields=["status", "decided_at"])
    return request


# --- The coordinator's side ----------------------------------------------------------------------------------------

def _locked(request_id: int) -> ErasureRequest:
    return ErasureRequest.objects.select_for_update().select_related("user").get(pk=request_id)


@transaction.atomic
def decline_erasure(*, erasure_request: ErasureRequest, by: AbstractBaseUser, note: str) -> ErasureRequest:
    """Decline with a note the person is sent (why, e.g. a legal duty to keep the records); declining twice does
    nothing more."""
    request = _locked(erasure_request.pk)
    if request.status == ErasureStatus.DECLINED:
        return request
    if request.status != ErasureStatus.REQUESTED:
        raise ErasureRefused(request.status)
    request.status, request.decided_by, request.decided_at = ErasureStatus.DECLINED, by, timezone.now()
    request.decision_note = note.strip()
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _tell(request.user.email, "declined", {"name": _greeting(request.user), "note": request.decision_note})
    return request


@transaction.atomic
def execute_erasure(*, erasure_request: ErasureRequest, by: AbstractBaseUser) -> ErasureRequest:
    """Erase the person's personal data, all or nothing; carrying out an erased request again does nothing."""
    request = _locked(erasure_request.pk)
    if request.status == ErasureStatus.ERASED:
        return request
    if request.status != ErasureStatus.REQUESTED:
        raise ErasureRefused(request.status)
    user = request.user
    address, name = user.email, _greeting(user)  # the last email goes to the address they gave
    erase_person(user=user, keep_certificates=request.keep_certificates)
    request.status, request.decided_by, request.decided_at = ErasureStatus.ERASED, by, timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    _tell(address, "erased", {"name": name, "keep_certificates": request.keep_certificates})
    return request


def erase_person(*, user: AbstractBaseUser, keep_certificates: bool) -> None:
    """Remove or pseudonymise everything held about one person (inside `execute_erasure`'s transaction)."""
    identifiers = identifiers_of(user)
    email = user.email
    _erase_records(user=user, identifiers=identifiers)
    _erase_emails(email=email, identifiers=identifiers)
    _erase_account(user=user)
    _erase_history(user=user, identifiers=identifiers)
    # Before the reporting details go: reports keep the categories they already counted the person's places in.
    person_erased.send(sender=ErasureRequest, user=user, keep_certificates=keep_certificates,
                       identifiers=identifiers)
    Profile.objects.filter(user=user).update(**dict.fromkeys(REPORTING_FIELDS, ""), reporting_consent_at=None,
                                             updated_at=timezone.now())


def _erase_records(*, user: AbstractBaseUser, identifiers: list[str]) -> None:
    Profile.objects.filter(user=user).update(full_name="", organisation="", community="", updated_at=timezone.now())
    applications = Application.objects.filter(applicant=user)
    files = list(ApplicationFile.objects.filter(application__in=applications))
    ApplicationFile.objects.filter(pk__in=[file.pk for file in files]).delete()
    transaction.on_commit(lambda: _delete_stored([(file.file.storage, file.file.name) for file in files]))
    applications.update(answers={}, full_name="", community="")
    ApplicationChange.objects.filter(application__in=applications).update(note="")
    Review.objects.filter(application__in=applications).update(comment="")
    QuizAttempt.objects.filter(user=user).update(answers={})
    enrollments = Enrollment.objects.filter(user=user)
    Attendance.objects.filter(enrollment__in=enrollments).update(note="")
    AttendanceChange.objects.filter(attendance__enrollment__in=enrollments).update(note="")
    AccessRecord.objects.filter(subject=user).update(object_label="")


def _delete_stored(files) -> None:
    """Delete uploaded files once the erasure is committed (a rolled-back erasure keeps them)."""
    for storage, name in files:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("An erased person's file %s could not be deleted from storage", name)


def _erase_emails(*, email: str, identifiers: list[str]) -> None:
    """Emails to them are deleted with their jobs; their address is blanked wherever background work wrote it."""
    from enrollments.background.models import OutgoingEmail

    if not email:
        return
    for outgoing in OutgoingEmail.objects.filter(to__icontains=email):
        others = [to for to in outgoing.to if to.casefold() != email.casefold()]
        if len(others) == len(outgoing.to):
            continue  # another address that merely contains theirs
        if others:
            outgoing.to = others
            outgoing.save(update_fields=["to"])
        else:
            BackgroundJob.objects.filter(pk=outgoing.pk).delete()
    for job in BackgroundJob.objects.filter(Q(arguments__icontains=email) | Q(last_error__icontains=email)):
        job.arguments, job.last_error = scrub(job.arguments, identifiers), scrub(job.last_error, identifiers)
        job.save(update_fields=["arguments", "last_error"])
    if apps.is_installed("django_tasks_db"):
        results = apps.get_model("django_tasks_database", "DBTaskResult")
        for result in results.objects.filter(Q(args_kwargs__icontains=email) | Q(traceback__icontains=email)
                                             | Q(return_value__icontains=email)):
            result.args_kwargs = scrub(result.args_kwargs, identifiers)
            result.traceback = scrub(result.traceback, identifiers)
            result.return_value = scrub(result.return_value, identifiers)
            result.save(update_fields=["args_kwargs", "traceback", "return_value"])


def _erase_account(*, user: AbstractBaseUser) -> None:
    """The row stays under a pseudonym that cannot log in: no password, inactive, no address, no role."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).delete()  # with their confirmation keys
    if apps.is_installed("allauth.mfa"):
        apps.get_model("mfa", "Authenticator").objects.filter(user=user).delete()
    if apps.is_installed("wagtail.users"):
        for profile in apps.get_model("wagtailusers", "UserProfile").objects.filter(user=user):
            if profile.avatar:
                profile.avatar.delete(save=False)
            profile.delete()
    _end_sessions(user)
    pseudonym = f"erased-{user.pk}-{secrets.token_hex(4)}"
    user.username = pseudonym
    user.email = f"{pseudonym}@{ERASED_DOMAIN}"
    user.first_name = user.last_name = ""
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def _end_sessions(user: AbstractBaseUser) -> None:
    """Log them out everywhere: their sessions are found by decoding the ones that have not expired."""
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session_key=session.session_key).delete()


def _erase_history(*, user: AbstractBaseUser, identifiers: list[str]) -> None:
    """The admin's history names people in its labels (an object's title at the time) and data: the entries about
    their records are scrubbed, and any other entry whose label names them."""
    from wagtail.models import ModelLogEntry, PageLogEntry

    scrub_log_entries(model=get_user_model(), object_ids=[user.pk], identifiers=identifiers)
    scrub_log_entries(model=Profile, object_ids=Profile.objects.filter(user=user).values_list("pk", flat=True),
                      identifiers=identifiers)
    scrub_log_entries(model=Enrollment, object_ids=Enrollment.objects.filter(user=user).values_list("pk", flat=True),
                      identifiers=identifiers)
    scrub_log_entries(model=Application,
                      object_ids=Application.objects.filter(applicant=user).values_list("pk", flat=True),
                      identifiers=identifiers)
    named = Q()
    for identifier in identifiers:
        named |= Q(label__icontains=identifier)
    if identifiers:
        _scrub_entries(ModelLogEntry.objects.filter(named), identifiers)
        _scrub_entries(PageLogEntry.objects.filter(named), identifiers)


# --- The emails ----------------------------------------------------------------------------------------------------

def _greeting(user: AbstractBaseUser) -> str:
    from enrollments.selectors import greeting_name

    return greeting_name(user)


def _tell(address: str, kind: str, context: dict) -> None:
    """One email in Ukrainian then English; its address is forgotten once it is sent."""
    if not address or is_erased_address(address):
        return
    subjects, bodies = [], []
    for language in ("uk", "en"):
        with translation.override(language):
            subjects.append(" ".join(render_to_string(f"emails/privacy/erasure_{kind}_subject.txt", context).split()))
            bodies.append(render_to_string(f"emails/privacy/erasure_{kind}_message.txt", context).strip())
    queue_email(subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " / ".join(subjects),
                body="\n\n———\n\n".join(bodies) + "\n", to=[address], forget_recipient=True)
