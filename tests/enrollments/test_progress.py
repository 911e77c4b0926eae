"""The progress rule, the services that record completion and profiles, and the learning overview."""

from uuid import uuid4

import pytest
from django.db import IntegrityError
from django.utils import timezone, translation
from wagtail.models import Locale

from enrollments.models import ModuleCompletion, Profile
from enrollments.progress import Progress, course_progress
from enrollments.selectors import completed_module_keys, learning_overview
from enrollments.services import mark_module_complete, mark_module_incomplete, update_profile
from tests.courses.factories import add_course, translate_tree
from tests.enrollments.factories import ProfileFactory
from tests.factories import ParticipantFactory

A, B, C, D = (uuid4() for _ in range(4))

WORK = {
    "full_name": "Ірина Бойко",
    "profession": "social_worker",
    "organisation": "Управління соціального захисту",
    "oblast": "kharkiv",
    "community": "Харківська громада",
}
REPORTING = {"sex": "female", "age_band": "35_44", "displacement_status": "idp", "disability": "no"}


@pytest.fixture
def learner(db):
    return ParticipantFactory()


# --- course_progress (pure) ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("module_keys", "completed", "expected"),
    [
        pytest.param([A, B, C], set(), Progress(total=3, completed=0, next_key=A), id="none-done"),
        pytest.param([A, B, C], {A}, Progress(total=3, completed=1, next_key=B), id="first-done"),
        pytest.param([A, B, C], {B, C}, Progress(total=3, completed=2, next_key=A), id="out-of-order"),
        pytest.param([A, B, C], {A, C}, Progress(total=3, completed=2, next_key=B), id="gap-in-the-middle"),
        pytest.param([A, B, C], {A, B, C}, Progress(total=3, completed=3, next_key=None), id="all-done"),
        pytest.param([], set(), Progress(total=0, completed=0, next_key=None), id="empty-course"),
        pytest.param([A, B], {A, D}, Progress(total=2, completed=1, next_key=B), id="ignores-removed"),
        pytest.param([], {A}, Progress(total=0, completed=0, next_key=None), id="empty-course-stale-key"),
    ],
)
def test_course_progress(module_keys, completed, expected):
    assert course_progress(module_keys=module_keys, completed_keys=completed) == expected


@pytest.mark.parametrize(
    ("total", "completed", "percent"),
    [(0, 0, 0), (3, 0, 0), (3, 1, 33), (3, 2, 67), (3, 3, 100), (6, 1, 17), (8, 1, 12), (8, 3, 38),
     (7, 7, 100)],
)
def test_percent_is_rounded_to_a_whole_number(total, completed, percent):
    assert Progress(total=total, completed=completed, next_key=None).percent == percent


@pytest.mark.parametrize(
    ("total", "completed", "started", "complete"),
    [(0, 0, False, False), (3, 0, False, False), (3, 1, True, False), (3, 3, True, True)],
)
def test_started_and_complete_flags(total, completed, started, complete):
    progress = Progress(total=total, completed=completed, next_key=None)
    assert progress.has_started is started
    assert progress.is_complete is complete


def test_course_order_decides_what_comes_next():
    keys = [C, A, B]
    assert course_progress(module_keys=keys, completed_keys={C}).next_key == A
    assert course_progress(module_keys=keys, completed_keys={C, B}).next_key == A


# --- mark_module_complete / mark_module_incomplete ----------------------------------------------

def test_completion_records_translation_keys(tree, learner):
    module = tree.modules[0]

    completion = mark_module_complete(user=learner, module=module)

    assert completion.module_key == module.translation_key
    assert completion.course_key == tree.course.translation_key
    assert completion.user == learner


def test_marking_complete_twice_keeps_one_row(tree, learner):
    first = mark_module_complete(user=learner, module=tree.modules[0])
    second = mark_module_complete(user=learner, module=tree.modules[0])

    assert first.pk == second.pk
    assert first.completed_at == second.completed_at
    assert ModuleCompletion.objects.filter(user=learner).count() == 1


def test_database_refuses_a_duplicate_completion(tree, learner):
    mark_module_complete(user=learner, module=tree.modules[0])
    with pytest.raises(IntegrityError):
        ModuleCompletion.objects.create(user=learner, module_key=tree.modules[0].translation_key,
                                        course_key=tree.course.translation_key)


