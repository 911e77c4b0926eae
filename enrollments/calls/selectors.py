"""Applicants' reads: the call page's context, the apply page, one's own applications and their files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant

from content import public_cache
from content.bilingual import fell_back_to_ukrainian
from content.choices import Oblast, Profession
from content.models import Call, CallPage, CallStage
from enrollments.calls.answers import Question
from enrollments.calls.changes import draft_refusal, submit_refusal
from enrollments.calls.eligibility import Criteria, check_eligibility
from enrollments.calls.models import Application, ApplicationFile, ApplicationStatus
from enrollments.calls.review import stages_of
from enrollments.calls.services import Declaration
from enrollments.calls.transitions import FINAL, WITHDRAWABLE
from enrollments.calls.window import CallState, Window
from enrollments.models import SessionStatus, TrainingSession
from enrollments.selectors import profile_for, upcoming_sessions, with_seats_and_days

OBLASTS = dict(Oblast.choices)
PROFESSIONS = dict(Profession.choices)


@dataclass(frozen=True)
class WhoMayApply:
    """The call's conditions as readers see them; an empty list means anyone."""

    communities: list[str]
    oblasts: list[str]
    professions: list[str]
    communities_lang: str = ""  # "uk" when an English reader is shown the Ukrainian names (no English ones)

    @property
    def anyone(self) -> bool:
        return not (self.communities or self.oblasts or self.professions)


def who_may_apply(call: Call) -> WhoMayApply:
    return WhoMayApply(
        communities=[line.strip() for line in call.communities.splitlines() if line.strip()],
        communities_lang="uk" if fell_back_to_ukrainian(call, "communities") else "",
        oblasts=[str(OBLASTS.get(value, value)) for value in call.oblasts or ()],
        professions=[str(PROFESSIONS.get(value, value)) for value in call.professions or ()],
    )


@dataclass(frozen=True)
class Condition:
    """One condition of the call that the applicant's declared details fail, or do not answer yet."""

    name: str  # "community", "oblast" or "profession"
    wanted: list[str]
    declared: str  # as readers see it; "" when not filled in


@dataclass(frozen=True)
class ApplyBox:
    """What the apply box says to this person now, and what they may do."""

    call_state: CallState
    application: Application | None
    failing: list[Condition] = field(default_factory=list)  # filled-in details the call does not accept
    missing: list[Condition] = field(default_factory=list)  # details the form asks for: the call has conditions
    can_edit: bool = False  # the form takes answers now (eligibility aside)
    can_save_draft: bool = False
    can_withdraw: bool = False

    @property
    def eligible(self) -> bool:
        return not self.failing

    @property
    def is_sent(self) -> bool:
        return self.application is not None and self.application.status != ApplicationStatus.DRAFT

    @property
    def is_final(self) -> bool:
        return self.application is not None and self.application.status in FINAL


def declaration_for(*, user: AbstractBaseUser, application: Application | None) -> Declaration:
    """What the form starts from: the application's declared details, else the profile's. One query at most."""
    if application is not None:
        return Declaration(full_name=application.full_name, community=application.community,
                           oblast=application.oblast, profession=application.profession)
    profile = profile_for(user=user)
    return Declaration(full_name=profile.full_name or user.get_full_name(), community=profile.community,
                       oblast=profile.oblast, profession=profile.profession)


def _conditions(call: Call, declaration: Declaration) -> tuple[list[Condition], list[Condition]]:
    result = check_eligibility(criteria=Criteria.of(call), applicant=declaration.as_applicant())
    who = who_may_apply(call)
    checks = [
        ("community", result.community_ok, who.communities, declaration.community),
        ("oblast", result.oblast_ok, who.oblasts, str(OBLASTS.get(declaration.oblast, declaration.oblast))),
        ("profession", result.profession_ok, who.professions,
         str(PROFESSIONS.get(declaration.profession, declaration.profession))),
    ]
    failing, missing = [], []
    for name, ok, wanted, declared in checks:
        if not ok:
            (failing if declared.strip() else missing).append(Condition(name=name, wanted=wanted, declared=declared))
    return failing, missing


def apply_box(*, call: Call, user: AbstractBaseUser | AnonymousUser, application: Application | None,
              declaration: Declaration | None, now: datetime) -> ApplyBox:
    """The apply box's state. No queries: the application and declaration are read beforehand."""
    call_state = Window.of(call).state(now)
    if not user.is_authenticated:
        return ApplyBox(call_state=call_state, application=None)
    status = application.status if application else None
    failing, missing = _conditions(call, declaration) if declaration and status not in FINAL else ([], [])
    return ApplyBox(
        call_state=call_state, application=application, failing=failing, missing=missing,
        can_edit=submit_refusal(state=call_state, status=status, editing_allowed=call.editing_allowed) is None,
        can_save_draft=draft_refusal(state=call_state, status=status) is None,
        can_withdraw=status in WITHDRAWABLE,
    )


def application_of(*, call: Call, user: AbstractBaseUser | AnonymousUser) -> Application | None:
    """The person's application to the call, whichever language they applied in. One query; none for visitors."""
    if not user.is_authenticated:
        return None
    return Application.objects.filter(call=call, applicant=user).first()


def stage_of(application: Application | None, stages: list[CallStage]) -> CallStage | None:
    """The stage the application is at (stages counted from 0), if the call has it."""
    if application is None or not 0 <= application.stage < len(stages):
        return None
    return stages[application.stage]


def linked_sessions(call: Call) -> list[TrainingSession]:
    """The training sessions the call recruits for (not drafts), soonest first, with seats and days. Two queries."""
    sessions = TrainingSession.objects.filter(call_links__call=call).exclude(status=SessionStatus.DRAFT)
    return sorted(with_seats_and_days(sessions), key=lambda s: (s.first_day is None, s.first_day, s.pk))


