"""Builders shared by the review, decision, email, export and admin tests of open calls."""

from django.utils import timezone

from content.models import CallCriterion
from enrollments.calls import review
from enrollments.models import Profile
from tests.enrollments.factories import ApplicationFactory
from tests.factories import ParticipantFactory


def criteria_of(call) -> list[CallCriterion]:
    """The rubric of a call, or of a call page's call, in order."""
    call_id = getattr(call, "call_id", call.pk)
    return list(CallCriterion.objects.filter(call_id=call_id).order_by("sort_order", "pk"))


def marks(call, *values: int) -> dict[str, int]:
    """Marks by criterion key, in rubric order."""
    return {str(criterion.pk): value for criterion, value in zip(criteria_of(call), values, strict=True)}


def submit_review(application, reviewer, *values: int, comment: str = ""):
    return review.save_review(application=application, reviewer=reviewer, marks=marks(application.call, *values),
                              comment=comment, submit=True)


def apply(call, *, name: str = "Олександра Щербак", email: str | None = None, **fields):
    """A submitted application to `call` from a new participant (profile with a different name, on purpose)."""
    applicant = ParticipantFactory(**({"email": email} if email else {}))
    Profile.objects.create(user=applicant, full_name="Профіль: не для рецензентів", organisation="Школа №1")
    fields.setdefault("submitted_at", timezone.now())
    return ApplicationFactory(call=call, applicant=applicant, full_name=name, **fields)
