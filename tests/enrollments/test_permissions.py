"""Who may run a session's roster: its trainers, coordinators and superusers, nobody else."""

import pytest
from django.contrib.auth.models import AnonymousUser

from enrollments.models import TrainingSession
from enrollments.permissions import can_manage_session, is_coordinator, sessions_managed_by
from tests.enrollments.factories import TrainingSessionFactory
from tests.factories import CoordinatorFactory, ParticipantFactory, TrainerFactory, UserFactory

pytestmark = pytest.mark.django_db



@pytest.fixture
def own(trainer):
    return TrainingSessionFactory(trainers=[trainer], days=0)


@pytest.fixture
def others():
    return TrainingSessionFactory(trainers=[TrainerFactory()], days=0)


def test_a_trainer_manages_only_their_own_sessions(trainer, own, others):
    assert can_manage_session(trainer, own) is True
    assert can_manage_session(trainer, others) is False
    assert list(sessions_managed_by(trainer)) == [own]


def test_a_trainer_of_two_sessions_sees_each_once(trainer, own):
    second = TrainingSessionFactory(trainers=[trainer, TrainerFactory()], days=0)

    assert sorted(s.pk for s in sessions_managed_by(trainer)) == sorted([own.pk, second.pk])


@pytest.mark.parametrize("make_user", [CoordinatorFactory, lambda: UserFactory(is_superuser=True)],
                         ids=["coordinator", "superuser"])
def test_coordinators_and_superusers_manage_every_session(make_user, own, others):
    user = make_user()

    assert is_coordinator(user) is True
    assert can_manage_session(user, own) is True
    assert can_manage_session(user, others) is True
    assert set(sessions_managed_by(user)) == set(TrainingSession.objects.all())


def test_participants_manage_nothing_even_when_enrolled(own):
    participant = ParticipantFactory()
    own.enrollments.create(user=participant, status="enrolled")

    assert is_coordinator(participant) is False
    assert can_manage_session(participant, own) is False
    assert list(sessions_managed_by(participant)) == []


def test_a_trainer_group_member_without_the_session_is_not_its_trainer(own):
    assert can_manage_session(TrainerFactory(), own) is False


def test_anonymous_visitors_manage_nothing(own):
    anonymous = AnonymousUser()

    assert is_coordinator(anonymous) is False
    assert can_manage_session(anonymous, own) is False
    assert list(sessions_managed_by(anonymous)) == []


def test_the_coordinator_check_is_asked_once_per_user_object(django_assert_num_queries):
    coordinator = CoordinatorFactory()

    with django_assert_num_queries(1):
        assert is_coordinator(coordinator) is True
        assert is_coordinator(coordinator) is True
