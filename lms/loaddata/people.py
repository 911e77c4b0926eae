"""Load participants and trainers: accounts with no usable password (nobody logs in as them), a verified address
at `LOAD_DOMAIN`, their role's group, and a profile. The reporting details (sex, age band, displacement,
disability) are filled only for the ~85 % who consented, as `enrollments.services.update_profile` keeps them."""

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from content.choices import Sex
from content.roles import PARTICIPANT, TRAINER
from enrollments.models import Profile
from lms.loaddata import vocabulary as words
from lms.loaddata.bulk import LOAD_DOMAIN, Weighted, Writer, at

UNUSABLE_PASSWORD = "!load-data"  # noqa: S105 - "!" starts a password nobody can log in with; fixed, so runs are identical


@dataclass(frozen=True)
class Person:
    """What later generators need to know about a load account, without loading it again."""

    pk: int
    email: str
    full_name: str
    profession: str
    organisation: str
    oblast: str
    community: str


def load_email(kind: str, number: int) -> str:
    return f"{kind}-{number:06d}@{LOAD_DOMAIN}"


def create_people(*, writer: Writer, rng: random.Random, participants: int, trainers: int,
                  today: date) -> tuple[list[Person], list[Person]]:
    """The participants and the trainers, in that order of numbering; returned as `Person` records."""
    oblasts = Weighted({oblast: weight for oblast, (weight, _cities) in words.OBLASTS.items()})
    professions, sexes = Weighted(words.PROFESSIONS), Weighted(words.SEX)
    drafts = [_draft(rng, "load", number, oblasts, professions, sexes, today) for number in range(1, participants + 1)]
    drafts += [_draft(rng, "load-trainer", number, oblasts, professions, sexes, today)
               for number in range(1, trainers + 1)]
    User = get_user_model()
    users = writer.insert(User, (User(username=draft["email"].split("@")[0], email=draft["email"],
                                      first_name=draft["first"], last_name=draft["last"], password=UNUSABLE_PASSWORD,
                                      date_joined=draft["joined"]) for draft in drafts), total=len(drafts))
    writer.insert(EmailAddress, (EmailAddress(user_id=user.pk, email=user.email, verified=True, primary=True)
                                 for user in users), total=len(users))
    groups = {group.name: group.pk for group in Group.objects.filter(name__in=(PARTICIPANT, TRAINER))}
    membership = User.groups.through
    roles = [PARTICIPANT] * participants + [TRAINER] * trainers
    writer.insert(membership, (membership(user_id=user.pk, group_id=groups[role])
                               for user, role in zip(users, roles, strict=True) if role in groups))
    consent = [rng.random() < words.CONSENT_SHARE for _draft in drafts]
    writer.insert(Profile, (_profile(rng, user.pk, draft, consented)
                            for user, draft, consented in zip(users, drafts, consent, strict=True)), total=len(users))
    people = [Person(pk=user.pk, email=user.email, full_name=draft["full_name"], profession=draft["profession"],
                     organisation=draft["organisation"], oblast=draft["oblast"], community=draft["community"])
              for user, draft in zip(users, drafts, strict=True)]
    return people[:participants], people[participants:]


def _draft(rng: random.Random, kind: str, number: int, oblasts: Weighted, professions: Weighted, sexes: Weighted,
           today: date) -> dict:
    sex = sexes.draw(rng)
    first = rng.choice(words.FIRST_NAMES[Sex.MALE if sex == Sex.MALE else Sex.FEMALE])
    last = rng.choice(words.SURNAMES)
    oblast = oblasts.draw(rng)
    city = rng.choice(words.OBLASTS[oblast][1])
    profession = professions.draw(rng)
    organisation = rng.choice(words.ORGANISATIONS[profession]).format(n=rng.randint(1, 60))
    joined = at(today - timedelta(days=rng.randint(0, 900)), time(rng.randint(8, 21), rng.randint(0, 59)))
    return {"email": load_email(kind, number), "first": first, "last": last, "full_name": f"{first} {last}",
            "sex": sex, "oblast": oblast, "community": city[2], "profession": profession,
            "organisation": f"{organisation}, {city[0]}", "joined": joined}


def _profile(rng: random.Random, user_id: int, draft: dict, consented: bool) -> Profile:
    profile = Profile(user_id=user_id, full_name=draft["full_name"], profession=draft["profession"],
                      organisation=draft["organisation"], oblast=draft["oblast"], community=draft["community"],
                      updated_at=draft["joined"])
    if consented:  # without consent the reporting details stay empty, as the profile form keeps them
        profile.reporting_consent_at = draft["joined"]
        profile.sex = draft["sex"]
        profile.age_band = rng.choices(list(words.AGE_BANDS), weights=list(words.AGE_BANDS.values()))[0]
        profile.displacement_status = rng.choices(list(words.DISPLACEMENT),
                                                  weights=list(words.DISPLACEMENT.values()))[0]
        profile.disability = rng.choices(list(words.DISABILITY), weights=list(words.DISABILITY.values()))[0]
    return profile
