"""Scoring through the services: weighted totals, averages side by side, hidden marks, refusals."""

from decimal import Decimal

import pytest

from enrollments.calls import review
from enrollments.calls.models import Application, Review
from enrollments.calls.rubric import aggregate
from tests.content.factories import add_call, translate_call
from tests.enrollments.calls.reviewing import apply, marks, submit_review
from tests.enrollments.factories import ProfileFactory
from tests.factories import CoordinatorFactory, ReviewerFactory

pytestmark = pytest.mark.shared_tree  # every test here reads the same pages


@pytest.fixture
def call(tree):
    # Motivation weighs 2 on 0–5, experience 1 on 0–5.
    return add_call(tree.home)


@pytest.fixture
def application(call):
    return apply(call)


def test_a_submitted_review_stores_marks_by_criterion_and_the_weighted_total(application):
    reviewer = ReviewerFactory()
    saved = submit_review(application, reviewer, 5, 2, comment="Сильна мотивація.")
    saved.refresh_from_db()
    assert saved.marks == marks(application.call, 5, 2)
    assert saved.total == Decimal("80.0")  # (2·5/5 + 1·2/5) / 3
    assert saved.stage == 0 and saved.submitted_at is not None and saved.comment == "Сильна мотивація."


def test_a_draft_may_leave_criteria_unmarked_and_has_no_total(application):
    reviewer = ReviewerFactory()
    first = next(iter(marks(application.call, 4, 0)))
    draft = review.save_review(application=application, reviewer=reviewer, marks={first: 4}, comment="", submit=False)
    assert draft.submitted_at is None and draft.total is None and draft.marks == {first: 4}
    # Saving again updates the same draft: one review per reviewer and stage.
    review.save_review(application=application, reviewer=reviewer, marks=marks(application.call, 4, 3), comment="Ок",
                       submit=False)
    assert Review.objects.get().marks == marks(application.call, 4, 3)


@pytest.mark.parametrize(("values", "submit"), [
    ({"first": 6}, False),  # above the scale
    ({"first": -1}, False),
    ({"first": 5}, True),  # the second criterion unmarked
    ({"first": 5, "second": 5, "999999": 1}, True),  # a criterion the call does not have
])
def test_marks_off_the_rubric_are_refused_and_nothing_is_saved(application, values, submit):
    keys = list(marks(application.call, 0, 0))
    given = {keys[0] if key == "first" else keys[1] if key == "second" else key: value
             for key, value in values.items()}
    with pytest.raises(review.ReviewRefused):
        review.save_review(application=application, reviewer=ReviewerFactory(), marks=given, comment="", submit=submit)
    assert not Review.objects.exists()


def test_a_submitted_review_is_final(application):
    reviewer = ReviewerFactory()
    submit_review(application, reviewer, 3, 3)
    with pytest.raises(review.ReviewRefused):
        submit_review(application, reviewer, 5, 5)
    assert Review.objects.get().total == Decimal("60.0")


@pytest.mark.parametrize("status", ["draft", "accepted", "rejected", "withdrawn"])
def test_only_applications_in_review_can_be_scored(call, status):
    application = apply(call, status=status)
    with pytest.raises(review.ReviewRefused):
        submit_review(application, ReviewerFactory(), 3, 3)
    assert not Review.objects.exists()


def test_a_shortlisted_application_can_be_scored(call):
    application = apply(call, status="shortlisted")
    assert submit_review(application, ReviewerFactory(), 5, 5).total == Decimal("100.0")


def test_marks_for_a_stage_the_application_has_left_are_refused(application):
    Application.objects.filter(pk=application.pk).update(stage=1)
    with pytest.raises(review.ReviewRefused):
        review.save_review(application=application, reviewer=ReviewerFactory(), marks=marks(application.call, 1, 1),
                           comment="", submit=True, stage=0)
    assert not Review.objects.exists()


def test_nobody_reviews_their_own_application(application):
    with pytest.raises(review.ReviewRefused):
        submit_review(application, application.applicant, 5, 5)


def test_each_stage_gets_its_own_review(application):
    reviewer = ReviewerFactory()
    submit_review(application, reviewer, 5, 5)
    Application.objects.filter(pk=application.pk).update(stage=1)
    application.refresh_from_db()
    assert submit_review(application, reviewer, 1, 1).stage == 1
    assert Review.objects.filter(application=application).count() == 2


# --- Side by side ---------------------------------------------------------------------------------

