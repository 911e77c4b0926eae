"""Applicants' writes: save a draft, submit (and send changes while the call allows), withdraw, store files.

Every write checks the call's window against `now` on the server, the applicant's declared eligibility
and the application's status; a refusal raises before anything is written, so nothing saved is lost.
One application per person per call (`content.models.Call`), whichever language version it is sent from: the page
(`CallPage`) gives the questions' words, the call its rules.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from content.models import Call, CallPage
from enrollments.calls import answers as rules
from enrollments.calls import review
from enrollments.calls.changes import Refusal, draft_refusal, submit_refusal
from enrollments.calls.eligibility import Applicant, Criteria, Eligibility, check_eligibility
from enrollments.calls.models import Application, ApplicationChange, ApplicationFile, ApplicationStatus
from enrollments.calls.transitions import Move, apply_move
from enrollments.calls.uploads import CheckedUpload, random_name
from enrollments.calls.window import Window


@dataclass(frozen=True)
class Declaration:
    """Who the applicant says they are: what eligibility is judged on and reviewers filter by."""

    full_name: str = ""
    community: str = ""
    oblast: str = ""
    profession: str = ""

    def as_applicant(self) -> Applicant:
        return Applicant(community=self.community, oblast=self.oblast, profession=self.profession)


class ApplicationRefused(Exception):
    """Nothing was written: the call is not open, the applicant is not eligible, or the application is closed."""

    NOT_OPEN_YET = Refusal.NOT_OPEN_YET
    CLOSED = Refusal.CLOSED
    EDITING_NOT_ALLOWED = Refusal.EDITING_NOT_ALLOWED
    ALREADY_SENT = Refusal.ALREADY_SENT
    FINAL = Refusal.FINAL
    INELIGIBLE = "ineligible"

    def __init__(self, reason: str, *, eligibility: Eligibility | None = None):
        super().__init__(reason)
        self.reason = reason
        self.eligibility = eligibility


class AnswersNeedAttention(Exception):
    """Submission refused until these are fixed; nothing was written."""

    def __init__(self, problems: list[rules.Problem]):
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


def declaration_problems(declaration: Declaration) -> list[rules.Problem]:
    """The declared details a submitted application must have."""
    messages = {
        "full_name": _("Enter your full name."),
        "community": _("Enter the community (hromada) where you work."),
        "oblast": _("Choose your oblast."),
        "profession": _("Choose your profession."),
    }
    return [rules.Problem(name, message) for name, message in messages.items()
            if not getattr(declaration, name).strip()]


def _check_eligible(call: Call, declaration: Declaration) -> None:
    """Refuses a declared value that fails the call's conditions; a blank one is asked for on submitting."""
    result = check_eligibility(criteria=Criteria.of(call), applicant=declaration.as_applicant())
    failing = [(result.community_ok, declaration.community), (result.oblast_ok, declaration.oblast),
               (result.profession_ok, declaration.profession)]
    if any(not ok and value.strip() for ok, value in failing):
        raise ApplicationRefused(ApplicationRefused.INELIGIBLE, eligibility=result)


def _existing(call: Call, applicant: AbstractBaseUser) -> Application | None:
    """The applicant's application to the call, locked until the transaction ends.

    The applicant's own row is locked first: two requests of one person (a double tap on "Submit", a
    second tab) run one after the other, and the second sees what the first wrote, even when the first
    created the application.
    """
    get_user_model().objects.select_for_update().filter(pk=applicant.pk).first()
    return Application.objects.select_for_update().filter(call=call, applicant=applicant).first()


def _status(application: Application | None) -> str | None:
    return application.status if application is not None else None


def _created(call: Call, applicant: AbstractBaseUser, now: datetime) -> Application:
    """A new draft (or the one a parallel request has just created), locked."""
    application, created = Application.objects.get_or_create(call=call, applicant=applicant)
    if created:
        _record_change(application, by=applicant, now=now, from_status="", from_stage=None)
    return Application.objects.select_for_update().get(pk=application.pk)


def _record_change(application: Application, *, by: AbstractBaseUser | None, now: datetime, from_status: str,
                   from_stage: int | None, note: str = "") -> ApplicationChange:
    return ApplicationChange.objects.create(
        application=application, changed_by=by, changed_at=now, from_status=from_status,
        to_status=application.status, from_stage=from_stage, to_stage=application.stage, note=note)


def _write(application: Application, *, declaration: Declaration, answers: dict, uploads: dict[str, CheckedUpload],
           now: datetime) -> None:
    application.full_name = declaration.full_name.strip()
    application.community = declaration.community.strip()
    application.oblast = declaration.oblast
    application.profession = declaration.profession
    application.answers = answers
    for question_id, checked in uploads.items():
        store_file(application=application, question_id=question_id, checked=checked, now=now)


def _new_uploads(application: Application | None, uploads: dict[str, CheckedUpload]) -> dict[str, CheckedUpload]:
    """The uploads that are not the very file already on record for their question: a file sent again (a double
    tap, a second tab) is recognised by its content and neither rewritten nor counted as a change."""
    if application is None or application.pk is None or not uploads:
        return uploads
    on_record = dict(application.files.values_list("question_id", "sha256"))
    return {question_id: checked for question_id, checked in uploads.items()
            if not checked.sha256 or on_record.get(question_id) != checked.sha256}


