"""Builders for the catalogue: topics, a small page tree (home, catalogue, one course with modules, news) and
quizzes with one question of each type."""

from dataclasses import dataclass

import factory
from wagtail.models import Locale, Page, Site

from content.models import HomePage, NewsIndexPage
from content.roles import grant_trainer_catalogue_access
from courses.models import CourseIndexPage, CoursePage, ModulePage, QuizPage, Topic
from tests.content.factories import publish, translate_page


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_uk = factory.Sequence(lambda n: f"Тема {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


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

    def fresh(self) -> "Tree":
        """The same pages read again from the database: new objects, so no test sees another's in-memory edits."""
        return Tree(home=HomePage.objects.get(pk=self.home.pk),
                    catalogue=CourseIndexPage.objects.get(pk=self.catalogue.pk),
                    news=NewsIndexPage.objects.get(pk=self.news.pk), course=CoursePage.objects.get(pk=self.course.pk),
                    modules=list(ModulePage.objects.filter(pk__in=[m.pk for m in self.modules]).order_by("path")))


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