def test_completing_the_ukrainian_module_completes_the_english_one(tree, learner):
    english = translate_tree(tree)

    mark_module_complete(user=learner, module=tree.modules[0])

    completed = completed_module_keys(user=learner, course_key=english.course.translation_key)
    assert completed == {english.modules[0].translation_key}
    # And the other way round: the English page counts for the Ukrainian one, without a second row.
    mark_module_complete(user=learner, module=english.modules[0])
    assert ModuleCompletion.objects.filter(user=learner).count() == 1


def test_completions_are_per_learner(tree, learner):
    other = ParticipantFactory()
    mark_module_complete(user=other, module=tree.modules[0])
    assert completed_module_keys(user=learner, course_key=tree.course.translation_key) == set()


def test_mark_incomplete_removes_only_that_module(tree, learner):
    first, second = tree.modules
    mark_module_complete(user=learner, module=first)
    mark_module_complete(user=learner, module=second)

    mark_module_incomplete(user=learner, module=first)

    assert completed_module_keys(user=learner, course_key=tree.course.translation_key) == {
        second.translation_key,
    }


def test_mark_incomplete_is_harmless_when_nothing_was_completed(tree, learner):
    mark_module_incomplete(user=learner, module=tree.modules[0])
    assert not ModuleCompletion.objects.exists()


def test_mark_incomplete_on_the_english_page_reopens_the_ukrainian_module(tree, learner):
    english = translate_tree(tree)
    mark_module_complete(user=learner, module=tree.modules[0])

    mark_module_incomplete(user=learner, module=english.modules[0])

    assert not ModuleCompletion.objects.filter(user=learner).exists()


# --- update_profile ------------------------------------------------------------------------------

def test_profile_is_created_with_work_fields(learner):
    profile = update_profile(user=learner, data=WORK, reporting_consent=False)

    profile.refresh_from_db()
    assert profile.user == learner
    assert {field: getattr(profile, field) for field in WORK} == WORK
    assert not profile.has_reporting_consent


def test_consent_keeps_reporting_fields_and_records_when(learner):
    before = timezone.now()

    profile = update_profile(user=learner, data={**WORK, **REPORTING}, reporting_consent=True)

    profile.refresh_from_db()
    assert {field: getattr(profile, field) for field in REPORTING} == REPORTING
    assert before <= profile.reporting_consent_at <= timezone.now()
    assert profile.has_reporting_consent


def test_without_consent_reporting_fields_are_not_kept(learner):
    profile = update_profile(user=learner, data={**WORK, **REPORTING}, reporting_consent=False)

    profile.refresh_from_db()
    assert not any(getattr(profile, field) for field in REPORTING)
    assert profile.reporting_consent_at is None


def test_saving_again_with_consent_keeps_the_original_consent_time(learner):
    first = update_profile(user=learner, data={**WORK, **REPORTING}, reporting_consent=True)

    profile = update_profile(user=learner, data={**WORK, **REPORTING, "age_band": "45_54"},
                             reporting_consent=True)

    profile.refresh_from_db()
    assert profile.reporting_consent_at == first.reporting_consent_at
    assert profile.age_band == "45_54"


def test_withdrawing_consent_erases_reporting_fields_and_keeps_work_fields(learner):
    update_profile(user=learner, data={**WORK, **REPORTING}, reporting_consent=True)

    profile = update_profile(user=learner, data={**WORK, **REPORTING, "organisation": "ГО «Громада»"},
                             reporting_consent=False)

    profile.refresh_from_db()
    assert profile.reporting_consent_at is None
    assert not any(getattr(profile, field) for field in REPORTING)
    assert profile.organisation == "ГО «Громада»"
    assert profile.full_name == WORK["full_name"]
    assert Profile.objects.filter(user=learner).count() == 1


def test_update_profile_changes_the_existing_profile(learner):
    existing = ProfileFactory(user=learner)

    profile = update_profile(user=learner, data={**WORK, "community": "Ізюмська громада"},
                             reporting_consent=False)

    assert profile.pk == existing.pk
    profile.refresh_from_db()
    assert profile.community == "Ізюмська громада"
    assert profile.profession == "social_worker"


