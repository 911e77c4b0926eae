"""The demo's people: one log-in per role (`DEMO_USERS`, printed by `make run`), and the accounts of the people in
the background (attendees of the finished session, applicants to the call) that nobody logs in as.

Accounts are made by `enrollments.accounts.create_account`, as walk-ins and participant imports are: the
user, its verified address, its group and its profile. An account is looked up by address first and created
only when missing.
"""

from dataclasses import dataclass
from typing import Protocol

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from content.roles import COORDINATOR, PARTICIPANT, REVIEWER, TRAINER
from enrollments.accounts import create_account

DEMO_PASSWORD = "hromada-demo-2026"  # noqa: S105 - printed by `make run`, dev only
OBLAST = "dnipropetrovsk"  # where the people in the background live and work


@dataclass(frozen=True)
class DemoUser:
    """A demo log-in: who it is and the role it tries the site in."""

    email: str
    full_name: str
    role: str
    profession: str = ""
    organisation: str = ""
    oblast: str = ""
    community: str = ""


DEMO_USERS = (
    DemoUser("coordinator@example.org", "Олена Коваленко", COORDINATOR, "other", "ГО «Громада»", "kyiv_city", "Київ"),
    DemoUser("trainer@example.org", "Андрій Мельник", TRAINER, "psychologist", "ГО «Громада»", "dnipropetrovsk",
             "Дніпровська громада"),
    DemoUser("participant1@example.org", "Олександра Щербак", PARTICIPANT, "case_manager",
             "Центр надання соціальних послуг", "dnipropetrovsk", "Марганецька громада"),
    DemoUser("participant2@example.org", "Юрій Зінченко", PARTICIPANT, "social_worker",
             "Управління соціального захисту", "dnipropetrovsk", "Криворізька громада"),
    # A teacher from Kryvyi Rih: eligible for the demo open call (lms/demo/calls.py), which she applies to.
    DemoUser("participant3@example.org", "Марія Ткаченко", PARTICIPANT, "teacher", "Криворізький ліцей № 5",
             "dnipropetrovsk", "Криворізька громада"),
    DemoUser("reviewer@example.org", "Ганна Бойко", REVIEWER, "psychologist", "ГО «Громада»", "dnipropetrovsk",
             "Дніпровська громада"),
)


class BackgroundPerson(Protocol):
    """What a demo attendee or applicant tells about themselves."""

    email: str
    full_name: str
    profession: str
    organisation: str
    community: str


def email_of(role: str) -> str:
    """The address of the first demo log-in with this role (participant1 for participants)."""
    return next(demo.email for demo in DEMO_USERS if demo.role == role)


def emails_of(role: str) -> list[str]:
    return [demo.email for demo in DEMO_USERS if demo.role == role]


def account(email: str) -> AbstractBaseUser | None:
    """The account with this address, or None (the demo log-ins exist only when seeded with users)."""
    return get_user_model().objects.filter(email__iexact=email).first()


def seed_users() -> dict[str, AbstractBaseUser]:
    """The demo log-ins with verified addresses, created once; the first one of each role is returned by role."""
    by_role: dict[str, AbstractBaseUser] = {}
    for demo in DEMO_USERS:
        user = account(demo.email)
        if user is None:
            first, _, last = demo.full_name.partition(" ")
            user = create_account(email=demo.email, role=demo.role, password=DEMO_PASSWORD, verified=True,
                                  first_name=first, last_name=last, full_name=demo.full_name,
                                  profession=demo.profession, organisation=demo.organisation, oblast=demo.oblast,
                                  community=demo.community)
        by_role.setdefault(demo.role, user)
    return by_role


def background_account(person: BackgroundPerson) -> AbstractBaseUser:
    """The account of a person in the background (an attendee in `results`, an applicant in `calls`), created
    once: a verified address and no usable password, so nobody logs in as it."""
    user = account(person.email)
    if user is None:
        first, _, last = person.full_name.partition(" ")
        user = create_account(email=person.email, verified=True, first_name=first, last_name=last,
                              full_name=person.full_name, profession=person.profession,
                              organisation=person.organisation, oblast=OBLAST, community=person.community)
    return user


# What the people of the finished session told about themselves, with their consent to be described in reports
# (the demo project's report breaks its figures down by them): email → sex, age band, displacement status.
DEMOGRAPHICS = {
    "participant1@example.org": ("female", "35_44", "idp"),
    "participant2@example.org": ("male", "45_54", "host"),
    "attendee01@example.org": ("female", "25_34", "host"),
    "attendee02@example.org": ("male", "35_44", "idp"),
    "attendee03@example.org": ("female", "45_54", "host"),
    "attendee04@example.org": ("male", "55_64", "host"),
    "attendee05@example.org": ("female", "35_44", "idp"),
    "attendee06@example.org": ("female", "25_34", "host"),
    "attendee07@example.org": ("male", "35_44", "idp"),
    "attendee08@example.org": ("female", "45_54", "host"),
    "attendee09@example.org": ("male", "25_34", "idp"),
}


def describe_people() -> int:
    """Save what the demo people told about themselves through the profile form's service, with their consent;
    returns how many were described. Seeding again saves the same."""
    from enrollments.models import Profile
    from enrollments.services import update_profile

    described = 0
    for profile in Profile.objects.select_related("user").filter(user__email__in=DEMOGRAPHICS):
        sex, age_band, displacement = DEMOGRAPHICS[profile.user.email]
        data = {field: getattr(profile, field) for field in ("full_name", "profession", "organisation", "oblast",
                                                              "community")}
        update_profile(user=profile.user, reporting_consent=True, data={
            **data, "sex": sex, "age_band": age_band, "displacement_status": displacement, "disability": "no"})
        described += 1
    return described
