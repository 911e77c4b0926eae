"""Reads behind the catalogue, course and module pages. Query counts stay flat as data grows."""

from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import QueryDict
from wagtail.models import Page

from courses.forms import CatalogueFilterForm
from courses.models import CourseIndexPage, CoursePage, ModulePage, QuizKind, QuizPage
from enrollments.models import AttemptStatus, QuizAttempt
from enrollments.progress import course_progress
from enrollments.selectors import completed_module_keys, upcoming_sessions

COURSES_PER_PAGE = 12


def catalogue_context(*, index_page: CourseIndexPage, params: QueryDict) -> dict:
    form = CatalogueFilterForm(params)
    courses = (
        CoursePage.objects.live().child_of(index_page)
        .select_related("topic", "cover_image")
        .prefetch_related("audiences")
        .order_by("path")
    )
    if form.is_valid():
        filters = form.cleaned_data
        if filters["topic"]:
            courses = courses.filter(topic=filters["topic"])
        if filters["audience"]:
            courses = courses.filter(audiences__profession=filters["audience"])
        if filters["language"]:
            courses = courses.filter(delivery_language=filters["language"])
        if filters["format"]:
            courses = courses.filter(format=filters["format"])
    page: PaginatorPage = Paginator(courses, COURSES_PER_PAGE).get_page(params.get("page"))
    return {"filter_form": form, "courses": page, "is_filtered": form.is_valid() and any(form.cleaned_data.values())}


def course_modules(course: CoursePage) -> list[ModulePage]:
    return list(ModulePage.objects.live().child_of(course).order_by("path"))


@dataclass(frozen=True)
class QuizLink:
    """A quiz listed on its course or module page, with the reader's own results when logged in."""

    page: QuizPage
    best: QuizAttempt | None = None  # self-assessments have no best: `last` is the one that counts
    last: QuizAttempt | None = None
    in_progress: bool = False


def _quiz_link(quiz: QuizPage, attempts: list[QuizAttempt]) -> QuizLink:
    submitted = [a for a in attempts if a.status == AttemptStatus.SUBMITTED]
    last = max(submitted, key=lambda a: (a.submitted_at, a.pk), default=None)
    best = None
    if quiz.kind != QuizKind.SELF_ASSESSMENT:
        best = max(submitted, key=lambda a: (a.percent, a.submitted_at, a.pk), default=None)
    return QuizLink(page=quiz, best=best, last=last,
                    in_progress=any(a.status == AttemptStatus.IN_PROGRESS for a in attempts))


def child_quizzes(*, parent: Page, user, other_children: int = 0) -> list[QuizLink]:
    """The live quizzes right under a course or module; two queries whatever the number of attempts.

    `other_children` are the children already known not to be quizzes (a course's modules): when the
    tree says the parent has no more than those, there is nothing to look up.
    """
    if parent.numchild <= other_children:
        return []
    quizzes = list(QuizPage.objects.live().child_of(parent).order_by("path"))
    attempts: dict = {quiz.translation_key: [] for quiz in quizzes}
    if quizzes and user.is_authenticated:
        rows = (QuizAttempt.objects.filter(user=user, quiz_key__in=list(attempts))
                .only("public_id", "quiz_key", "kind", "status", "number", "submitted_at", "score", "max_score",
                      "percent", "passed", "band"))
        for attempt in rows:
            attempts[attempt.quiz_key].append(attempt)
    return [_quiz_link(quiz, attempts[quiz.translation_key]) for quiz in quizzes]


def course_context(*, course: CoursePage, user) -> dict:
    modules = course_modules(course)
    completed = completed_module_keys(user=user, course_key=course.translation_key)
    progress = course_progress(module_keys=[m.translation_key for m in modules], completed_keys=completed)
    return {
        "modules": modules,
        "completed_keys": completed,
        "progress": progress,
        "continue_module": next((m for m in modules if m.translation_key == progress.next_key), None),
        "audiences": list(course.audiences.all()),
        "course_trainers": list(course.trainers.select_related("user__profile")),
        "sessions": upcoming_sessions(course=course),
        "quizzes": child_quizzes(parent=course, user=user, other_children=len(modules)),
    }


def module_context(*, module: ModulePage, user) -> dict:
    course = CoursePage.objects.live().parent_of(module).select_related("topic").first() or module.get_parent()
    modules = course_modules(course)
    position = next((i for i, m in enumerate(modules) if m.pk == module.pk), 0)
    completed = completed_module_keys(user=user, course_key=course.translation_key)
    return {
        "course": course,
        "modules": modules,
        "position": position + 1,
        "previous_module": modules[position - 1] if position > 0 else None,
        "next_module": modules[position + 1] if position + 1 < len(modules) else None,
        "is_completed": module.translation_key in completed,
        "completed_keys": completed,
        "progress": course_progress(module_keys=[m.translation_key for m in modules], completed_keys=completed),
        "quizzes": child_quizzes(parent=module, user=user),
    }
