"""Reads of pages behind the catalogue, course and module pages, and the courses on the home page. Query counts
stay flat as data grows.

What a reader did (progress, sessions, quiz results) is not read here: the pages ask the apps above through
hooks (see `courses.models`).
"""

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import QueryDict
from wagtail.models import Page

from content import public_cache
from content.models import HomePage
from courses.forms import CatalogueFilterForm
from courses.models import CourseIndexPage, CoursePage, ModulePage, QuizPage

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


def course_modules(course: Page, *, request=None) -> list[ModulePage]:
    """The course's live modules in order, without their bodies; once per generation with a request."""
    return public_cache.cached(
        ("modules", course.pk),
        lambda: list(ModulePage.objects.live().child_of(course).defer_streamfields().order_by("path")),
        request=request)


def child_quiz_pages(*, parent: Page, other_children: int = 0) -> list[QuizPage]:
    """The live quizzes right under a course or module; one query, none when there can be none.

    `other_children` are the children already known not to be quizzes (a course's modules): when the
    tree says the parent has no more than those, there is nothing to look up.
    """
    if parent.numchild <= other_children:
        return []
    return list(QuizPage.objects.live().child_of(parent).defer_streamfields().order_by("path"))


def course_context(*, course: CoursePage, request=None) -> dict:
    """The course page's own reads, the same for every reader (once per generation with a request: content.
    public_cache); what the reader did (progress, sessions, results) comes from hooks."""

    def read() -> dict:
        modules = list(ModulePage.objects.live().child_of(course).defer_streamfields().order_by("path"))
        return {
            "modules": modules,
            "audiences": list(course.audiences.all()),
            "course_trainers": list(course.trainers.select_related("user__profile")),
            "quiz_pages": child_quiz_pages(parent=course, other_children=len(modules)),
            "topic": course.topic if course.topic_id else None,
        }

    return public_cache.cached(("course", course.pk), read, request=request)


def module_context(*, module: ModulePage, request=None) -> dict:
    """The module page's own reads: its course, where it sits among the modules, its quizzes."""
    # The routing walk left the parent on the module (content/routing.py): no query for it, nor for the course's
    # own fields, which the page does not show.
    parent = module.get_parent()
    course = parent.specific_deferred if parent.live else parent
    modules = course_modules(course, request=request)
    position = next((i for i, m in enumerate(modules) if m.pk == module.pk), 0)
    return {
        "course": course,
        "modules": modules,
        "position": position + 1,
        "previous_module": modules[position - 1] if position > 0 else None,
        "next_module": modules[position + 1] if position + 1 < len(modules) else None,
        "quiz_pages": public_cache.cached(("quizzes", module.pk), lambda: child_quiz_pages(parent=module),
                                          request=request),
    }


def quiz_context(*, quiz: QuizPage) -> dict:
    """The quiz page's own reads; whether the reader may start it, and their attempts, come from hooks."""
    return {"parent_page": quiz.get_parent().specific, "question_count": len(quiz.questions)}


def featured_courses(*, home: HomePage) -> list[CoursePage]:
    """The editor's featured courses, in the home page's language, in the editor's order."""
    keys = [row.course.translation_key for row in home.featured_courses.select_related("course")]
    by_key = {
        course.translation_key: course
        for course in CoursePage.objects.live().filter(locale_id=home.locale_id, translation_key__in=keys)
        .select_related("topic", "cover_image")
    }
    return [by_key[key] for key in keys if key in by_key]


def home_courses_context(*, home: HomePage, request=None) -> dict:
    """What the home page shows of courses: the featured ones and the link to the catalogue under it (once per
    generation with a request: content.public_cache)."""
    return public_cache.cached(("home-courses", home.pk), lambda: {
        "featured": featured_courses(home=home),
        "catalogue": CourseIndexPage.objects.live().child_of(home).first(),
    }, request=request)
