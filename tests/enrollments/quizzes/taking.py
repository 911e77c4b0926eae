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


def unscorable(attempt: QuizAttempt) -> None:
    """Points the attempt at a frozen version of its own that cannot be scored: one more question of a type this
    code does not know (frozen by a newer release, then rolled back). The quiz's other attempts keep theirs."""
    version = attempt.version
    essay = {"id": "essay", "type": "essay", "prompt": "<p>Опишіть випадок.</p>", "points": 1}
    version.pk, version.fingerprint = None, "unscorable"
    version.definition = {**version.definition, "questions": [*version.definition["questions"], essay]}
    version.save()
    QuizAttempt.objects.filter(pk=attempt.pk).update(version=version, answers={**attempt.answers, "essay": "Так."})
