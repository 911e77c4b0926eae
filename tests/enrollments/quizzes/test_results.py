"""The pure rules for reading results: which attempt counts, distributions, per-question shares,
knowledge gain and the self-assessment privacy threshold."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from enrollments.quizzes.results import (
    MIN_GROUP,
    Counting,
    QuestionInfo,
    counted_attempts,
    counting_rule,
    knowledge_gain,
    mean,
    outcome_of,
    plain_text,
    question_catalogue,
    question_shares,
    quiz_summary,
    score_distribution,
    self_assessment_summary,
    share,
    shown_band,
)

T0 = datetime(2025, 3, 10, 9, 0)


@dataclass
class Taken:
    """Just what the rules read from an attempt."""

    user_id: int
    number: int = 1
    percent: Decimal | None = Decimal(50)
    score: Decimal = Decimal(3)
    passed: bool | None = False
    submitted_at: datetime | None = None
    session_id: int | None = None
    band: str = ""
    question_scores: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.submitted_at is None:
            self.submitted_at = T0 + timedelta(hours=self.number)


@pytest.mark.parametrize(("kind", "rule"), [
    ("pre_test", Counting.FIRST), ("post_test", Counting.FIRST), ("graded", Counting.BEST),
    ("self_assessment", Counting.LATEST),
])
def test_each_kind_has_its_counting_rule(kind, rule):
    assert counting_rule(kind) == rule


RETAKES = [Taken(1, number=1, percent=Decimal(40)), Taken(1, number=2, percent=Decimal(90)),
           Taken(1, number=3, percent=Decimal(60))]


@pytest.mark.parametrize(("kind", "counted_number"), [
    ("pre_test", 1),  # what they knew before, not a retake after seeing the questions
    ("post_test", 1),  # like with like: retakes would inflate the gain
    ("graded", 2),  # the best
    ("self_assessment", 3),  # how they are now
])
def test_the_counted_attempt_depends_on_the_kind(kind, counted_number):
    assert counted_attempts(kind=kind, attempts=RETAKES)[(1, None)].number == counted_number


def test_best_attempt_ties_go_to_the_earliest():
    attempts = [Taken(1, number=1, percent=Decimal(80)), Taken(1, number=2, percent=Decimal(80))]
    assert counted_attempts(kind="graded", attempts=reversed(attempts))[(1, None)].number == 1


def test_first_means_first_submitted_not_first_listed():
    late = Taken(1, number=1, submitted_at=T0 + timedelta(days=1))
    early = Taken(1, number=2, submitted_at=T0)
    assert counted_attempts(kind="pre_test", attempts=[late, early])[(1, None)] is early


def test_unsubmitted_attempts_never_count_and_people_are_counted_apart():
    attempts = [Taken(1, submitted_at=None), Taken(2), Taken(3, session_id=7), Taken(3, session_id=8)]
    attempts[0].submitted_at = None
    counted = counted_attempts(kind="pre_test", attempts=attempts)
    # Someone repeating a course on another session has a pre-test on each.
    assert set(counted) == {(2, None), (3, 7), (3, 8)}


@pytest.mark.parametrize(("values", "expected"), [
    ([], None), ([Decimal(1)], Decimal("1.0")), ([Decimal(1), Decimal(2)], Decimal("1.5")),
    ([Decimal("33.3"), Decimal("66.7"), Decimal(50)], Decimal("50.0")),
])
def test_mean(values, expected):
    assert mean(values) == expected


@pytest.mark.parametrize(("part", "whole", "expected"), [
    (0, 0, None), (1, 3, Decimal("33.3")), (2, 3, Decimal("66.7")),
])
def test_share(part, whole, expected):
    assert share(part, whole) == expected


@pytest.mark.parametrize(("percent", "bin_low"), [
    (Decimal(0), 0), (Decimal("9.9"), 0), (Decimal(10), 10), (Decimal("72.5"), 70), (Decimal("99.9"), 90),
    (Decimal(100), 90),
])
def test_a_score_falls_in_its_ten_point_bin(percent, bin_low):
    bins = score_distribution([percent])
    assert [b.low for b in bins if b.count] == [bin_low]


def test_distribution_has_ten_bins_with_shares_for_bar_widths():
    bins = score_distribution([Decimal(5), Decimal(15), Decimal(15), Decimal(100)])
    assert [(b.low, b.high) for b in bins][0] == (0, 9) and (bins[-1].low, bins[-1].high) == (90, 100)
    assert len(bins) == 10
    assert [b.count for b in bins] == [1, 2, 0, 0, 0, 0, 0, 0, 0, 1]
    assert [b.share for b in bins[:2]] == [Decimal("25.0"), Decimal("50.0")]
    assert all(b.share == 0 for b in score_distribution([]))


def test_quiz_summary_judges_by_the_snapshot_pass_mark():
    summary = quiz_summary([Taken(1, percent=Decimal(80), passed=True), Taken(2, percent=Decimal(65), passed=True),
                            Taken(3, percent=Decimal(30), passed=False)])
    assert (summary.people, summary.mean_percent, summary.passed, summary.passed_share) == \
        (3, Decimal("58.3"), 2, Decimal("66.7"))
    assert quiz_summary([]).passed_share is None


def test_plain_text_strips_tags_and_entities():
    assert plain_text("<p>Що таке <b>ІПП</b> &amp; план?</p>\n<p>Дайте  відповідь</p>") == \
        "Що таке ІПП & план? Дайте відповідь"


def _definition(*questions):
    return {"kind": "graded", "scale": [], "questions": [
        {"id": qid, "type": "single_choice", "prompt": f"<p>{prompt}</p>", "points": points}
        for qid, prompt, points in questions]}


def test_question_texts_come_from_the_newest_version_that_has_the_question():
    newest = _definition(("b", "B reworded", 2), ("c", "C new", 1))
    oldest = _definition(("a", "A removed", 1), ("b", "B original", 1))
    catalogue = question_catalogue([newest, oldest])
    assert [(q.id, q.number, q.text, q.max_points) for q in catalogue] == [
        ("b", 1, "B reworded", 2), ("c", 2, "C new", 1), ("a", 3, "A removed", 1)]


def test_question_shares_count_full_and_partial_points_against_each_version():
    maxima_v1, maxima_v2 = {"q1": Decimal(1), "q2": Decimal(2)}, {"q1": Decimal(1), "q2": Decimal(4)}
    outcomes = [
        outcome_of(question_scores={"q1": "1.00", "q2": "2.00"}, maxima=maxima_v1),  # both right
        outcome_of(question_scores={"q1": "0.00", "q2": "1.00"}, maxima=maxima_v1),  # q2 partly
        outcome_of(question_scores={"q1": "1.00", "q2": "2.00"}, maxima=maxima_v2),  # q2 is now worth 4: partly
        outcome_of(question_scores={}, maxima={"q1": Decimal(1)}),  # unscored counts as 0
    ]
    shares = question_shares(outcomes)
    assert (shares["q1"].attempts, shares["q1"].correct, shares["q1"].share_correct) == (4, 2, Decimal("50.0"))
    assert (shares["q2"].attempts, shares["q2"].correct, shares["q2"].partly) == (3, 1, 2)
    assert (shares["q2"].share_correct, shares["q2"].share_partly) == (Decimal("33.3"), Decimal("66.7"))


def test_knowledge_gain_per_person_and_for_the_session():
    pre = {1: Taken(1, score=Decimal(2), percent=Decimal("33.3"), passed=False),
           2: Taken(2, score=Decimal(4), percent=Decimal("66.7"), passed=False),
           3: Taken(3, score=Decimal(5), percent=Decimal("83.3"), passed=True)}  # no post-test
    post = {1: Taken(1, score=Decimal(5), percent=Decimal("83.3"), passed=True),
            2: Taken(2, score=Decimal("4.5"), percent=Decimal(75), passed=True),
            4: Taken(4, score=Decimal(6), percent=Decimal(100), passed=True)}  # missed the pre-test
    summary = knowledge_gain(pre=pre, post=post)
    by_person = {row.person: row for row in summary.rows}
    assert (by_person[1].points, by_person[1].percentage_points) == (Decimal(3), Decimal(50))
    assert (by_person[2].points, by_person[2].percentage_points) == (Decimal("0.5"), Decimal("8.3"))
    assert by_person[3].points is None and by_person[4].percentage_points is None
    assert (summary.with_both, summary.took_pre, summary.took_post) == (2, 3, 3)
    assert (summary.mean_pre_percent, summary.mean_post_percent) == (Decimal("50.0"), Decimal("79.2"))
    assert (summary.mean_gain_points, summary.mean_gain_percentage_points) == (Decimal("1.8"), Decimal("29.2"))
    # Pass shares among everyone who took each test.
    assert (summary.passed_pre_share, summary.passed_post_share) == (Decimal("33.3"), Decimal("100.0"))


def test_knowledge_gain_with_nobody_has_no_means():
    summary = knowledge_gain(pre={}, post={})
    assert summary.rows == [] and summary.mean_gain_points is None and summary.passed_pre_share is None


BANDS = [{"min": 0, "max": 3, "label": "Low"}, {"min": 4, "max": 6, "label": "Medium"},
         {"min": 7, "max": 9, "label": "High"}]
STATEMENTS = [QuestionInfo(id="s1", number=1, type="statement", text="Tired", max_points=Decimal(3)),
              QuestionInfo(id="s2", number=2, type="statement", text="New", max_points=Decimal(3))]


def _respondents(count: int, *, s2_from: int = 0) -> list[Taken]:
    return [Taken(person, band="High" if person % 2 else "Low",
                  question_scores={"s1": str(person % 4), **({"s2": "1"} if person >= s2_from else {})})
            for person in range(count)]


@pytest.mark.parametrize(("people", "visible"), [(0, False), (MIN_GROUP - 1, False), (MIN_GROUP, True), (12, True)])
def test_self_assessments_are_hidden_below_the_minimum_group(people, visible):
    summary = self_assessment_summary(counted=_respondents(people), bands=BANDS, statements=STATEMENTS)
    assert summary.visible is visible
    if not visible:
        assert (summary.bands, summary.statements, summary.respondents) == ([], [], None)


def test_the_same_person_twice_does_not_reach_the_threshold():
    attempts = [Taken(1, band="Low") for _ in range(MIN_GROUP)]
    assert not self_assessment_summary(counted=attempts, bands=BANDS, statements=STATEMENTS).visible


def test_self_assessment_aggregates_bands_and_statement_means():
    summary = self_assessment_summary(counted=_respondents(6, s2_from=3), bands=BANDS, statements=STATEMENTS)
    assert [(b.label, b.low, b.high, b.count, b.share) for b in summary.bands] == [
        ("Low", 0, 3, 3, Decimal("50.0")), ("Medium", 4, 6, 0, Decimal(0)), ("High", 7, 9, 3, Decimal("50.0"))]
    assert summary.respondents == 6
    s1, s2 = summary.statements
    assert (s1.mean, s1.respondents) == (Decimal("1.2"), 6)  # (0+1+2+3+0+1) / 6
    # Only three people saw the statement added later: its mean stays hidden.
    assert (s2.mean, s2.respondents) == (None, 3)


def test_a_band_no_longer_in_the_quiz_is_still_counted():
    attempts = _respondents(5)
    attempts[0].band = "Old band"
    summary = self_assessment_summary(counted=attempts, bands=BANDS, statements=[])
    assert ("Old band", None, 1) in [(b.label, b.low, b.count) for b in summary.bands]


@pytest.mark.parametrize(("label", "own", "expected"), [
    ("High", [{"min": 7, "max": 9, "label": "High"}], "Високе"),  # a translation: same range, new name
    ("High", [{"min": 6, "max": 9, "label": "High"}], "High"),  # the range was edited: keeps its label
    ("", [{"min": 7, "max": 9, "label": "High"}], ""),  # no band reached
])
def test_bands_are_matched_across_versions_by_their_score_range(label, own, expected):
    shown = [{"min": 0, "max": 6, "label": "Низьке"}, {"min": 7, "max": 9, "label": "Високе"}]
    assert shown_band(label=label, own_bands=own, shown_bands=shown) == expected
