"""Reviewing applications: what reviewers see, a call's rubric, scores side by side, and saving a review.

A call's stages and rubric are read from its version in the site's default language (`reference_call`):
a translation copies the criteria with new ids, and marks are stored by criterion id, so every review of
one call must use the same version. A reviewer scores the application's current stage once; a submitted
review is final, so nobody revises their marks after reading the others'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from enrollments.calls import rubric
from enrollments.calls.answers import Question, in_words_of, questions_from_stream
from enrollments.calls.models import Application, ApplicationStatus, Review
from enrollments.calls.transitions import IN_REVIEW
from enrollments.selectors import display_name

# Drafts are nobody's business but the applicant's; withdrawn applications only concern coordinators.
SHOWN_TO_REVIEWERS = (ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED, ApplicationStatus.ACCEPTED,
                      ApplicationStatus.REJECTED)
SHOWN_TO_COORDINATORS = (*SHOWN_TO_REVIEWERS, ApplicationStatus.WITHDRAWN)


# --- A call's reference version, stages and rubric -----------------------------------------------

def reference_call(call):
    """The call in the default language (or `call` itself when it has no such version)."""
    from content.models import CallPage

    if call.locale.language_code == settings.LANGUAGE_CODE:
        return call
    return (CallPage.objects.select_related("locale").filter(
        translation_key=call.translation_key, locale__language_code=settings.LANGUAGE_CODE).first() or call)


def call_choices() -> list:
    """One version of each call for filters and headings: the default-language one where it exists, newest first."""
    from content.models import CallPage

    chosen = {}
    for page in CallPage.objects.select_related("locale").order_by("-first_published_at", "-pk"):
        if page.translation_key not in chosen or page.locale.language_code == settings.LANGUAGE_CODE:
            chosen[page.translation_key] = page
    return list(chosen.values())


def rubric_of(call) -> list:
    """The criteria of the call's reference version, in order."""
    from content.models import CallCriterion

    return list(CallCriterion.objects.filter(page=reference_call(call)).order_by("sort_order", "pk"))


def questions_of(call) -> list[Question]:
    """What the call asks (its reference version's questions), in `call`'s own wording. No query for a reference
    version; one for a translation."""
    reference = reference_call(call)
    questions = questions_from_stream(reference.questions)
    if reference.pk == call.pk:
        return questions
    return in_words_of(questions, questions_from_stream(call.questions))


def as_rubric(criteria) -> list[rubric.Criterion]:
    return [rubric.Criterion(key=str(criterion.pk), weight=criterion.weight, scale_max=criterion.scale_max)
            for criterion in criteria]


def stages_in_words(own: list, reference: list) -> list:
    """The stages an applicant sees: a translation's own (its titles) when it lists as many as the reference
    version, whose stages applications move through; else the reference version's, so that "stage 2 of 3" and
    its title always match what reviewers see."""
    return own if len(own) == len(reference) else reference


def stages_of(call) -> list:
    """The call's stages (`stages_in_words`). No query more for a reference version; two for a translation."""
    own = list(call.stages.all())
    reference = reference_call(call)
    if reference.pk == call.pk:
        return own
    return stages_in_words(own, list(reference.stages.all()))


def stage_titles(calls) -> dict[UUID, list[str]]:
    """Stage titles in order, by call translation key, for reference versions of calls (one query)."""
    from content.models import CallStage

    titles: dict[UUID, list[str]] = {call.translation_key: [] for call in calls}
    keys = {call.pk: call.translation_key for call in calls}
    for page_id, title in (CallStage.objects.filter(page_id__in=keys).order_by("page_id", "sort_order", "pk")
                           .values_list("page_id", "title")):
        titles[keys[page_id]].append(title)
    return titles


def stage_label(titles: list[str], stage: int) -> str:
    """"2. Interview"; the bare number when the call no longer has that stage."""
    title = titles[stage] if stage < len(titles) else ""
    return f"{stage + 1}. {title}" if title else gettext("Stage %(number)d") % {"number": stage + 1}


# --- Lists ---------------------------------------------------------------------------------------

def visible_applications(*, sees_withdrawn: bool) -> QuerySet[Application]:
    return Application.objects.filter(status__in=SHOWN_TO_COORDINATORS if sees_withdrawn else SHOWN_TO_REVIEWERS)


def _submitted_reviews():
    """Submitted reviews of the outer application's current stage."""
    return Review.objects.filter(application=OuterRef("pk"), stage=OuterRef("stage"), submitted_at__isnull=False)