def test_missing_work_fields_are_cleared(learner):
    ProfileFactory(user=learner)
    profile = update_profile(user=learner, data={"full_name": "Ірина Бойко"}, reporting_consent=False)
    profile.refresh_from_db()
    assert (profile.full_name, profile.organisation, profile.oblast) == ("Ірина Бойко", "", "")


# --- learning_overview ---------------------------------------------------------------------------

def test_overview_is_empty_before_any_module_is_completed(tree, learner):
    assert learning_overview(user=learner) == []


def test_overview_shows_progress_and_the_next_module(tree, learner):
    first, second = tree.modules
    mark_module_complete(user=learner, module=first)

    [(course, progress, next_module)] = learning_overview(user=learner)

    assert course.pk == tree.course.pk
    assert progress == Progress(total=2, completed=1, next_key=second.translation_key)
    assert progress.percent == 50
    assert next_module.pk == second.pk


def test_overview_of_a_finished_course_has_no_next_module(tree, learner):
    for module in tree.modules:
        mark_module_complete(user=learner, module=module)

    [(_, progress, next_module)] = learning_overview(user=learner)

    assert progress.is_complete
    assert progress.percent == 100
    assert next_module is None


def test_overview_follows_the_active_language(tree, learner):
    english = translate_tree(tree)
    mark_module_complete(user=learner, module=tree.modules[0])

    with translation.override("en"):
        [(course, progress, next_module)] = learning_overview(user=learner)

    assert course.pk == english.course.pk
    assert course.title == "Case management"
    assert progress.completed == 1
    assert next_module.pk == english.modules[1].pk
    [(course_uk, _, next_uk)] = learning_overview(user=learner)
    assert (course_uk.pk, next_uk.pk) == (tree.course.pk, tree.modules[1].pk)


def test_overview_shows_untranslated_courses_in_their_original_language(tree, learner):
    Locale.objects.get_or_create(language_code="en")
    mark_module_complete(user=learner, module=tree.modules[0])
    with translation.override("en"):
        [(course, progress, next_module)] = learning_overview(user=learner)

    assert course.pk == tree.course.pk
    assert progress.completed == 1
    assert next_module.pk == tree.modules[1].pk


def test_overview_prefers_the_active_language_translation(tree, learner):
    english = translate_tree(tree)
    mark_module_complete(user=learner, module=tree.modules[0])
    with translation.override("en"):
        [(course, _, next_module)] = learning_overview(user=learner)

    assert course.pk == english.course.pk
    assert next_module.pk == english.modules[1].pk


def test_overview_counts_only_live_modules(tree, learner):
    first, second = tree.modules
    mark_module_complete(user=learner, module=first)
    second.unpublish()

    [(_, progress, next_module)] = learning_overview(user=learner)

    assert progress == Progress(total=1, completed=1, next_key=None)
    assert next_module is None


def test_overview_lists_courses_by_title_and_keeps_their_modules_apart(tree, learner):
    other = add_course(tree.catalogue, slug="burnout-prevention", modules=3, title="Академія турботи")
    mark_module_complete(user=learner, module=tree.modules[1])
    mark_module_complete(user=learner, module=other.get_children().first())

    overview = learning_overview(user=learner)

    assert [(course.pk, progress.total, progress.completed) for course, progress, _ in overview] == [
        (other.pk, 3, 1), (tree.course.pk, 2, 1),
    ]
    assert overview[1][2].pk == tree.modules[0].pk


def start_courses(tree, learner, count: int) -> None:
    courses = [tree.course] + [
        add_course(tree.catalogue, slug=f"course-{n}", modules=3, title=f"Курс {n}") for n in range(count - 1)
    ]
    for course in courses:
        mark_module_complete(user=learner, module=course.get_children().first().specific)


@pytest.mark.parametrize("started", [1, 5])
def test_overview_query_count_does_not_grow(tree, learner, django_assert_max_num_queries, started):
    start_courses(tree, learner, started)

    with django_assert_max_num_queries(4):  # completions, locale, courses, modules
        overview = learning_overview(user=learner)
        assert len(overview) == started
        assert all(next_module is not None for _, _, next_module in overview)