def _file_question_ids(application: Application | None) -> set[str]:
    if application is None or application.pk is None:
        return set()
    return set(application.files.values_list("question_id", flat=True))


@transaction.atomic
def save_draft(*, page: CallPage, applicant: AbstractBaseUser, declaration: Declaration, answers: dict,
               uploads: dict[str, CheckedUpload] | None = None, now: datetime | None = None) -> Application:
    """Keeps the answers as they are, complete or not, while the call is open; starts the draft if needed."""
    now = now or timezone.now()
    call = page.call
    application = _existing(call, applicant)
    if refusal := draft_refusal(state=Window.of(call).state(now), status=_status(application)):
        raise ApplicationRefused(refusal)
    _check_eligible(call, declaration)
    questions = review.questions_of(page)
    cleaned = rules.clean_answers(questions=questions, answers=answers)
    uploads = _new_uploads(application, uploads or {})
    application = application or _created(call, applicant, now)
    _write(application, declaration=declaration, answers=cleaned, uploads=uploads, now=now)
    application.save()
    return application


@transaction.atomic
def submit_application(*, page: CallPage, applicant: AbstractBaseUser, declaration: Declaration, answers: dict,
                       uploads: dict[str, CheckedUpload] | None = None, now: datetime | None = None) -> Application:
    """Saves the answers and submits them; after submitting, sends the changes while the call allows editing.

    Raises AnswersNeedAttention (nothing written) when a required answer, the consent or a declared
    detail is missing. Sending the same answers twice changes nothing.
    """
    now = now or timezone.now()
    call = page.call
    application = _existing(call, applicant)
    uploads = _new_uploads(application, uploads or {})
    status = _status(application)
    if refusal := submit_refusal(state=Window.of(call).state(now), status=status, editing_allowed=call.editing_allowed):
        raise ApplicationRefused(refusal)
    is_resubmission = status == ApplicationStatus.SUBMITTED
    _check_eligible(call, declaration)
    questions = review.questions_of(page)
    cleaned = rules.clean_answers(questions=questions, answers=answers)
    problems = declaration_problems(declaration) + rules.submission_problems(
        questions=questions, answers=cleaned, files=_file_question_ids(application) | set(uploads))
    if problems:
        raise AnswersNeedAttention(problems)
    if is_resubmission and not uploads and _unchanged(application, declaration, cleaned):
        return application  # a double tap, or "send" pressed again: nothing to record
    application = application or _created(call, applicant, now)
    _write(application, declaration=declaration, answers=cleaned, uploads=uploads, now=now)
    from_status, from_stage = application.status, application.stage
    if not is_resubmission:
        application.status, application.stage = apply_move(
            status=application.status, stage=application.stage, stages=1, move=Move.SUBMIT)
    application.submitted_at = now
    application.save()
    _record_change(application, by=applicant, now=now, from_status=from_status, from_stage=from_stage)
    return application


def _unchanged(application: Application, declaration: Declaration, answers: dict) -> bool:
    return application.answers == answers and (
        application.full_name, application.community, application.oblast, application.profession,
    ) == (declaration.full_name.strip(), declaration.community.strip(), declaration.oblast, declaration.profession)


@transaction.atomic
def withdraw_application(*, application: Application, by: AbstractBaseUser,
                         now: datetime | None = None) -> Application:
    """Takes the application out of the call for good; withdrawing twice changes nothing."""
    now = now or timezone.now()
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == ApplicationStatus.WITHDRAWN:
        return application
    stages = max(1, application.call.stages.count())
    try:
        status, stage = apply_move(status=application.status, stage=application.stage, stages=stages,
                                   move=Move.WITHDRAW)
    except ValueError as error:
        raise ApplicationRefused(ApplicationRefused.FINAL) from error
    from_status, from_stage = application.status, application.stage
    application.status, application.stage, application.decided_at = status, stage, now
    application.save(update_fields=["status", "stage", "decided_at", "updated_at"])
    _record_change(application, by=by, now=now, from_status=from_status, from_stage=from_stage)
    return application


def store_file(*, application: Application, question_id: str, checked: CheckedUpload,
               now: datetime | None = None) -> ApplicationFile:
    """Stores a checked upload under a random name, replacing (and later deleting) the question's previous file."""
    now = now or timezone.now()
    record = (ApplicationFile.objects.select_for_update()
              .filter(application=application, question_id=question_id).first()
              or ApplicationFile(application=application, question_id=question_id))
    old_name = record.file.name if record.pk else None
    storage = record.file.storage
    record.file.save(random_name(checked.extension), checked.upload, save=False)
    record.original_name, record.content_type, record.size = checked.original_name, checked.content_type, checked.size
    record.sha256 = checked.sha256
    record.uploaded_at = now  # auto_now_add sets it only for a first file; a replacement is uploaded now too
    new_name = record.file.name
    try:
        record.save()
    except Exception:
        storage.delete(new_name)
        raise
    if old_name:
        # Only once the new row is committed: a rolled-back replacement must still find the old file.
        transaction.on_commit(lambda: storage.delete(old_name))
    return record
