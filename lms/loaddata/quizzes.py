"""Load quiz attempts, all submitted: the pre-test on the first morning and the post-test on the last afternoon of
every session of a course that has them, and self-paced attempts at the module quizzes and self-assessments
(retries included) that fill the scale's total.

Answers are simulated as the demo simulates them (`lms.demo.results.simulated_answers`) and scored with the
site's own `score_attempt` on the version the attempts are frozen to (`freeze_version`), so every stored score
is one the site would give. A person's pre-test reflects what they knew; the post-test adds what they learned,
so the post-test is higher on average. Scoring thousands of times is slow, so a bank of scored answer sets per
number of right answers is drawn from.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.http import QueryDict

from courses.models import CoursePage, QuizKind, QuizPage
from enrollments.models import AttemptStatus, EnrollmentStatus, QuizAttempt, QuizVersion
from enrollments.quizzes.answers import field_name, parse_answers
from enrollments.quizzes.ordering import attempt_order
from enrollments.quizzes.scoring import score_attempt
from enrollments.quizzes.services import freeze_version
from lms.demo.results import simulated_answers
from lms.loaddata.bulk import Writer, at
from lms.loaddata.people import Person
from lms.loaddata.sessions import PAST_DAYS, PlannedSession

VARIANTS = 4  # scored answer sets per number of right answers (or strain level)
RETRIES = {1: 70, 2: 22, 3: 8}  # attempts at a self-paced quiz


@dataclass(frozen=True)
class Scored:
    """One simulated, scored answer set, ready to copy onto attempts."""

    answers: dict
    score: object
    percent: object
    passed: bool | None
    band: str
    question_scores: dict


class Bank:
    """Scored answer sets for one quiz version: by number of right answers, or by strain for a self-assessment."""

    def __init__(self, version: QuizVersion, rng: random.Random):
        self.version = version
        definition = version.definition
        self.questions = len(definition["questions"])
        self.self_assessment = version.kind == QuizKind.SELF_ASSESSMENT
        levels = range(5) if self.self_assessment else range(self.questions + 1)
        self.sets = {level: [self._scored(definition, rng, level) for _variant in range(VARIANTS)]
                     for level in levels}

    def _scored(self, definition: dict, rng: random.Random, level: int) -> Scored:
        values = simulated_answers(definition, rng=rng, **({"strain": level} if self.self_assessment
                                                              else {"right": level}))
        data = QueryDict(mutable=True)
        data.setlist("questions", [question["id"] for question in definition["questions"]])
        for question_id, chosen in values.items():
            if chosen:
                data.setlist(field_name(question_id), chosen)
        answers = {key: value for key, value in parse_answers(definition=definition, data=data).items()
                   if value is not None}
        score = score_attempt(definition=definition, answers=answers)
        return Scored(answers=answers, score=score.points, percent=score.percent, passed=score.passed,
                      band=score.band["label"] if score.band else "",
                      question_scores={key: str(result.points) for key, result in score.questions.items()})

    def draw(self, rng: random.Random, skill: float) -> Scored:
        """An answer set for a person of `skill` (0–1): a strain level for a self-assessment."""
        levels = 4 if self.self_assessment else self.questions
        level = sum(rng.random() < skill for _question in range(levels))
        return rng.choice(self.sets[level])


def attempt(rng: random.Random, bank: Bank, *, user_pk: int, session_pk: int | None, number: int,
            started, minutes: int, skill: float) -> QuizAttempt:
    version, scored = bank.version, bank.draw(rng, skill)
    finished = started + timedelta(minutes=minutes)
    return QuizAttempt(
        public_id=uuid.UUID(int=rng.getrandbits(128), version=4), user_id=user_pk, version=version,
        quiz_key=version.quiz_key, kind=version.kind, session_id=session_pk, number=number,
        order=attempt_order(definition=version.definition, rng=rng), answers=scored.answers,
        status=AttemptStatus.SUBMITTED, started_at=started, saved_at=finished, submitted_at=finished,
        score=scored.score, max_score=version.max_score, percent=scored.percent, passed=scored.passed,
        pass_mark=version.pass_mark, band=scored.band, question_scores=scored.question_scores)


def tests_of(course: CoursePage) -> tuple[QuizPage | None, QuizPage | None]:
    """The course's live pre-test and post-test, if it has them."""
    quizzes = QuizPage.objects.live().child_of(course)
    return (quizzes.filter(kind=QuizKind.PRE_TEST).first(), quizzes.filter(kind=QuizKind.POST_TEST).first())


