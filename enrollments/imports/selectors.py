"""Reads for an import: who already has an account, and who is already on the session."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from enrollments.models import Enrollment, TrainingSession


def accounts_by_email(*, emails: list[str]) -> dict[str, AbstractBaseUser]:
    """The existing account for each of the (lower-case) addresses, by account or allauth address. Two queries."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.db.models.functions import Lower

    wanted = {email.lower() for email in emails}
    found: dict[str, AbstractBaseUser] = {}
    users = get_user_model().objects.annotate(email_lower=Lower("email")).filter(email_lower__in=wanted)
    for user in users.order_by("pk"):
        found.setdefault(user.email_lower, user)
    addresses = EmailAddress.objects.annotate(email_lower=Lower("email")).filter(
        email_lower__in=wanted - set(found)).select_related("user").order_by("-primary", "pk")
    for address in addresses:
        found.setdefault(address.email_lower, address.user)
    return found


def statuses_by_email(*, session: TrainingSession, users: dict[str, AbstractBaseUser]) -> dict[str, str]:
    """Each account's current status on the session (none if not on it), keyed like `users`. One query."""
    status_by_user = dict(
        Enrollment.objects.filter(session=session, user__in=list(users.values())).values_list("user_id", "status")
    )
    return {email: status_by_user[user.pk] for email, user in users.items() if user.pk in status_by_user}