def with_scores(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Adds review_count and review_sum: the submitted reviews of each application's current stage."""
    reviews = _submitted_reviews().order_by().values("application")
    return queryset.annotate(
        review_count=Coalesce(Subquery(reviews.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                              Value(0)),
        review_sum=Subquery(reviews.annotate(total_sum=Sum("total")).values("total_sum")),
    )


def with_review_state(queryset: QuerySet[Application], *, user: AbstractBaseUser) -> QuerySet[Application]:
    """Adds the scores and the user's own review of the current stage: my_review (any) and my_submitted_at."""
    mine = Review.objects.filter(application=OuterRef("pk"), stage=OuterRef("stage"), reviewer=user)
    return with_scores(queryset).annotate(
        my_review=Exists(mine), my_submitted_at=Subquery(mine.values("submitted_at")[:1]))


def mean_of(application: Application) -> Decimal | None:
    """The mean total of an application annotated by `with_scores`, rounded as `rubric.aggregate` rounds it."""
    if not application.review_count or application.review_sum is None:
        return None
    return rubric.rounded(Decimal(application.review_sum) / application.review_count)


# --- One application's reviews -------------------------------------------------------------------

@dataclass(frozen=True)
class ReviewRow:
    """One submitted review as the detail page shows it: marks in rubric order, total, comment."""

    reviewer: str
    marks: list[int | None]
    total: Decimal | None
    comment: str
    submitted_at: datetime
    is_mine: bool


@dataclass(frozen=True)
class ReviewSheet:
    """The reviews of an application's current stage, and what the reader may see of them."""

    criteria: list
    rows: list[ReviewRow]  # empty while the others are hidden
    own: Review | None
    submitted: int
    others_hidden: bool
    averages: list[Decimal | None]  # per criterion, in rubric order
    summary: rubric.Aggregate


def criterion_averages(criteria, reviews: list[Review]) -> list[Decimal | None]:
    """The mean mark of each criterion over the given reviews, one decimal."""
    averages = []
    for criterion in criteria:
        marks = [review.marks[str(criterion.pk)] for review in reviews if str(criterion.pk) in review.marks]
        averages.append(rubric.rounded(Decimal(sum(marks)) / len(marks)) if marks else None)
    return averages


def review_sheet(*, application: Application, user: AbstractBaseUser, sees_all: bool, criteria=None) -> ReviewSheet:
    """Everyone's marks side by side, with their averages; a reviewer who has not submitted sees only a count."""
    criteria = rubric_of(application.call) if criteria is None else criteria
    reviews = list(application.reviews.filter(stage=application.stage).select_related("reviewer__profile")
                   .order_by("submitted_at", "pk"))
    own = next((review for review in reviews if review.reviewer_id == user.pk), None)
    submitted = [review for review in reviews if review.submitted_at is not None]
    hidden = not sees_all and (own is None or own.submitted_at is None)
    rows = [] if hidden else [
        ReviewRow(reviewer=display_name(review.reviewer), marks=[review.marks.get(str(c.pk)) for c in criteria],
                  total=review.total, comment=review.comment, submitted_at=review.submitted_at,
                  is_mine=review.reviewer_id == user.pk)
        for review in submitted]
    return ReviewSheet(
        criteria=criteria, rows=rows, own=own, submitted=len(submitted), others_hidden=hidden,
        averages=[None] * len(criteria) if hidden else criterion_averages(criteria, submitted),
        summary=rubric.aggregate([] if hidden else [r.total for r in submitted if r.total is not None]),
    )


# --- Scoring -------------------------------------------------------------------------------------

class ReviewRefused(Exception):
    """The review cannot be saved; the message says why, for the reviewer."""


@transaction.atomic
def save_review(*, application: Application, reviewer: AbstractBaseUser, marks: dict[str, int], comment: str,
                submit: bool, stage: int | None = None, now: datetime | None = None) -> Review:
    """Save the reviewer's draft of the current stage, or submit it (every criterion marked); submitted is final.

    `stage` is the stage the reviewer was looking at: if the application has moved on since, nothing is saved.
    """
    application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if application.status not in IN_REVIEW:
        raise ReviewRefused(gettext("Only submitted or shortlisted applications can be reviewed."))
    if stage is not None and stage != application.stage:
        raise ReviewRefused(gettext("The application has moved to another stage since you opened it. "
                                    "Your marks were not saved; open it again."))
    if application.applicant_id == reviewer.pk:
        raise ReviewRefused(gettext("You cannot review your own application."))
    review, _ = Review.objects.select_for_update().get_or_create(
        application=application, reviewer=reviewer, stage=application.stage)
    if review.submitted_at is not None:
        raise ReviewRefused(gettext("You have already submitted your review of this stage."))
    criteria = as_rubric(rubric_of(application.call))
    problems = rubric.check_marks(criteria=criteria, marks=marks)
    if not submit:  # a draft may leave criteria unmarked, but what it marks must be on the scale
        problems = [key for key in problems if key in marks]
    if problems:
        raise ReviewRefused(gettext("Give every criterion a mark on its scale.") if submit
                            else gettext("A mark is outside its scale."))
    review.marks = dict(marks)
    review.total = rubric.review_total(criteria=criteria, marks=marks)
    review.comment = comment
    review.submitted_at = (now or timezone.now()) if submit else None
    review.save()
    return review
