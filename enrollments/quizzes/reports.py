"""Reads for quiz results, for trainers and coordinators: a session's quizzes and knowledge gain, one
quiz's results on a session or across sessions, and who may see them.

The rules (which attempt counts, distributions, privacy) live in `results.py`; this module gathers
rows with a fixed number of queries, whatever the number of people or attempts, and shapes them.
Self-assessments only ever leave here as a `SelfAssessmentSummary`.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import or_
from uuid import UUID

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Min, Q, QuerySet
from django.utils.translation import get_language
from wagtail.models import Page

from courses.models import CoursePage, CourseTrainer, QuizKind, QuizPage
from enrollments.models import AttemptStatus, Enrollment, EnrollmentStatus, QuizAttempt, QuizVersion, TrainingSession
from enrollments.permissions import is_coordinator
from enrollments.quizzes import results
from enrollments.quizzes.selectors import SESSION_KINDS
from enrollments.selectors import display_name, name_sort_key


@dataclass(frozen=True)
class CourseQuiz:
    """A quiz of a course, one entry for both language versions (they share the translation key)."""

    key: UUID
    title: str  # in the reader's language when that version exists
    kind: str
    page_id: int
    pretest_key: UUID | None
    course_key: UUID | None = None

    @property
    def kind_label(self) -> str:
        return QuizKind(self.kind).label if self.kind in QuizKind.values else self.kind

    @property
    def is_self_assessment(self) -> bool:
        return self.kind == QuizKind.SELF_ASSESSMENT

    @property
    def is_session_test(self) -> bool:
        return self.kind in SESSION_KINDS


KIND_ORDER = {QuizKind.PRE_TEST: 0, QuizKind.POST_TEST: 2}
QUIZ_FIELDS = ("pk", "translation_key", "title", "kind", "path", "locale__language_code", "pretest__translation_key")


def _pick_language(pages: list[dict]) -> dict:
    return next((page for page in pages if page["locale__language_code"] == get_language()), pages[0])


def _course_quiz(page: dict, course_key: UUID | None = None) -> CourseQuiz:
    return CourseQuiz(key=page["translation_key"], title=page["title"], kind=page["kind"], page_id=page["pk"],
                      pretest_key=page["pretest__translation_key"], course_key=course_key)


def course_quizzes(*, course_key: UUID) -> list[CourseQuiz]:
    """Every quiz on a course or its modules, once for both language trees: pre-test, others, post-test."""
    paths = list(CoursePage.objects.filter(translation_key=course_key).values_list("path", flat=True))
    if not paths:
        return []
    under_course = reduce(or_, (Q(path__startswith=path) for path in paths))
    grouped: dict[UUID, list[dict]] = defaultdict(list)
    for page in QuizPage.objects.filter(under_course).order_by("path").values(*QUIZ_FIELDS):
        grouped[page["translation_key"]].append(page)
    # The pre-test first and the post-test last, as people take them; the rest in page-tree order.
    chosen = sorted((_pick_language(pages) for pages in grouped.values()),
                    key=lambda page: (page["locale__language_code"] != get_language(),
                                      KIND_ORDER.get(page["kind"], 1), page["path"]))
    return [_course_quiz(page, course_key) for page in chosen]


def find_quiz(*, key: UUID) -> CourseQuiz | None:
    """The quiz with this translation key, with the key of the course it belongs to; None if unknown."""
    pages = list(QuizPage.objects.filter(translation_key=key).values(*QUIZ_FIELDS))
    if not pages:
        return None
    page = _pick_language(pages)
    ancestors = [page["path"][:end] for end in range(Page.steplen, len(page["path"]), Page.steplen)]
    course_key = CoursePage.objects.filter(path__in=ancestors).values_list("translation_key", flat=True).first()
    return _course_quiz(page, course_key)


def may_see_quiz_results(*, user: AbstractBaseUser, course_key: UUID | None) -> bool:
    """Coordinators, trainers named on the course (either language) and trainers of its sessions."""
    if is_coordinator(user):
        return True
    if not user.is_authenticated or course_key is None:
        return False
    return (CourseTrainer.objects.filter(page__translation_key=course_key, user=user).exists()
            or TrainingSession.objects.filter(course__translation_key=course_key, trainers=user).exists())


def sessions_of_course(*, course_key: UUID) -> list[TrainingSession]:
    """The course's sessions, newest first, with `starts_on` (first day) for labelling them."""
    return list(TrainingSession.objects.filter(course__translation_key=course_key)
                .annotate(starts_on=Min("days__date")).order_by("-starts_on", "-pk"))


