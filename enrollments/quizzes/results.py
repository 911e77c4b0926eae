"""How quiz results are read: which attempt counts, score distributions, per-question shares,
knowledge gain between a pre-test and a post-test, and the privacy rule for self-assessments.

Pure functions over plain values. An "attempt" is anything with the attributes a function names
(`QuizAttempt` rows in the app, small dataclasses in the tests). Per cents are Decimals 0–100 and
every mean or share is rounded to one decimal place.
"""

import html
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.html import strip_tags

from enrollments.quizzes.scoring import question_max

# Below this many people, self-assessment results are not shown even in aggregate: with four or
# fewer, a trainer who knows who answered could work out a person's band.
MIN_GROUP = 5
BIN_WIDTH = 10
ZERO = Decimal(0)
TENTH = Decimal("0.1")


class Counting(StrEnum):
    FIRST = "first"
    BEST = "best"
    LATEST = "latest"


COUNTING = {
    # What people knew before the training: a retake after a bad start must not hide it.
    "pre_test": Counting.FIRST,
    # Compared with the first pre-test, so the first post-test too: retakes would inflate the gain.
    "post_test": Counting.FIRST,
    # A graded quiz is for learning: the best attempt shows what the person reached.
    "graded": Counting.BEST,
    # A self-check describes how someone is now.
    "self_assessment": Counting.LATEST,
}


def counting_rule(kind: str) -> Counting:
    """Which of a person's submitted attempts counts for a quiz of this kind."""
    return COUNTING.get(kind, Counting.BEST)


def person_key(attempt) -> tuple:
    """Whose result an attempt is: the person, and for pre/post-tests the session it was taken for.

    Someone who repeats a course on a later session gets a fresh pre- and post-test there.
    """
    return (attempt.user_id, attempt.session_id)


def counted_attempts(*, kind: str, attempts: Iterable) -> dict[tuple, object]:
    """The one submitted attempt that counts per `person_key`, by the quiz kind's rule.

    Needs `user_id`, `session_id`, `number`, `submitted_at` and `percent`. Attempts not submitted
    (no `submitted_at`) never count. Best = highest per cent, then the earliest of equal ones.
    """
    rule = counting_rule(kind)
    chosen: dict[tuple, object] = {}
    for attempt in attempts:
        if attempt.submitted_at is None:
            continue
        key = person_key(attempt)
        current = chosen.get(key)
        if current is None or _beats(rule, attempt, current):
            chosen[key] = attempt
    return chosen


def _beats(rule: Counting, candidate, current) -> bool:
    earlier = (candidate.submitted_at, candidate.number) < (current.submitted_at, current.number)
    if rule == Counting.FIRST:
        return earlier
    if rule == Counting.LATEST:
        return not earlier
    candidate_percent, current_percent = candidate.percent or ZERO, current.percent or ZERO
    return candidate_percent > current_percent or (candidate_percent == current_percent and earlier)


def mean(values: Iterable[Decimal]) -> Decimal | None:
    """The arithmetic mean rounded to 0.1, or None when there is nothing to average."""
    values = [Decimal(value) for value in values]
    if not values:
        return None
    return (sum(values, ZERO) / len(values)).quantize(TENTH, ROUND_HALF_UP)


