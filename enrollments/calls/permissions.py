"""Who may see an application and its files: the applicant, reviewers and coordinators (and superusers)."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from enrollments.calls.models import Application
from enrollments.roles import COORDINATOR, REVIEWER


def reviews_applications(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Reviewers, coordinators and superusers see every application; cached on the user for the request."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_reviews_applications"):
        user._reviews_applications = user.groups.filter(name__in=[COORDINATOR, REVIEWER]).exists()
    return user._reviews_applications


def can_see_application(user: AbstractBaseUser | AnonymousUser, application: Application) -> bool:
    """True for the applicant, reviewers, coordinators and superusers; never for another applicant."""
    if not user.is_authenticated:
        return False
    return application.applicant_id == user.pk or reviews_applications(user)