# --- Gathering attempts ---------------------------------------------------------------------------

def _submitted(keys) -> QuerySet[QuizAttempt]:
    # Answers and order can be large and are never shown here.
    return (QuizAttempt.objects.filter(status=AttemptStatus.SUBMITTED, quiz_key__in=list(keys))
            .select_related("user__profile").defer("answers", "order"))


def _holders(session: TrainingSession) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(session=session, status__in=EnrollmentStatus.holding_seat())


def _session_attempts(*, session: TrainingSession, keys) -> list[QuizAttempt]:
    """Pre/post-tests taken for the session, and other quizzes taken by people holding a place on it.

    Graded quizzes and self-assessments are not tied to a session, so the people decide.
    """
    holders = _holders(session).values("user_id")
    return list(_submitted(keys).filter(Q(session=session) | Q(session__isnull=True, user_id__in=holders)))


@dataclass(frozen=True)
class Definitions:
    """What the versions of one quiz say, newest first with the reader's language preferred."""

    ordered: list[dict]
    maxima: dict[int, dict]  # version id → question id → points possible
    bands_of: dict[int, list]  # version id → its result bands

    @property
    def questions(self) -> list[results.QuestionInfo]:
        return results.question_catalogue(self.ordered)

    @property
    def bands(self) -> list[dict]:
        return self.ordered[0]["bands"] if self.ordered else []


NO_DEFINITIONS = Definitions(ordered=[], maxima={}, bands_of={})


def _definitions(keys) -> dict[UUID, Definitions]:
    rows = (QuizVersion.objects.filter(quiz_key__in=list(keys)).order_by("-created_at", "-pk")
            .values("pk", "quiz_key", "definition", "quiz__locale__language_code"))
    by_key: dict[UUID, list[dict]] = defaultdict(list)
    for row in rows:
        by_key[row["quiz_key"]].append(row)
    language = get_language()

    def reader_first(row: dict) -> bool:
        return row["quiz__locale__language_code"] != language

    return {key: Definitions(
        ordered=[row["definition"] for row in sorted(versions, key=reader_first)],
        maxima={row["pk"]: results.question_maxima(row["definition"]) for row in versions},
        bands_of={row["pk"]: row["definition"]["bands"] for row in versions},
    ) for key, versions in by_key.items()}


def _by_quiz(attempts: list[QuizAttempt]) -> dict[UUID, list[QuizAttempt]]:
    grouped: dict[UUID, list[QuizAttempt]] = defaultdict(list)
    for attempt in attempts:
        grouped[attempt.quiz_key].append(attempt)
    return grouped


@dataclass(frozen=True)
class Answered:
    """What a self-assessment summary reads from an attempt, with the band named as shown."""

    user_id: int
    band: str
    question_scores: dict


def _self_assessment(counted: dict, definitions: Definitions | None) -> results.SelfAssessmentSummary:
    definitions = definitions or NO_DEFINITIONS
    answered = [Answered(user_id=attempt.user_id, question_scores=attempt.question_scores,
                         band=results.shown_band(label=attempt.band, own_bands=definitions.bands_of.get(
                             attempt.version_id, []), shown_bands=definitions.bands))
                for attempt in counted.values()]
    return results.self_assessment_summary(counted=answered, bands=definitions.bands,
                                           statements=definitions.questions)


