"""Reviewing applications: what reviewers see, a call's rubric, scores side by side, and saving a review.

A call's stages and rubric are rows of the call (`content.Call`), the same in every language; marks are stored
by criterion id. The questions are on the call's pages: the Ukrainian page's set, in each page's words
(`questions_of`). A reviewer scores the application's current stage once; a submitted review is final, so nobody
revises their marks after reading the others'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from content.models import Call, CallCriterion, CallPage, CallStage
from enrollments.calls import rubric
from enrollments.calls.answers import Question, in_words_of, questions_from_stream
from enrollments.calls.models import Application, ApplicationStatus, Review
from enrollments.calls.transitions import IN_REVIEW
from enrollments.selectors import display_name

# Drafts are nobody's business but the applicant's; withdrawn applications only concern coordinators.
SHOWN_TO_REVIEWERS = (ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED, ApplicationStatus.ACCEPTED,
                      ApplicationStatus.REJECTED)
SHOWN_TO_COORDINATORS = (*SHOWN_TO_REVIEWERS, ApplicationStatus.WITHDRAWN)


# --- A call's pages, questions, stages and rubric --------------------------------------------------

def reference_page(call: Call) -> CallPage | None:
    """The call's page in the default language, whose questions the call asks; else its first page. One query."""
    pages = CallPage.objects.filter(call=call).select_related("locale").order_by("pk")
    return next((page for page in pages if page.locale.language_code == settings.LANGUAGE_CODE), None) or (
        pages[0] if pages else None)


def call_choices() -> list[Call]:
    """Every call, newest first, for the admin's filters."""
    return list(Call.objects.order_by("-created_at", "-pk"))


def rubric_of(call: Call) -> list[CallCriterion]:
    """The call's criteria, in order. One query."""
    return list(call.criteria.order_by("sort_order", "pk"))


def questions_of(page: CallPage) -> list[Question]:
    """What the call asks (its default-language page's questions), in `page`'s own wording. One query for the
    reference page; one more for a translation's questions, none for the reference page itself."""
    reference = reference_page(page.call) or page
    questions = questions_from_stream(reference.questions)
    if reference.pk == page.pk:
        return questions
    return in_words_of(questions, questions_from_stream(page.questions))


def questions_of_call(call: Call) -> list[Question]:
    """What the call asks, in the default language's words (reviewers and exports read every answer alike)."""
    reference = reference_page(call)
    return questions_from_stream(reference.questions) if reference is not None else []


def as_rubric(criteria) -> list[rubric.Criterion]:
    return [rubric.Criterion(key=str(criterion.pk), weight=criterion.weight, scale_max=criterion.scale_max)
            for criterion in criteria]


def stages_of(call: Call) -> list:
    """The call's stages, in order; applications move through them. One query, none when prefetched."""
    return sorted(call.stages.all(), key=lambda stage: (stage.sort_order or 0, stage.pk))


def stage_titles(calls) -> dict[int, list[str]]:
    """Stage titles in order, in the reader's language, by call id (one query)."""
    titles: dict[int, list[str]] = {call.pk: [] for call in calls}
    for stage in CallStage.objects.filter(call__in=list(titles)).order_by("call_id", "sort_order", "pk"):
        titles[stage.call_id].append(stage.title)
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
    application = Application.objects.select_for_update().get(pk=application.pk)
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
        if submit and review.marks == {key: int(mark) for key, mark in marks.items()} and review.comment == comment:
            return review  # the same review sent again (a double tap, a second tab): submitted once already
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
