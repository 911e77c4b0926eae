"""factory-boy factories for people, and small builders for page trees (never a whole site)."""

from dataclasses import dataclass
from datetime import time, timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from content.models import HomePage, NewsIndexPage, NewsPage
from content.roles import COORDINATOR, PARTICIPANT, TRAINER, grant_trainer_catalogue_access
from courses.models import CourseIndexPage, CoursePage, ModulePage, QuizPage, Topic
from enrollments.models import Profile

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


def _role(name: str) -> factory.PostGeneration:
    """A post-generation `role` with a default group; a plain `role = NAME` would become a model kwarg."""

    def add_group(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=extracted or name))

    return factory.PostGeneration(add_group)


class ParticipantFactory(UserFactory):
    role = _role(PARTICIPANT)


class TrainerFactory(UserFactory):
    role = _role(TRAINER)


class CoordinatorFactory(UserFactory):
    role = _role(COORDINATOR)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    full_name = "Олександра Щербак"
    profession = "case_manager"
    organisation = "Центр соціальних служб"
    oblast = "dnipropetrovsk"
    community = "Марганецька громада"


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_uk = factory.Sequence(lambda n: f"Тема {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


def publish(parent: Page, page: Page) -> Page:
    """Adds `page` under `parent` as a live page, without a revision: what a reader sees of a published page.

    Publishing through revisions costs four times as much (revisions, log entries, workflow checks); tests of
    publishing itself use `publish_revision`.
    """
    page.locale_id = parent.locale_id
    page.live, page.has_unpublished_changes = True, False
    page.first_published_at = page.last_published_at = timezone.now()
    parent.add_child(instance=page)
    return page


def publish_revision(page: Page, **fields) -> Page:
    """Saves `fields` on the page as a new revision and publishes it, as an editor does in the admin."""
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_course(catalogue: CourseIndexPage, *, slug: str, modules: int = 2, **fields) -> CoursePage:
    fields.setdefault("title", f"Курс {slug}")
    fields.setdefault("summary", f"Підсумок курсу {slug}")
    course = publish(catalogue, CoursePage(slug=slug, **fields))
    for number in range(1, modules + 1):
        publish(course, ModulePage(
            slug=f"module-{number}", title=f"Модуль {number}", estimated_minutes=30,
            body=[("markdown", f"Текст модуля {number}.")],
        ))
    return course


@dataclass
class Tree:
    home: HomePage
    catalogue: CourseIndexPage
    news: NewsIndexPage
    course: CoursePage
    modules: list[ModulePage]


def build_tree(*, modules: int = 2) -> Tree:
    """A Ukrainian home with a catalogue (one course with modules) and a news index.

    The home becomes the default site's root.
    """
    root = Page.get_first_root_node()
    home = publish(root, HomePage(title="Головна", slug="home-test"))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    catalogue = publish(home, CourseIndexPage(title="Курси", slug="courses"))
    grant_trainer_catalogue_access(catalogue)
    news = publish(home, NewsIndexPage(title="Новини", slug="news"))
    course = add_course(catalogue, slug="case-management", modules=modules, title="Ведення випадку")
    return Tree(home=home, catalogue=catalogue, news=news, course=course,
                modules=list(ModulePage.objects.child_of(course).order_by("path")))


def translate_tree(tree: Tree) -> Tree:
    """English copies of every page of the tree, published, with the same slugs."""
    en = Locale.objects.get_or_create(language_code="en")[0]

    def translate(page: Page, **fields) -> Page:
        return translate_page(page, en, **fields)

    home = translate(tree.home, title="Home")
    catalogue = translate(tree.catalogue, title="Courses")
    news = translate(tree.news, title="News")
    course = translate(tree.course, title="Case management")
    modules = [translate(m, title=f"Module {i}") for i, m in enumerate(tree.modules, start=1)]
    return Tree(home=home, catalogue=catalogue, news=news, course=course, modules=modules)


def translate_page(page: Page, locale: Locale, **fields) -> Page:
    """A live translation of `page` into `locale` with `fields` changed, as if translated and published."""
    copy = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.live, copy.has_unpublished_changes = True, False
    copy.first_published_at = copy.last_published_at = timezone.now()
    copy.save()
    return copy


def add_news(index: NewsIndexPage, *, slug: str, **fields) -> NewsPage:
    fields.setdefault("title", f"Новина {slug}")
    return publish(index, NewsPage(slug=slug, **fields))


# --- Training sessions -------------------------------------------------------------------------

def _any_course() -> CoursePage:
    """The first course of the test's tree, or a fresh tree's course when the test has none."""
    return CoursePage.objects.order_by("path").first() or build_tree().course


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    """An open session of 30 places in Dnipro; `days=3` consecutive days from today (`days=0` for none)."""

    class Meta:
        model = "enrollments.TrainingSession"
        skip_postgeneration_save = True

    course = factory.LazyFunction(_any_course)
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


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "enrollments.Attendance"

    enrollment = factory.SubFactory(EnrollmentFactory)
    day = factory.LazyAttribute(lambda attendance: attendance.enrollment.session.days.order_by("date").first())
    status = "present"
    method = "roster"
    marked_at = factory.LazyFunction(timezone.now)


# --- Quizzes -------------------------------------------------------------------------------------

def _choices(*texts_and_flags):
    return [{"text": text, "correct": correct, "feedback": f"Про «{text}»"} for text, correct in texts_and_flags]


def graded_questions() -> list[tuple[str, dict]]:
    """One question of each graded type, worth 1 + 2 + 1 + 1 + 1 = 6 points."""
    feedback = {"feedback_correct": "Правильно.", "feedback_incorrect": "Перегляньте модуль."}
    return [
        ("single_choice", {"prompt": "<p>Перший крок ведення випадку?</p>", "points": 1, **feedback,
                           "choices": _choices(("Оцінювання", True), ("Закриття", False), ("Звіт", False))}),
        ("multiple_choice", {"prompt": "<p>Що входить в оцінювання потреб?</p>", "points": 2, **feedback,
                             "choices": _choices(("Житло", True), ("Здоров’я", True), ("Гороскоп", False),
                                                 ("Колір авто", False))}),
        ("true_false", {"prompt": "<p>Згода клієнта потрібна.</p>", "answer": "true", "points": 1, **feedback}),
        ("short_text", {"prompt": "<p>Як називається план дій?</p>", "accepted_answers": ["план втручання", "ІПП"],
                        "points": 1, **feedback}),
        ("numeric", {"prompt": "<p>Скільки годин у трьох днях по 6 годин?</p>", "answer": "18", "tolerance": "0",
                     "points": 1, **feedback}),
    ]


def _band(low: int, high: int, label: str, advice: str) -> tuple[str, dict]:
    return ("band", {"min_score": low, "max_score": high, "label": label, "advice": f"<p>{advice}</p>"})


def self_assessment_fields() -> dict:
    """Three statements on a 0–3 scale (the last one reverse scored) and three bands over 0–9."""
    return {
        "questions": [("statement", {"prompt": "Я виснажуюся після роботи.", "reverse_scored": False}),
                      ("statement", {"prompt": "Мені важко відновитися за вихідні.", "reverse_scored": False}),
                      ("statement", {"prompt": "Я маю сили на близьких.", "reverse_scored": True})],
        "scale": [("option", {"label": label, "score": score})
                  for score, label in enumerate(["Ніколи", "Іноді", "Часто", "Завжди"])],
        "bands": [_band(0, 3, "Низьке навантаження", "Так тримати."),
                  _band(4, 6, "Помірне навантаження", "Плануйте відпочинок."),
                  _band(7, 9, "Високе навантаження", "Зверніться до супервізора.")],
    }


def add_quiz(parent: Page, *, slug: str = "quiz", kind: str = "graded", **fields) -> QuizPage:
    """A published quiz under a course or module: by default one question of each graded type."""
    fields.setdefault("title", f"Тест {slug}")
    if kind == "self_assessment":
        for name, value in self_assessment_fields().items():
            fields.setdefault(name, value)
    fields.setdefault("questions", graded_questions())
    fields.setdefault("max_attempts", 1 if kind in ("pre_test", "post_test") else 0)
    fields.setdefault("review", "score" if kind == "pre_test" else "solutions")
    return QuizPage.objects.get(pk=publish(parent, QuizPage(slug=slug, kind=kind, **fields)).pk)


def question_ids(quiz: QuizPage) -> dict[str, str]:
    """Question ids by type, for building answers in tests."""
    return {block.block_type: block.id for block in quiz.questions}


def choice_ids(quiz: QuizPage, question_type: str) -> dict[str, str]:
    """Choice ids by choice text, for one question type."""
    block = next(block for block in quiz.questions if block.block_type == question_type)
    return {item.value["text"]: item.id for item in block.value["choices"].bound_blocks}


# --- Submitted quiz attempts (results tests) -------------------------------------------------------
# Attempts go through the real services, so they are scored, numbered and tied to sessions as in use.

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


# --- Certificates --------------------------------------------------------------------------------

class CertificateRuleFactory(factory.django.DjangoModelFactory):
    """A completion rule on the first course of the tree: every day attended, nothing else."""

    class Meta:
        model = "certificates.CertificateRule"
        skip_postgeneration_save = True

    course = factory.LazyFunction(_any_course)
    session = None
    kind = "completion"
    attendance = "every_day"

    @factory.post_generation
    def quizzes(self, create, extracted, **kwargs):
        if create and extracted:
            self.required_quizzes.add(*extracted)

    @factory.post_generation
    def modules(self, create, extracted, **kwargs):
        if create and extracted:
            self.required_modules.add(*extracted)


def attended_every_day(enrollment, *, status: str = "present") -> None:
    """Marks the enrollment's every session day with `status`, straight in the database (no triggers)."""
    from enrollments.models import Attendance

    for day in enrollment.session.days.all():
        Attendance.objects.update_or_create(enrollment=enrollment, day=day, defaults={
            "status": status, "method": "roster", "marked_at": timezone.now()})


def issued_certificate(*, enrollment=None, full_name: str = "Олександра Щербак", **rule_fields):
    """A certificate issued through the service to a participant who attended every day of a 3-day session."""
    from certificates import services
    from enrollments.models import Profile

    enrollment = enrollment or EnrollmentFactory()
    Profile.objects.update_or_create(user=enrollment.user, defaults={"full_name": full_name})
    if not enrollment.session.certificate_rules.exists():
        rule_fields.setdefault("course", None)
        CertificateRuleFactory(session=enrollment.session, **rule_fields)
    attended_every_day(enrollment)
    [certificate] = services.award_certificates(enrollment_id=enrollment.pk).issued
    return certificate


# --- Open calls ----------------------------------------------------------------------------------

def call_questions() -> list[tuple[str, dict]]:
    """One question of each kind, as stream data for CallPage.questions."""
    return [
        ("short_text", {"label": "Ваша посада", "help_text": "", "required": True}),
        ("long_text", {"label": "Чому ви хочете взяти участь?", "help_text": "", "required": True,
                       "max_words": 300}),
        ("choice", {"label": "Досвід роботи з дітьми, які пережили травму", "help_text": "", "required": True,
                    "options": ["Немає", "До 1 року", "Понад 1 рік"], "multiple": False}),
        ("file", {"label": "Мотиваційний лист", "help_text": "", "required": False, "kinds": ["pdf", "docx"],
                  "max_mb": 2}),
        ("consent", {"text": "Я погоджуюся на обробку моїх персональних даних для відбору учасників."}),
    ]


CALL_RULES = ("communities", "oblasts", "professions", "opens_at", "deadline", "places", "editing_allowed")


def _worded(item) -> tuple[str, str]:
    """A stage's or criterion's title given as "Ukrainian" or ("Ukrainian", "English")."""
    return (item, "") if isinstance(item, str) else item


def add_call(parent: Page, *, slug: str = "call", stages: tuple = ("Письмова заявка", "Співбесіда"),
             criteria: tuple = (("Мотивація", 2, 5), ("Досвід", 1, 5)), **fields):
    """A published call page under `parent` (a home page: a call index is added when missing), with its call.

    Defaults: teachers from Marhanets and Kryvyi Rih, open now, deadline in 10 days, two stages, a two-criterion
    rubric and one question of each kind. The call's rules (`CALL_RULES`, `sessions`) go to its `Call` row; a
    stage or criterion title is "Ukrainian" or ("Ukrainian", "English").
    """
    from datetime import timedelta

    from content.models import Call, CallCriterion, CallIndexPage, CallPage, CallStage
    from enrollments.models import CallSession

    if not isinstance(parent.specific, CallIndexPage):
        index = CallIndexPage.objects.child_of(parent).first() or publish(
            parent, CallIndexPage(title="Відкриті конкурси", slug="calls"))
        parent = index
    rules = {name: fields.pop(name) for name in CALL_RULES if name in fields}
    rules.setdefault("communities", "Марганецька громада\nКриворізька громада")
    rules.setdefault("professions", ["teacher"])
    rules.setdefault("deadline", timezone.now() + timedelta(days=10))
    sessions = fields.pop("sessions", [])
    fields.setdefault("title", f"Конкурс {slug}")
    fields.setdefault("summary", "Набір вчителів до команди тренерів.")
    fields.setdefault("questions", call_questions())
    call = Call(name=fields["title"], **rules)
    call.stages = [CallStage(title_uk=uk, title_en=en, sort_order=n)
                   for n, (uk, en) in enumerate(map(_worded, stages))]
    call.criteria = [CallCriterion(title_uk=_worded(title)[0], title_en=_worded(title)[1], weight=weight,
                                   scale_max=scale, sort_order=n)
                     for n, (title, weight, scale) in enumerate(criteria)]
    call.save()
    CallSession.objects.bulk_create([CallSession(call=call, session=session) for session in sessions])
    return CallPage.objects.select_related("call").get(pk=publish(parent, CallPage(slug=slug, call=call, **fields)).pk)


def translate_call(page, **fields):
    """The call page's live English version (its tree translated first where needed), with `fields` changed."""
    from content.models import CallPage

    english = Locale.objects.get_or_create(language_code="en")[0]
    index = page.get_parent()
    translated_index = index.get_translations().filter(locale=english).first()
    if translated_index is None:
        translated_index = index.specific.copy_for_translation(english, copy_parents=True)
    if not translated_index.live:
        translated_index.live, translated_index.has_unpublished_changes = True, False
        translated_index.save()
    fields.setdefault("title", f"Call {page.slug}")
    translated = translate_page(page, english, **fields)
    return CallPage.objects.select_related("call").get(pk=translated.pk)


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