# --- A session's overview --------------------------------------------------------------------------

@dataclass(frozen=True)
class GainRow:
    name: str
    email: str
    organisation: str
    gain: results.Gain
    user_id: int | None = None  # whose row: for the access log


@dataclass(frozen=True)
class GainReport:
    pre: CourseQuiz | None
    post: CourseQuiz | None
    summary: results.GainSummary
    rows: list[GainRow]  # by name


@dataclass(frozen=True)
class QuizCard:
    quiz: CourseQuiz
    summary: results.QuizSummary | None  # not for self-assessments
    self_assessment: results.SelfAssessmentSummary | None  # only for self-assessments


@dataclass(frozen=True)
class SessionOverview:
    session: TrainingSession
    gains: list[GainReport]
    cards: list[QuizCard]


def _person(user) -> tuple[str, str, str]:
    """Name, email and organisation; `user.profile` comes from select_related (or is missing)."""
    profile = getattr(user, "profile", None)  # a missing profile raises an AttributeError subclass
    return display_name(user), user.email, profile.organisation if profile else ""


def _pairs(quizzes: list[CourseQuiz]) -> list[tuple[CourseQuiz | None, CourseQuiz | None]]:
    """Each post-test with its paired pre-test, then pre-tests no post-test is paired with."""
    by_key = {quiz.key: quiz for quiz in quizzes}
    pairs = [(by_key.get(quiz.pretest_key), quiz) for quiz in quizzes if quiz.kind == QuizKind.POST_TEST]
    paired = {pre.key for pre, _post in pairs if pre is not None}
    pairs += [(quiz, None) for quiz in quizzes if quiz.kind == QuizKind.PRE_TEST and quiz.key not in paired]
    return pairs


def _gain_report(pre: CourseQuiz | None, post: CourseQuiz | None, counted: dict[UUID, dict]) -> GainReport:
    pre_counted = counted.get(pre.key, {}) if pre else {}
    post_counted = counted.get(post.key, {}) if post else {}
    summary = results.knowledge_gain(pre=pre_counted, post=post_counted)
    rows = []
    for gain in summary.rows:
        user = (gain.pre or gain.post).user
        name, email, organisation = _person(user)
        rows.append(GainRow(name=name, email=email, organisation=organisation, gain=gain, user_id=user.pk))
    rows.sort(key=lambda row: (name_sort_key(row.name), row.email))
    return GainReport(pre=pre, post=post, summary=summary, rows=rows)


def session_overview(*, session: TrainingSession) -> SessionOverview:
    """Knowledge gain and one summary per quiz of the session's course. Needs `session.course` loaded."""
    quizzes = course_quizzes(course_key=session.course.translation_key)
    attempts = _by_quiz(_session_attempts(session=session, keys=[quiz.key for quiz in quizzes]))
    counted = {quiz.key: results.counted_attempts(kind=quiz.kind, attempts=attempts.get(quiz.key, []))
               for quiz in quizzes}
    self_keys = [quiz.key for quiz in quizzes if quiz.is_self_assessment]
    definitions = _definitions(self_keys) if self_keys else {}
    cards = []
    for quiz in quizzes:
        if quiz.is_self_assessment:
            cards.append(QuizCard(quiz=quiz, summary=None,
                                  self_assessment=_self_assessment(counted[quiz.key], definitions.get(quiz.key))))
        else:
            cards.append(QuizCard(quiz=quiz, summary=results.quiz_summary(counted[quiz.key].values()),
                                  self_assessment=None))
    gains = [_gain_report(pre, post, counted) for pre, post in _pairs(quizzes)]
    return SessionOverview(session=session, gains=gains, cards=cards)


# --- One quiz's results ----------------------------------------------------------------------------

@dataclass(frozen=True)
class QuestionRow:
    info: results.QuestionInfo
    share: results.QuestionShare | None  # None when no counted attempt had the question


