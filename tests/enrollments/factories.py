"""Builders for what happens to people: profiles, training sessions, places, attendance, quiz attempts submitted
through the services, and applications to open calls."""

from datetime import date, time, timedelta

import factory
from django.utils import timezone

from courses.models import CoursePage, QuizPage
from enrollments.models import EnrollmentStatus, Profile
from tests.courses.factories import build_tree, choice_ids, question_ids
from tests.factories import ParticipantFactory, UserFactory


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    full_name = "Олександра Щербак"
    profession = "case_manager"
    organisation = "Центр соціальних служб"
    oblast = "dnipropetrovsk"
    community = "Марганецька громада"


def in_days(offset: int) -> date:
    """The date `offset` days from today (negative: in the past)."""
    return timezone.localdate() + timedelta(days=offset)


def any_course() -> CoursePage:
    """The first course of the test's tree, or a fresh tree's course when the test has none."""
    return CoursePage.objects.order_by("path").first() or build_tree().course


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    """An open session of 30 places in Dnipro; `days=3` consecutive days from today (`days=0` for none)."""

    class Meta:
        model = "enrollments.TrainingSession"
        skip_postgeneration_save = True

    course = factory.LazyFunction(any_course)
    title = factory.LazyAttribute(lambda session: session.course.title)
    status = "open"
    capacity = 30
    city = "Дніпро"
    venue = "Центр соціальних служб, вул. Яворницького, 1"

    @factory.post_generation
    def days(self, create, extracted, **kwargs):
        if not create:
            return
        count = 3 if extracted is None else extracted
        today = timezone.localdate()
        for offset in range(count):
            SessionDayFactory(session=self, date=today + timedelta(days=offset), **kwargs)

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if create and extracted:
            self.trainers.add(*extracted)


class SessionDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "enrollments.SessionDay"

    session = factory.SubFactory(TrainingSessionFactory, days=0)
    date = factory.LazyFunction(timezone.localdate)
    starts_at = time(9, 30)
    ends_at = time(17, 0)
    topic = factory.Sequence(lambda n: f"Тема дня {n}")


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "enrollments.Enrollment"

    session = factory.SubFactory(TrainingSessionFactory)
    user = factory.SubFactory(ParticipantFactory)
    status = "enrolled"
    source = "self"


def schedule(*, start_in: int = 7, days: int = 3, **fields):
    """A session (open, 30 places, in Dnipro unless told) whose `days` days start `start_in` days from today."""
    session = TrainingSessionFactory(days=0, **fields)
    for number in range(days):
        SessionDayFactory(session=session, date=in_days(start_in + number), starts_at=time(10), ends_at=time(16, 30),
                          topic=f"Тема дня {number + 1}")
    return session


def fill(session, count: int, status: str = EnrollmentStatus.ENROLLED) -> list:
    """`count` more people on the session, each with a place of this status."""
    return [EnrollmentFactory(session=session, status=status) for _ in range(count)]


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "enrollments.Attendance"

    enrollment = factory.SubFactory(EnrollmentFactory)
    day = factory.LazyAttribute(lambda attendance: attendance.enrollment.session.days.order_by("date").first())
    status = "present"
    method = "roster"
    marked_at = factory.LazyFunction(timezone.now)


GRADED_ANSWERS = {  # by question type: (right, wrong or only partly right)
    "single_choice": ("Оцінювання", "Закриття"),
    "multiple_choice": (["Житло", "Здоров’я"], ["Житло"]),  # one of two right choices: half the points
    "true_false": ("true", "false"),
    "short_text": ("план втручання", "не знаю"),
    "numeric": ("18", "17"),
}


def graded_answers(quiz: QuizPage, *, right: set[str] | frozenset[str] = frozenset(GRADED_ANSWERS)) -> dict:
    """Answers by question id: right for the question types in `right`, wrong (or partly right) for the rest."""
    ids = question_ids(quiz)
    answers = {}
    for question_type, (good, bad) in GRADED_ANSWERS.items():
        value = good if question_type in right else bad
        if question_type in ("single_choice", "multiple_choice"):
            choices = choice_ids(quiz, question_type)
            value = [choices[text] for text in value] if isinstance(value, list) else choices[value]
        answers[ids[question_type]] = value
    return answers


def statement_answers(quiz: QuizPage, scores: list[int]) -> dict:
    """Self-assessment answers by statement id: the scale option with each score, statement by statement."""
    options = {block.value["score"]: block.id for block in quiz.scale}
    return {block.id: options[score] for block, score in zip(quiz.questions, scores, strict=True)}


def answer_form(answers: dict):
    """The posted form for these answers (question id → value or list of values), listing every question."""
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist("questions", list(answers))
    for question_id, value in answers.items():
        data.setlist(f"q-{question_id}", value if isinstance(value, list) else [value])
    return data


def submitted_attempt(quiz: QuizPage, user, answers: dict | None = None, *, when=None):
    """Starts, answers and submits an attempt through the services (`when` sets the clock)."""
    from enrollments.quizzes import services

    if answers is None:
        answers = graded_answers(quiz) if quiz.kind != "self_assessment" else statement_answers(quiz, [1, 1, 1])
    attempt = services.start_attempt(quiz=quiz, user=user, now=when)
    services.save_answers(attempt=attempt, data=answer_form(answers), now=when)
    return services.submit_attempt(attempt=attempt, now=when)


def attended_every_day(enrollment, *, status: str = "present") -> None:
    """Marks the enrollment's every session day with `status`, straight in the database (no triggers)."""
    from enrollments.models import Attendance

    for day in enrollment.session.days.all():
        Attendance.objects.update_or_create(enrollment=enrollment, day=day, defaults={
            "status": status, "method": "roster", "marked_at": timezone.now()})


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application from a teacher of Marhanets to the first call in the database (a `Call` row; a
    test with a call page passes `call=page.call`)."""

    class Meta:
        model = "enrollments.Application"

    call = factory.LazyFunction(
        lambda: __import__("content.models", fromlist=["Call"]).Call.objects.order_by("pk").first())
    applicant = factory.SubFactory(ParticipantFactory)
    status = "submitted"
    full_name = "Олександра Щербак"
    community = "Марганецька громада"
    oblast = "dnipropetrovsk"
    profession = "teacher"
    submitted_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        # `call=page`: the application is to the page's call.
        call = kwargs.get("call")
        if call is not None and hasattr(call, "call_id"):
            kwargs["call"] = call.call
        return kwargs


class FailedJobFactory(factory.django.DjangoModelFactory):
    """Background work that failed its six tries: the mail server refused an email (see OutgoingEmailFactory), or
    `task_path` and `arguments` of another task."""

    class Meta:
        model = "enrollments.BackgroundJob"

    task_path = "enrollments.mail.send_email"
    status = "failed"
    tries = 6
    last_error = "SMTPRecipientsRefused: olena@example.org: 421 4.3.2 Service not available"
    last_tried_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyAttribute(lambda job: job.last_tried_at)


class OutgoingEmailFactory(factory.django.DjangoModelFactory):
    """An email to Олена that has not been sent: its job failed for good (`job__status` to change that)."""

    class Meta:
        model = "enrollments.OutgoingEmail"

    job = factory.SubFactory(FailedJobFactory)
    to = factory.LazyFunction(lambda: ["olena@example.org"])
    subject = "[Hromada LMS] Your place is confirmed: Кризове консультування"
    body = "Вітаємо! Your place is confirmed."