def share(part: int, whole: int) -> Decimal | None:
    """`part` as a per cent of `whole`, rounded to 0.1; None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(TENTH, ROUND_HALF_UP)


# --- Distributions ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bin:
    low: int
    high: int  # inclusive, as printed: 0–9, 10–19, …, 90–100
    count: int
    share: Decimal  # per cent of everyone counted, for the bar's width


def score_distribution(percents: Iterable[Decimal]) -> list[Bin]:
    """Counts in ten-point bins; 100 % falls in the last bin, 9.9 % in the first."""
    counts = [0] * (100 // BIN_WIDTH)
    for percent in percents:
        clamped = min(max(Decimal(percent), ZERO), Decimal(100))
        counts[min(int(clamped // BIN_WIDTH), len(counts) - 1)] += 1
    total = sum(counts)
    return [Bin(low=index * BIN_WIDTH, high=100 if index == len(counts) - 1 else index * BIN_WIDTH + BIN_WIDTH - 1,
                count=count, share=share(count, total) or ZERO)
            for index, count in enumerate(counts)]


@dataclass(frozen=True)
class QuizSummary:
    people: int
    mean_percent: Decimal | None
    passed: int
    passed_share: Decimal | None  # None for self-assessments and when nobody took it


def quiz_summary(counted: Iterable) -> QuizSummary:
    """People counted, their mean per cent and the share who passed (by each attempt's snapshot)."""
    counted = list(counted)
    judged = [attempt for attempt in counted if attempt.passed is not None]
    passed = sum(1 for attempt in judged if attempt.passed)
    return QuizSummary(people=len(counted), mean_percent=mean(a.percent for a in counted if a.percent is not None),
                       passed=passed, passed_share=share(passed, len(judged)))


# --- Questions -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QuestionInfo:
    id: str
    number: int  # Q1, Q2, … in the order of the newest version, older-only questions after
    type: str
    text: str  # plain text, tags stripped
    max_points: Decimal


def plain_text(prompt: str) -> str:
    """A question prompt (sanitised HTML) as one line of plain text."""
    return " ".join(html.unescape(strip_tags(prompt or "")).split())


def question_catalogue(definitions: Sequence[dict]) -> list[QuestionInfo]:
    """Every question found in the definitions, given newest (or most fitting) first.

    A question's text and points come from the first definition that has it, so the wording shown
    is the latest; questions since removed keep their last wording and come at the end.
    """
    found: dict[str, QuestionInfo] = {}
    for definition in definitions:
        for question in definition["questions"]:
            if question["id"] not in found:
                found[question["id"]] = QuestionInfo(
                    id=question["id"], number=len(found) + 1, type=question["type"],
                    text=plain_text(question["prompt"]), max_points=question_max(definition=definition,
                                                                                 question=question))
    return list(found.values())


def question_maxima(definition: dict) -> dict[str, Decimal]:
    """The points each question of one version is worth."""
    return {q["id"]: question_max(definition=definition, question=q) for q in definition["questions"]}


@dataclass(frozen=True)
class QuestionShare:
    question_id: str
    attempts: int  # counted attempts whose version had the question
    correct: int  # full points
    partly: int  # some points, not all
    share_correct: Decimal | None
    share_partly: Decimal | None


def question_shares(outcomes: Iterable[Mapping[str, tuple[Decimal, Decimal]]]) -> dict[str, QuestionShare]:
    """Per question id, the share of attempts with full points and with some points.

    Each outcome maps question id → (points earned, points possible) for one counted attempt, read
    against that attempt's own version: a question reworded or re-weighted later is judged as it was.
    """
    tally: dict[str, list[int]] = {}
    for outcome in outcomes:
        for question_id, (points, maximum) in outcome.items():
            counts = tally.setdefault(question_id, [0, 0, 0])
            counts[0] += 1
            if maximum > 0 and points >= maximum:
                counts[1] += 1
            elif ZERO < points < maximum:
                counts[2] += 1
    return {question_id: QuestionShare(question_id=question_id, attempts=n, correct=correct, partly=partly,
                                       share_correct=share(correct, n), share_partly=share(partly, n))
            for question_id, (n, correct, partly) in tally.items()}


def outcome_of(*, question_scores: Mapping[str, str], maxima: Mapping[str, Decimal]) -> dict[str, tuple]:
    """One attempt's (points, possible) per question of its version; an unscored question earned 0."""
    return {question_id: (Decimal(question_scores.get(question_id, "0")), maximum)
            for question_id, maximum in maxima.items()}


# --- Knowledge gain --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Gain:
    person: Hashable
    pre: object | None  # the counted pre-test attempt
    post: object | None  # the counted post-test attempt

    @property
    def both(self) -> bool:
        return self.pre is not None and self.post is not None

    @property
    def points(self) -> Decimal | None:
        return self.post.score - self.pre.score if self.both else None

    @property
    def percentage_points(self) -> Decimal | None:
        return self.post.percent - self.pre.percent if self.both else None


@dataclass(frozen=True)
class GainSummary:
    rows: list[Gain]
    with_both: int
    took_pre: int
    took_post: int
    mean_pre_percent: Decimal | None  # over the people with both tests, so the means compare like with like
    mean_post_percent: Decimal | None
    mean_gain_points: Decimal | None
    mean_gain_percentage_points: Decimal | None
    passed_pre: int
    passed_post: int
    passed_pre_share: Decimal | None  # among everyone who took the pre-test
    passed_post_share: Decimal | None  # among everyone who took the post-test


def knowledge_gain(*, pre: Mapping[Hashable, object], post: Mapping[Hashable, object]) -> GainSummary:
    """Post − pre per person (points and percentage points) and for the group.

    `pre` and `post` map a person to their counted attempt (needs `score`, `percent`, `passed`).
    Means cover the people with both tests; pass shares cover everyone who took each test, judged
    by the pass mark each attempt was scored with.
    """
    people = list(dict.fromkeys([*pre, *post]))
    rows = [Gain(person=person, pre=pre.get(person), post=post.get(person)) for person in people]
    both = [row for row in rows if row.both]
    passed_pre = sum(1 for attempt in pre.values() if attempt.passed)
    passed_post = sum(1 for attempt in post.values() if attempt.passed)
    return GainSummary(
        rows=rows, with_both=len(both), took_pre=len(pre), took_post=len(post),
        mean_pre_percent=mean(row.pre.percent for row in both),
        mean_post_percent=mean(row.post.percent for row in both),
        mean_gain_points=mean(row.points for row in both),
        mean_gain_percentage_points=mean(row.percentage_points for row in both),
        passed_pre=passed_pre, passed_post=passed_post,
        passed_pre_share=share(passed_pre, len(pre)), passed_post_share=share(passed_post, len(post)),
    )


# --- Self-assessment privacy -----------------------------------------------------------------------

@dataclass(frozen=True)
class BandCount:
    label: str
    low: int | None  # None for a band no longer in the quiz
    high: int | None
    count: int
    share: Decimal


@dataclass(frozen=True)
class StatementMean:
    question: QuestionInfo
    mean: Decimal | None  # None when fewer than MIN_GROUP people answered this statement
    respondents: int


@dataclass(frozen=True)
class SelfAssessmentSummary:
    visible: bool  # False: fewer than MIN_GROUP people; nothing else is filled in
    bands: list[BandCount]
    statements: list[StatementMean]
    respondents: int | None  # only given when visible


def shown_band(*, label: str, own_bands: Sequence[dict], shown_bands: Sequence[dict]) -> str:
    """A band's label as the version being shown names it: the band with the same score range.

    A translation keeps the bands' ranges and renames them, so an attempt on the English version
    banded "High" counts under the Ukrainian "Високе навантаження". A band whose range has since
    been edited keeps its own label.
    """
    own = next((band for band in own_bands if band["label"] == label), None)
    if own is None:
        return label
    same = next((band for band in shown_bands if (band["min"], band["max"]) == (own["min"], own["max"])), None)
    return same["label"] if same else label


def self_assessment_summary(*, counted: Iterable, bands: Sequence[dict], statements: Sequence[QuestionInfo],
                            min_group: int = MIN_GROUP) -> SelfAssessmentSummary:
    """Band distribution and mean score per statement, only when `min_group` distinct people answered.

    Individual results never leave this function: the caller gets counts, shares and means. Each
    counted attempt needs `user_id`, `band` and `question_scores`; there should be one per person
    (`counted_attempts`), and a person counted twice still counts once towards the threshold.
    """
    counted = list(counted)
    respondents = len({attempt.user_id for attempt in counted})
    if respondents < min_group:
        return SelfAssessmentSummary(visible=False, bands=[], statements=[], respondents=None)
    counts: dict[str, int] = {band["label"]: 0 for band in bands}
    for attempt in counted:
        counts[attempt.band] = counts.get(attempt.band, 0) + 1
    limits = {band["label"]: (band["min"], band["max"]) for band in bands}
    band_counts = [BandCount(label=label, low=limits.get(label, (None, None))[0],
                             high=limits.get(label, (None, None))[1], count=count,
                             share=share(count, len(counted)) or ZERO)
                   for label, count in counts.items()]
    means = []
    for statement in statements:
        scores = [Decimal(a.question_scores[statement.id]) for a in counted if statement.id in a.question_scores]
        # A statement added later may have few answers of its own: hide its mean like the whole.
        means.append(StatementMean(question=statement, respondents=len(scores),
                                   mean=mean(scores) if len(scores) >= min_group else None))
    return SelfAssessmentSummary(visible=True, bands=band_counts, statements=means, respondents=respondents)
