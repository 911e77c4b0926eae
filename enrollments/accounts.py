"""People's accounts: the ones made for someone else (walk-ins, participant lists, the demo's people), and
allauth's adapter for the ones people make themselves.

An account made for someone else is a user, its address as allauth knows it, its role's group and a profile,
created together or not at all. Without a password the person sets one through "Forgot your password?", which
also proves the address is theirs. What we learn later about an existing account only fills its blanks: what
the person wrote themselves wins.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import transaction

from content.roles import PARTICIPANT
from enrollments.mail import enqueue_message
from enrollments.models import Profile
from enrollments.selectors import greeting_name


@transaction.atomic
def create_account(*, email: str, role: str = PARTICIPANT, password: str | None = None, verified: bool = False,
                   first_name: str = "", last_name: str = "", **profile_fields: str) -> AbstractBaseUser:
    """A new account for `email` in the `role` group, with a primary address and a profile of `profile_fields`.

    No `password`: no usable one. `verified`: whether the address is known to be the person's; an address
    typed in by staff is not (a walk-in, an import), a demo person's made-up one needs no proof. The username
    is allauth's, unique, from the address. The caller has checked that no account has the address yet.
    """
    user = get_user_model()(email=email, first_name=first_name, last_name=last_name,
                            username=get_adapter().generate_unique_username([email, role.lower()]))
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    user.groups.add(*Group.objects.filter(name=role))  # a group renamed in the admin must not stop a walk-in
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    Profile.objects.create(user=user, **profile_fields)
    return user


def fill_blank_profile_fields(*, user: AbstractBaseUser, **fields: str) -> None:
    """Fill in the profile fields the person has left empty; never overwrite one, never write an empty value."""
    profile, _ = Profile.objects.get_or_create(user=user)
    changed = [name for name, value in fields.items() if value and not getattr(profile, name)]
    for name in changed:
        setattr(profile, name, fields[name])
    if changed:
        profile.save(update_fields=[*changed, "updated_at"])


class AccountAdapter(DefaultAccountAdapter):
    """allauth renders its emails from our templates (`templates/account/email/`), which greet the person by
    name and sign with the site's name; delivery goes through the task queue (`enrollments.mail`), which adds
    the HTML part."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context,
               "site_name": settings.WAGTAIL_SITE_NAME,
               "greeting_name": greeting_name(context.get("user"))}
        enqueue_message(self.render_mail(template_prefix, email, ctx))