@dataclass(frozen=True)
class ParticipantRow:
    name: str
    email: str
    organisation: str
    attempts: int  # submitted attempts
    counted: QuizAttempt | None  # None: holds a place but has not submitted
    session: TrainingSession | None  # the session a pre/post-test was taken for
    user_id: int | None = None  # whose row: for the access log


@dataclass(frozen=True)
class QuizReport:
    quiz: CourseQuiz
    summary: results.QuizSummary
    distribution: list[results.Bin]
    questions: list[QuestionRow]
    participants: list[ParticipantRow]  # by name

    @property
    def counted(self) -> list[QuizAttempt]:
        return [row.counted for row in self.participants if row.counted is not None]

    @property
    def counted_rows(self) -> list[ParticipantRow]:
        """The people with a counted attempt: those the results file lists."""
        return [row for row in self.participants if row.counted is not None]


def _quiz_report(*, quiz: CourseQuiz, attempts: list[QuizAttempt], holders: list[Enrollment],
                 sessions: dict[int, TrainingSession]) -> QuizReport:
    if quiz.is_self_assessment:
        raise ValueError("Self-assessment results are never listed per person.")
    counted = results.counted_attempts(kind=quiz.kind, attempts=attempts)
    submitted = Counter(results.person_key(attempt) for attempt in attempts)
    definitions = _definitions([quiz.key]).get(quiz.key, NO_DEFINITIONS)
    shares = results.question_shares(
        results.outcome_of(question_scores=a.question_scores, maxima=definitions.maxima.get(a.version_id, {}))
        for a in counted.values())
    rows = [ParticipantRow(*_person(attempt.user), attempts=submitted[key], counted=attempt,
                           session=sessions.get(attempt.session_id), user_id=attempt.user_id)
            for key, attempt in counted.items()]
    with_results = {user_id for user_id, _session in counted}
    rows += [ParticipantRow(*_person(enrollment.user), attempts=0, counted=None, session=None,
                           user_id=enrollment.user_id)
             for enrollment in holders if enrollment.user_id not in with_results]
    rows.sort(key=lambda row: (name_sort_key(row.name), row.email))
    return QuizReport(
        quiz=quiz, summary=results.quiz_summary(counted.values()),
        distribution=results.score_distribution(attempt.percent for attempt in counted.values()),
        questions=[QuestionRow(info=info, share=shares.get(info.id)) for info in definitions.questions],
        participants=rows,
    )


def session_quiz_report(*, session: TrainingSession, quiz: CourseQuiz) -> QuizReport:
    """One quiz on one session: everyone holding a place is listed, with or without a result."""
    attempts = _session_attempts(session=session, keys=[quiz.key])
    holders = list(_holders(session).select_related("user__profile"))
    return _quiz_report(quiz=quiz, attempts=attempts, holders=holders, sessions={session.pk: session})


def quiz_report(*, quiz: CourseQuiz, session: TrainingSession | None = None,
                sessions: list[TrainingSession] = ()) -> QuizReport:
    """One quiz across every session and self-paced learner, or only on `session`.

    Only people with a submitted attempt are listed: this view is not a session's roster.
    """
    attempts = (_session_attempts(session=session, keys=[quiz.key]) if session is not None
                else list(_submitted([quiz.key])))
    return _quiz_report(quiz=quiz, attempts=attempts, holders=[],
                        sessions={known.pk: known for known in sessions})


def quiz_self_assessment(*, quiz: CourseQuiz, session: TrainingSession | None = None) -> results.SelfAssessmentSummary:
    """A self-assessment in aggregate only (and only for groups of MIN_GROUP or more)."""
    attempts = (_session_attempts(session=session, keys=[quiz.key]) if session is not None
                else list(_submitted([quiz.key])))
    counted = results.counted_attempts(kind=quiz.kind, attempts=attempts)
    return _self_assessment(counted, _definitions([quiz.key]).get(quiz.key))

