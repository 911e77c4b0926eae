"""Taking a quiz in the view tests: the views' URLs, the right answers as form fields, the posted form."""

from enrollments.models import QuizAttempt
from enrollments.quizzes import services
from tests.courses.factories import choice_ids, question_ids


def start_url(quiz) -> str:
    return f"/uk/learning/quizzes/{quiz.pk}/start/"


def url(attempt, action: str = "") -> str:
    return f"/uk/learning/quizzes/attempts/{attempt.public_id}/{action + '/' if action else ''}"


def right_answers(quiz) -> dict[str, object]:
    """Every question of the factory quiz answered correctly, as form fields."""
    ids = question_ids(quiz)
    single, multiple = choice_ids(quiz, "single_choice"), choice_ids(quiz, "multiple_choice")
    return {f"q-{ids['single_choice']}": single["Оцінювання"],
            f"q-{ids['multiple_choice']}": [multiple["Житло"], multiple["Здоров’я"]],
            f"q-{ids['true_false']}": "true", f"q-{ids['short_text']}": "План втручання",
            f"q-{ids['numeric']}": "18"}


def form(attempt, answers: dict | None = None) -> dict:
    return {"questions": attempt.order["questions"], **(answers or {})}


def start(quiz, user, **kwargs) -> QuizAttempt:
    return services.start_attempt(quiz=quiz, user=user, **kwargs)
