"""Reports keep their counts and breakdowns when a person's data is erased (`enrollments.signals.person_erased`):
their places are counted once more while the reporting details are still there, and those categories are kept
through every later refresh (`facts.keep_descriptions`, as when retention removes the details)."""

from django.dispatch import receiver

from enrollments.signals import person_erased
from lms.reports import facts


@receiver(person_erased, dispatch_uid="reports.keep_counts_of_erased_person")
def _person_erased(sender, *, user, **kwargs):
    facts.keep_descriptions([user.pk])
