"""People for every app's tests: accounts with a verified address and a role. Each app's own builders live in its
test package's `factories.py` (pages in content and courses, records in enrollments and certificates)."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from content.roles import COORDINATOR, PARTICIPANT, REVIEWER, TRAINER

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def _role(name: str) -> factory.PostGeneration:
    """A post-generation `role` with a default group; a plain `role = NAME` would become a model kwarg."""

    def add_group(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=extracted or name))

    return factory.PostGeneration(add_group)


class ParticipantFactory(UserFactory):
    role = _role(PARTICIPANT)


class TrainerFactory(UserFactory):
    role = _role(TRAINER)


class CoordinatorFactory(UserFactory):
    role = _role(COORDINATOR)


class ReviewerFactory(UserFactory):
    role = _role(REVIEWER)
