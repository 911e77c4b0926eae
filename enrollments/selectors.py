"""Reads about learners: profile, progress through courses."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q
from wagtail.models import Locale

from enrollments.models import ModuleCompletion, Profile
from enrollments.progress import Progress, course_progress

if TYPE_CHECKING:
    from courses.models import CoursePage, ModulePage


def profile_for(*, user: AbstractBaseUser) -> Profile:
    """The user's profile, unsaved and empty if they have never filled it in."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        return Profile(user=user)


def completed_module_keys(*, user: AbstractBaseUser | AnonymousUser, course_key: UUID) -> set[UUID]:
    if not user.is_authenticated:
        return set()
    return set(
        ModuleCompletion.objects.filter(user=user, course_key=course_key).values_list("module_key", flat=True)
    )


def _in_reader_language(pages) -> list:
    """One page per translation key: the active language's, else the default language's, else any."""
    active = Locale.get_active().language_code
    preference = {active: 0, settings.LANGUAGE_CODE: 1}
    chosen: dict = {}
    for page in pages:
        rank = preference.get(page.locale.language_code, 2)
        if page.translation_key not in chosen or rank < chosen[page.translation_key][0]:
            chosen[page.translation_key] = (rank, page)
    return sorted((page for _, page in chosen.values()), key=lambda page: page.title)


def learning_overview(*, user: AbstractBaseUser) -> list[tuple[CoursePage, Progress, ModulePage | None]]:
    """Every course the user has started, with progress and where to continue.

    Courses show in the reader's language, or in their original language until they are translated.

    Three queries whatever the number of courses or modules.
    """
    from courses.models import CoursePage, ModulePage

    completions = ModuleCompletion.objects.filter(user=user).values_list("course_key", "module_key")
    completed_by_course: dict[UUID, set[UUID]] = {}
    for course_key, module_key in completions:
        completed_by_course.setdefault(course_key, set()).add(module_key)
    if not completed_by_course:
        return []

    courses = _in_reader_language(
        CoursePage.objects.live().filter(translation_key__in=completed_by_course).select_related("topic", "locale")
    )
    if not courses:
        return []
    in_any_course = Q()
    for course in courses:
        in_any_course |= Q(path__startswith=course.path, depth=course.depth + 1)
    modules = list(ModulePage.objects.live().filter(in_any_course).order_by("path"))

    overview = []
    for course in courses:
        course_modules = [m for m in modules if m.path.startswith(course.path)]
        progress = course_progress(
            module_keys=[m.translation_key for m in course_modules],
            completed_keys=completed_by_course[course.translation_key],
        )
        next_module = next((m for m in course_modules if m.translation_key == progress.next_key), None)
        overview.append((course, progress, next_module))
    return overview


def display_name(user) -> str:
    """How a person is named to trainers and in emails: profile name, account name, or email."""
    try:
        full_name = user.profile.full_name  # uses the select_related cache when present
    except Profile.DoesNotExist:
        full_name = ""
    return full_name or user.get_full_name() or user.email
