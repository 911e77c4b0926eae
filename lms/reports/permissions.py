"""Who may open which report: people with `reports.view_report` (coordinators, M&E) see every session; a trainer
sees the figures of the sessions they train only; nobody else sees any. The participant-level export needs
`reports.export_participants` besides."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from enrollments.models import TrainingSession


@dataclass(frozen=True)
class Reach:
    """What a person's reports cover: everything, or the sessions they train (`trainer_id`)."""

    allowed: bool
    trainer_id: int | None = None


def report_reach(user: AbstractBaseUser | AnonymousUser) -> Reach:
    if not user.is_authenticated or not user.is_active:
        return Reach(allowed=False)
    if user.has_perm("reports.view_report"):
        return Reach(allowed=True)
    if TrainingSession.objects.filter(trainers=user).exists():
        return Reach(allowed=True, trainer_id=user.pk)
    return Reach(allowed=False)


def may_export_participants(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_authenticated and user.has_perm("reports.view_report") and user.has_perm(
        "reports.export_participants")
