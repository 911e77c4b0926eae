"""Writes about learners: profile changes and module completion."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from enrollments.models import ModuleCompletion, Profile

if TYPE_CHECKING:
    from courses.models import ModulePage

REPORTING_FIELDS = ("sex", "age_band", "displacement_status", "disability")


@transaction.atomic
def update_profile(*, user: AbstractBaseUser, data: dict, reporting_consent: bool) -> Profile:
    """Save the profile. Reporting fields are kept only with consent; withdrawing it erases them."""
    profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
    for field in ("full_name", "profession", "organisation", "oblast", "community"):
        setattr(profile, field, data.get(field, ""))
    if reporting_consent:
        if profile.reporting_consent_at is None:
            profile.reporting_consent_at = timezone.now()
        for field in REPORTING_FIELDS:
            setattr(profile, field, data.get(field, ""))
    else:
        profile.reporting_consent_at = None
        for field in REPORTING_FIELDS:
            setattr(profile, field, "")
    profile.save()
    return profile


def mark_module_complete(*, user: AbstractBaseUser, module: ModulePage) -> ModuleCompletion:
    """Record that the user finished the module; marking it twice changes nothing."""
    course = module.get_parent()
    completion, _ = ModuleCompletion.objects.get_or_create(
        user=user, module_key=module.translation_key, defaults={"course_key": course.translation_key}
    )
    return completion


def mark_module_incomplete(*, user: AbstractBaseUser, module: ModulePage) -> None:
    ModuleCompletion.objects.filter(user=user, module_key=module.translation_key).delete()