def test_sheet_shows_totals_and_averages_side_by_side_once_the_reader_has_submitted(application):
    first, second = ReviewerFactory(first_name="Ірина", last_name="Коваль"), ReviewerFactory()
    submit_review(application, first, 5, 2, comment="Добре")  # 80.0
    submit_review(application, second, 4, 5)  # 86.7
    sheet = review.review_sheet(application=application, user=first, sees_all=False)
    assert not sheet.others_hidden
    assert [(row.reviewer, row.marks, row.total, row.is_mine) for row in sheet.rows] == [
        ("Ірина Коваль", [5, 2], Decimal("80.0"), True), (second.email, [4, 5], Decimal("86.7"), False)]
    assert sheet.averages == [Decimal("4.5"), Decimal("3.5")]
    assert sheet.summary == aggregate([Decimal("80.0"), Decimal("86.7")])
    assert sheet.summary.mean == Decimal("83.4") and sheet.summary.lowest == Decimal("80.0")


def test_reviewers_are_named_as_trainers_and_rosters_name_people_by_their_profile_name_first(application):
    reviewer = ReviewerFactory(first_name="Ira", last_name="K")
    ProfileFactory(user=reviewer, full_name="Ірина Коваль")
    submit_review(application, reviewer, 5, 2)
    sheet = review.review_sheet(application=application, user=reviewer, sees_all=False)
    assert [row.reviewer for row in sheet.rows] == ["Ірина Коваль"]


def test_a_reviewer_sees_only_a_count_before_submitting_their_own(application):
    reviewer = ReviewerFactory()
    submit_review(application, ReviewerFactory(), 5, 5)
    review.save_review(application=application, reviewer=reviewer, marks={}, comment="чернетка", submit=False)
    sheet = review.review_sheet(application=application, user=reviewer, sees_all=False)
    assert sheet.others_hidden and sheet.rows == [] and sheet.submitted == 1
    assert sheet.summary.mean is None and sheet.averages == [None, None]
    assert sheet.own.comment == "чернетка"


def test_coordinators_see_every_review_without_scoring(application):
    submit_review(application, ReviewerFactory(), 5, 5)
    sheet = review.review_sheet(application=application, user=CoordinatorFactory(), sees_all=True)
    assert not sheet.others_hidden and [row.total for row in sheet.rows] == [Decimal("100.0")]


def test_drafts_and_earlier_stages_do_not_count(application):
    submit_review(application, ReviewerFactory(), 0, 0)
    Application.objects.filter(pk=application.pk).update(stage=1)
    application.refresh_from_db()
    review.save_review(application=application, reviewer=ReviewerFactory(), marks=marks(application.call, 5, 5),
                       comment="", submit=False)
    submit_review(application, ReviewerFactory(), 5, 0)  # 66.7
    sheet = review.review_sheet(application=application, user=CoordinatorFactory(), sees_all=True)
    assert sheet.submitted == 1 and sheet.summary.mean == Decimal("66.7")


def test_list_annotations_agree_with_the_rubric_aggregate(call, application):
    other = apply(call, name="Інша Заявниця")
    reviewer = ReviewerFactory()
    for values in ((5, 2), (4, 5), (3, 3)):
        submit_review(application, ReviewerFactory(), *values)
    review.save_review(application=other, reviewer=reviewer, marks={}, comment="", submit=False)
    rows = {row.pk: row for row in review.with_review_state(Application.objects.all(), user=reviewer)}
    expected = aggregate([r.total for r in Review.objects.filter(application=application)])
    assert rows[application.pk].review_count == 3 and review.mean_of(rows[application.pk]) == expected.mean
    assert rows[other.pk].review_count == 0 and review.mean_of(rows[other.pk]) is None
    assert rows[other.pk].my_review and rows[other.pk].my_submitted_at is None
    assert not rows[application.pk].my_review


def test_an_application_from_the_english_page_is_reviewed_on_the_calls_one_rubric(tree, call):
    english = translate_call(call, title="Teachers for the team")
    application = apply(english)
    assert application.call == call.call == english.call
    assert review.reference_page(call.call).pk == call.pk  # its questions are the Ukrainian page's
    assert [c.pk for c in review.rubric_of(english.call)] == [int(key) for key in marks(call, 0, 0)]
    saved = review.save_review(application=application, reviewer=ReviewerFactory(), marks=marks(call, 5, 5), comment="",
                               submit=True)
    assert saved.total == Decimal("100.0")
