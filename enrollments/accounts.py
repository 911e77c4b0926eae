"""People's accounts: the ones made for someone else (walk-ins, participant lists, the demo's people), and
allauth's adapter for the ones people make themselves.

An account made for someone else is a user, its address as allauth knows it, its role's group and a profile,
created together or not at all. Without a password the person sets one through the link of their welcome email
(`set_password_url`, allauth's reset-from-key page) or "Forgot your password?"; a password set through an emailed
link also proves the address is theirs (`verify_sole_address`). What we learn later about an existing account only
fills its blanks: what the person wrote themselves wins.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import transaction
from django.urls import reverse
from django.utils import translation

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


def set_password_url(user: AbstractBaseUser, *, language: str) -> str:
    """The absolute link where the person chooses a password: allauth's reset-from-key page, with the key a
    "Forgot your password?" email would carry. It works once, until the password changes, for
    PASSWORD_RESET_TIMEOUT."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    with translation.override(language):
        path = reverse("account_reset_password_from_key", kwargs={
            "uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def verify_sole_address(*, user: AbstractBaseUser) -> bool:
    """A password set through an emailed link proves the person reads the address it went to. With one address
    that is the one; with several we cannot tell which, so none is marked. Returns whether one was marked."""
    addresses = list(EmailAddress.objects.filter(user=user)[:2])
    if len(addresses) != 1 or addresses[0].verified:
        return False
    addresses[0].verified = True
    addresses[0].save(update_fields=["verified"])
    return True


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


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form with the password rules as plain sentences: allauth gives them as a <ul>, which inside
    the <p> the field is drawn in is invalid HTML (a screen reader and the W3C checker both stumble on it)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "password1" in self.fields:
            self.fields["password1"].help_text = " ".join(password_validation.password_validators_help_texts())