def create_session_tests(*, writer: Writer, rng: random.Random, plans: list[PlannedSession],
                         courses: dict[str, CoursePage], today: date) -> set[int]:
    """Pre- and post-tests of the places on sessions gone by; returns the places whose post-test passed."""
    banks = {}
    for slug, course in courses.items():
        pre, post = tests_of(course)
        if pre and post:
            banks[slug] = (Bank(freeze_version(quiz=pre), rng), Bank(freeze_version(quiz=post), rng))
    passed: set[int] = set()

    def attempts():
        for plan in plans:
            if plan.course_slug not in banks or not plan.has_begun(today):
                continue
            pre, post = banks[plan.course_slug]
            first, last = plan.days[0][1], plan.days[-1][1]
            for place in plan.places:
                if place.status != EnrollmentStatus.ENROLLED:
                    continue
                skill = rng.uniform(0.3, 0.7)
                if rng.random() < 0.92:
                    yield attempt(rng, pre, user_pk=place.user_pk, session_pk=plan.pk, number=1,
                                  started=at(first, time(8, rng.randint(30, 59))), minutes=rng.randint(6, 15),
                                  skill=skill)
                if plan.has_ended(today) and place.days_attended and rng.random() < 0.9:
                    made = attempt(rng, post, user_pk=place.user_pk, session_pk=plan.pk, number=1,
                                   started=at(last, time(15, rng.randint(0, 59))), minutes=rng.randint(6, 15),
                                   skill=min(0.97, skill + rng.uniform(0.1, 0.35)))
                    if made.passed:
                        passed.add(place.pk)
                    yield made

    writer.insert(QuizAttempt, attempts())
    return passed


def self_paced_quizzes() -> list[QuizPage]:
    """The live quizzes people take on their own: module quizzes and self-assessments, in the Ukrainian tree."""
    return list(QuizPage.objects.live().filter(kind__in=(QuizKind.GRADED, QuizKind.SELF_ASSESSMENT),
                                               locale__language_code="uk").order_by("path"))


def create_self_paced(*, writer: Writer, rng: random.Random, participants: list[Person], target: int,
                      today: date) -> None:
    """Self-paced attempts, about `target` of them, spread over the people and the last two years."""
    quizzes = self_paced_quizzes()
    if not quizzes or target <= 0:
        return
    banks = [(Bank(freeze_version(quiz=quiz), rng), quiz.max_attempts) for quiz in quizzes]
    mean = sum(count * weight for count, weight in RETRIES.items()) / sum(RETRIES.values())
    share = min(1.0, target / (len(participants) * len(banks) * mean))

    def attempts():
        for person in participants:
            for bank, most in banks:
                if rng.random() >= share:
                    continue
                times = rng.choices(list(RETRIES), weights=list(RETRIES.values()))[0]
                times = min(times, most) if most else times
                started = at(today - timedelta(days=rng.randint(14, PAST_DAYS)), time(rng.randint(7, 22)))
                skill = rng.uniform(0.35, 0.85)
                for number in range(1, times + 1):
                    yield attempt(rng, bank, user_pk=person.pk, session_pk=None, number=number, started=started,
                                  minutes=rng.randint(4, 20), skill=skill)
                    started += timedelta(hours=rng.randint(12, 96))
                    skill = min(0.97, skill + 0.1)

    writer.insert(QuizAttempt, attempts(), total=target)
