"""Accounts made for someone else (`create_account`), filling in a profile's blanks, and allauth's adapter."""

import pytest
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from content.roles import PARTICIPANT, REVIEWER
from enrollments.accounts import AccountAdapter, create_account, fill_blank_profile_fields
from enrollments.models import Profile
from tests.enrollments.factories import ProfileFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def groups(user) -> list[str]:
    return list(user.groups.values_list("name", flat=True))


# --- create_account -------------------------------------------------------------------------------

def test_an_account_made_by_staff_is_a_participant_without_password_or_proven_address():
    user = create_account(email="olena@example.org", full_name="Олена Коваленко", oblast="kyiv_city")

    user.refresh_from_db()
    assert (user.email, user.username, groups(user)) == ("olena@example.org", "olena", [PARTICIPANT])
    assert not user.has_usable_password()
    assert not user.is_staff and not user.is_superuser
    assert (user.first_name, user.last_name) == ("", "")  # a typed-in name may be surname first: not split
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("olena@example.org", False, True)
    assert (user.profile.full_name, user.profile.oblast, user.profile.profession) == (
        "Олена Коваленко", "kyiv_city", "")


def test_a_demo_account_has_its_role_password_names_and_a_verified_address():
    user = create_account(email="reviewer@example.org", role=REVIEWER, password="hromada-demo-2026", verified=True,
                          first_name="Ганна", last_name="Бойко", full_name="Ганна Бойко", profession="psychologist")

    user.refresh_from_db()
    assert groups(user) == [REVIEWER]
    assert user.check_password("hromada-demo-2026")
    assert (user.first_name, user.last_name, user.profile.profession) == ("Ганна", "Бойко", "psychologist")
    assert EmailAddress.objects.get(user=user).verified is True


def test_usernames_stay_unique_and_fall_back_to_the_role_for_an_address_without_latin_letters():
    UserFactory(username="olena")

    taken = create_account(email="olena@example.org")
    cyrillic = create_account(email="олена@приклад.укр")

    assert taken.username != "olena" and taken.username.startswith("olena")
    assert cyrillic.username.startswith("participant")
    assert get_user_model().objects.filter(username__in=[taken.username, cyrillic.username]).count() == 2


def test_an_account_is_created_whole_or_not_at_all():
    users_before = get_user_model().objects.count()

    with pytest.raises(TypeError):
        create_account(email="olena@example.org", no_such_field="x")

    assert get_user_model().objects.count() == users_before
    assert not EmailAddress.objects.filter(email="olena@example.org").exists()


def test_a_missing_group_does_not_stop_the_account():
    user = create_account(email="olena@example.org", role="Renamed in the admin")

    assert groups(user) == [] and Profile.objects.filter(user=user).exists()


# --- fill_blank_profile_fields -------------------------------------------------------------------

def test_filling_blanks_never_overwrites_what_the_person_wrote():
    profile = ProfileFactory(full_name="Олександра Щербак", organisation="")

    fill_blank_profile_fields(user=profile.user, full_name="О. Щербак", organisation="ЦСС Марганець", oblast="")

    profile.refresh_from_db()
    assert (profile.full_name, profile.organisation, profile.oblast) == (
        "Олександра Щербак", "ЦСС Марганець", "dnipropetrovsk")


def test_filling_blanks_makes_the_profile_when_there_is_none():
    user = UserFactory()

    fill_blank_profile_fields(user=user, full_name="Юрій Зінченко", profession="")

    assert (user.profile.full_name, user.profile.profession) == ("Юрій Зінченко", "")


def test_filling_nothing_new_saves_nothing(django_assert_num_queries):
    profile = ProfileFactory()

    with django_assert_num_queries(1):  # the read; no write
        fill_blank_profile_fields(user=profile.user, full_name="Інше ім'я", oblast="")


# --- allauth's adapter ---------------------------------------------------------------------------

def test_allauth_uses_the_adapter_that_queues_its_emails():
    assert isinstance(get_adapter(), AccountAdapter)
