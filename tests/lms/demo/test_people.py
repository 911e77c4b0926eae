"""The demo's people (lms/demo/people.py): one log-in per role, the accounts in the background nobody logs in as,
and the seed emailing none of them."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from content.roles import COORDINATOR, PARTICIPANT, REVIEWER, TRAINER
from lms.demo.people import DEMO_USERS


class TestSeededDemoPeople:
    """The seed runs once for these tests, in a transaction rolled back after the class."""

    @pytest.fixture(autouse=True)
    def _seeded(self, demo_output, db):
        pass

    def test_demo_users_have_their_roles_and_verified_addresses(self, demo_output):
        User = get_user_model()
        demo_emails = {demo.email for demo in DEMO_USERS}
        assert User.objects.filter(email__in=demo_emails).count() == len(DEMO_USERS) == 6
        # The other accounts attended the finished demo session (lms/demo/results.py) or applied to the call
        # (lms/demo/calls.py): no one logs in as them.
        assert not any(user.has_usable_password() for user in User.objects.exclude(email__in=demo_emails))
        assert sorted(d.role for d in DEMO_USERS) == sorted([COORDINATOR, TRAINER, PARTICIPANT, PARTICIPANT,
                                                             PARTICIPANT, REVIEWER])
        for demo in DEMO_USERS:
            user = User.objects.get(email=demo.email)
            assert list(user.groups.values_list("name", flat=True)) == [demo.role]
            address = EmailAddress.objects.get(user=user)
            assert (address.email, address.verified, address.primary) == (demo.email, True, True)
            assert user.has_usable_password()
            assert not user.is_superuser and not user.is_staff
            assert user.profile.full_name == demo.full_name
            assert demo.email in demo_output

    def test_the_reviewer_logs_in_with_the_demo_password_in_the_reviewer_group(self, demo_output):
        reviewer = get_user_model().objects.get(email="reviewer@example.org")

        assert list(reviewer.groups.values_list("name", flat=True)) == [REVIEWER]
        assert reviewer.check_password("hromada-demo-2026")
        assert EmailAddress.objects.get(user=reviewer).verified
        assert "reviewer@example.org" in demo_output

    def test_the_seed_emails_nobody(self, seeded_demo, mailoutbox):
        """Places and the coordinator's decisions go through services that email people (`enroll`,
        `move_application`): the seed asks them not to, so its commit would send nothing."""
        assert seeded_demo.on_commit  # the certificates' check after each mark and quiz, queued for the commit

        for callback in seeded_demo.on_commit:  # as the commit would
            callback()

        assert mailoutbox == []
