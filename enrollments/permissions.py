"""Who may run a training session's roster: its own trainers, coordinators and superusers."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from content.roles import COORDINATOR
from enrollments.models import TrainingSession


def is_coordinator(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Coordinators (and superusers) oversee every session; cached on the user for the request."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_is_coordinator"):
        user._is_coordinator = user.groups.filter(name=COORDINATOR).exists()
    return user._is_coordinator


def can_manage_session(user: AbstractBaseUser | AnonymousUser, session: TrainingSession) -> bool:
    """True for the session's trainers, coordinators and superusers."""
    if not user.is_authenticated:
        return False
    return is_coordinator(user) or session.trainers.filter(pk=user.pk).exists()


def sessions_managed_by(user: AbstractBaseUser | AnonymousUser) -> QuerySet[TrainingSession]:
    """Every session the user may open the roster of: all for coordinators, their own for trainers."""
    if not user.is_authenticated:
        return TrainingSession.objects.none()
    if is_coordinator(user):
        return TrainingSession.objects.all()
    return TrainingSession.objects.filter(trainers=user)