def call_page_context(*, page: CallPage, user: AbstractBaseUser | AnonymousUser,
                      now: datetime | None = None) -> dict:
    """Everything the call page shows besides the page's own words. At most six queries, whatever the data."""
    now = now or timezone.now()
    call = page.call
    application = application_of(call=call, user=user)
    declaration = declaration_for(user=user, application=application) if user.is_authenticated else None
    stages = stages_of(call)
    return {
        "who": who_may_apply(call),
        "stages": stages,
        "sessions": linked_sessions(call),
        "box": apply_box(call=call, user=user, application=application, declaration=declaration, now=now),
        "application": application,
        "current_stage": stage_of(application, stages),
    }


def files_by_question(application: Application | None) -> dict[str, ApplicationFile]:
    if application is None:
        return {}
    return {record.question_id: record for record in application.files.all()}


@dataclass(frozen=True)
class AnswerRow:
    """One question and what the application answered, for the read-only view."""

    question: Question
    answer: object  # str, list of str, True, or None when unanswered; a choice in the reader's wording
    file: ApplicationFile | None


def answer_rows(*, questions: list[Question], application: Application | None,
                files: dict[str, ApplicationFile]) -> list[AnswerRow]:
    if application is None:
        return []
    return [AnswerRow(question=q, answer=q.shown(application.answers.get(q.id)), file=files.get(q.id))
            for q in questions]


def application_file(*, file_id: int) -> ApplicationFile | None:
    """An uploaded file with its application (for the permission check). One query."""
    return ApplicationFile.objects.select_related("application").filter(pk=file_id).first()


@dataclass(frozen=True)
class MyApplication:
    """One of the person's applications, as "My learning" lists it."""

    application: Application
    call: Call
    page: CallPage  # in the reader's language when translated and published
    stage: CallStage | None
    stages: int
    editable: bool


def my_applications(*, user: AbstractBaseUser, now: datetime | None = None) -> list[MyApplication]:
    """The person's applications, newest first, with the call's page in the reader's language and the stage.

    One query when there is none; three whatever their number.
    """
    applications = list(Application.objects.filter(applicant=user).select_related("call")
                        .prefetch_related("call__stages").order_by("-created_at", "-pk"))
    if not applications:
        return []
    now = now or timezone.now()
    language = get_language()

    def preference(page: CallPage) -> tuple:
        # A published page first, in the reader's language, then in the default one.
        return not page.live, page.locale.language_code != language, page.locale.language_code != settings.LANGUAGE_CODE

    pages: dict[int, CallPage] = {}
    for page in CallPage.objects.filter(call__in={a.call_id for a in applications}).select_related("locale"):
        known = pages.get(page.call_id)
        if known is None or preference(page) < preference(known):
            pages[page.call_id] = page
    listed = []
    for application in applications:
        call = application.call
        stages = stages_of(call)
        box = apply_box(call=call, user=user, application=application, declaration=None, now=now)
        listed.append(MyApplication(application=application, call=call, page=pages[call.pk],
                                    stage=stage_of(application, stages), stages=len(stages), editable=box.can_edit))
    return listed


def calls_recruiting_for_each(*, session_ids: list[int], now: datetime | None = None) -> dict[int, list[CallPage]]:
    """`calls_recruiting_for` for several sessions at once, by session id (sessions without one left out).
    One query, none without sessions (the reader's language by its code, not a query for its Locale)."""
    if not session_ids:
        return {}
    now = now or timezone.now()
    language = get_supported_content_language_variant(get_language())
    pages = (CallPage.objects.live().filter(call__session_links__session__in=session_ids,
                                            locale__language_code=language, call__deadline__gte=now)
             .annotate(recruits_for=F("call__session_links__session_id"), closes_at=F("call__deadline"))
             .order_by("call__deadline", "pk"))
    by_session: dict[int, list[CallPage]] = {}
    for page in pages:
        by_session.setdefault(page.recruits_for, []).append(page)
    return by_session


def sessions_and_calls_on_course_page(*, course, request=None, now: datetime | None = None,
                                      ) -> tuple[list[TrainingSession], dict[int, list[CallPage]]]:
    """The course's upcoming sessions (`upcoming_sessions`) and the calls recruiting for each: the same for every
    reader, so read once per generation, day and language (content.public_cache: sessions, days, places taken and
    calls all bump it); a call whose deadline passes during the day drops out at that minute all the same."""
    now = now or timezone.now()
    today = timezone.localdate(now)

    def read():
        sessions = upcoming_sessions(course=course, today=today)
        start_of_today = timezone.make_aware(datetime.combine(today, datetime.min.time()))
        return sessions, calls_recruiting_for_each(session_ids=[s.pk for s in sessions], now=start_of_today)

    sessions, calls = public_cache.cached(("course-sessions", course.pk, today.isoformat(), get_language()), read,
                                          request=request)
    open_calls = {session_id: [page for page in pages if page.closes_at >= now] for session_id, pages in calls.items()}
    return sessions, {session_id: pages for session_id, pages in open_calls.items() if pages}


def calls_recruiting_for(*, session: TrainingSession, now: datetime | None = None) -> list[CallPage]:
    """Live call pages in the reader's language whose call recruits for the session and has not closed yet.
    One query.

    The session page points to them: its places are given to the applicants those calls accept.
    """
    from wagtail.models import Locale

    now = now or timezone.now()
    return list(CallPage.objects.live().filter(call__session_links__session=session, locale=Locale.get_active(),
                                               call__deadline__gte=now)
                .select_related("call").order_by("call__deadline", "pk"))
