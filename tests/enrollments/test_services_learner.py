"""The learner's own records (enrollments/services.py): modules marked complete or not, and the profile."""

import pytest
from django.db import IntegrityError
from django.utils import timezone

from enrollments.models import ModuleCompletion, Profile
from enrollments.selectors import completed_module_keys
from enrollments.services import mark_module_complete, mark_module_incomplete, update_profile
from tests.courses.factories import translate_tree
from tests.enrollments.factories import ProfileFactory
from tests.factories import ParticipantFactory

WORK = {
    "full_name": "Ірина Бойко",
    "profession": "social_worker",
    "organisation": "Управління соціального захисту",
    "oblast": "kharkiv",
    "community": "Харківська громада",
}
REPORTING = {"sex": "female", "age_band": "35_44", "displacement_status": "idp", "disability": "no"}


# --- mark_module_complete / mark_module_incomplete ----------------------------------------------

def test_completion_records_translation_keys(tree, participant):
    module = tree.modules[0]

    completion = mark_module_complete(user=participant, module=module)

    assert completion.module_key == module.translation_key
    assert completion.course_key == tree.course.translation_key
    assert completion.user == participant


def test_marking_complete_twice_keeps_one_row(tree, participant):
    first = mark_module_complete(user=participant, module=tree.modules[0])
    second = mark_module_complete(user=participant, module=tree.modules[0])

    assert first.pk == second.pk
    assert first.completed_at == second.completed_at
    assert ModuleCompletion.objects.filter(user=participant).count() == 1


def test_database_refuses_a_duplicate_completion(tree, participant):
    mark_module_complete(user=participant, module=tree.modules[0])
    with pytest.raises(IntegrityError):
        ModuleCompletion.objects.create(user=participant, module_key=tree.modules[0].translation_key,
                                        course_key=tree.course.translation_key)


def test_completing_the_ukrainian_module_completes_the_english_one(tree, participant):
    english = translate_tree(tree)

    mark_module_complete(user=participant, module=tree.modules[0])

    completed = completed_module_keys(user=participant, course_key=english.course.translation_key)
    assert completed == {english.modules[0].translation_key}
    # And the other way round: the English page counts for the Ukrainian one, without a second row.
    mark_module_complete(user=participant, module=english.modules[0])
    assert ModuleCompletion.objects.filter(user=participant).count() == 1


def test_completions_are_per_learner(tree, participant):
    other = ParticipantFactory()
    mark_module_complete(user=other, module=tree.modules[0])
    assert completed_module_keys(user=participant, course_key=tree.course.translation_key) == set()


def test_mark_incomplete_removes_only_that_module(tree, participant):
    first, second = tree.modules
    mark_module_complete(user=participant, module=first)
    mark_module_complete(user=participant, module=second)

    mark_module_incomplete(user=participant, module=first)

    assert completed_module_keys(user=participant, course_key=tree.course.translation_key) == {
        second.translation_key,
    }


def test_mark_incomplete_is_harmless_when_nothing_was_completed(tree, participant):
    mark_module_incomplete(user=participant, module=tree.modules[0])
    assert not ModuleCompletion.objects.exists()


def test_mark_incomplete_on_the_english_page_reopens_the_ukrainian_module(tree, participant):
    english = translate_tree(tree)
    mark_module_complete(user=participant, module=tree.modules[0])

    mark_module_incomplete(user=participant, module=english.modules[0])

    assert not ModuleCompletion.objects.filter(user=participant).exists()


# --- update_profile ------------------------------------------------------------------------------

def test_profile_is_created_with_work_fields(participant):
    profile = update_profile(user=participant, data=WORK, reporting_consent=False)

    profile.refresh_from_db()
    assert profile.user == participant
    assert {field: getattr(profile, field) for field in WORK} == WORK
    assert not profile.has_reporting_consent


def test_consent_keeps_reporting_fields_and_records_when(participant):
    before = timezone.now()

    profile = update_profile(user=participant, data={**WORK, **REPORTING}, reporting_consent=True)

    profile.refresh_from_db()
    assert {field: getattr(profile, field) for field in REPORTING} == REPORTING
    assert before <= profile.reporting_consent_at <= timezone.now()
    assert profile.has_reporting_consent


def test_without_consent_reporting_fields_are_not_kept(participant):
    profile = update_profile(user=participant, data={**WORK, **REPORTING}, reporting_consent=False)

    profile.refresh_from_db()
    assert not any(getattr(profile, field) for field in REPORTING)
    assert profile.reporting_consent_at is None


def test_saving_again_with_consent_keeps_the_original_consent_time(participant):
    first = update_profile(user=participant, data={**WORK, **REPORTING}, reporting_consent=True)

    profile = update_profile(user=participant, data={**WORK, **REPORTING, "age_band": "45_54"},
                             reporting_consent=True)

    profile.refresh_from_db()
    assert profile.reporting_consent_at == first.reporting_consent_at
    assert profile.age_band == "45_54"


def test_withdrawing_consent_erases_reporting_fields_and_keeps_work_fields(participant):
    update_profile(user=participant, data={**WORK, **REPORTING}, reporting_consent=True)

    profile = update_profile(user=participant, data={**WORK, **REPORTING, "organisation": "ГО «Громада»"},
                             reporting_consent=False)

    profile.refresh_from_db()
    assert profile.reporting_consent_at is None
    assert not any(getattr(profile, field) for field in REPORTING)
    assert profile.organisation == "ГО «Громада»"
    assert profile.full_name == WORK["full_name"]
    assert Profile.objects.filter(user=participant).count() == 1


def test_update_profile_changes_the_existing_profile(participant):
    existing = ProfileFactory(user=participant)

    profile = update_profile(user=participant, data={**WORK, "community": "Ізюмська громада"},
                             reporting_consent=False)

    assert profile.pk == existing.pk
    profile.refresh_from_db()
    assert profile.community == "Ізюмська громада"
    assert profile.profession == "social_worker"


def test_missing_work_fields_are_cleared(participant):
    ProfileFactory(user=participant)
    profile = update_profile(user=participant, data={"full_name": "Ірина Бойко"}, reporting_consent=False)
    profile.refresh_from_db()
    assert (profile.full_name, profile.organisation, profile.oblast) == ("Ірина Бойко", "", "")
