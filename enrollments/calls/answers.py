"""An application's answers, checked against the call's own questions.

Pure. A question's key is its block id on the call page (kept by translations). A posted form names
its answers `q-<question id>`; a form that names a question the call does not have is refused as a
whole, so a tampered or stale form never writes an answer nobody asked for. Answers are stored as
{question id: str | [str] | True}; a file question's answer is its ApplicationFile row, not a value here.

One call asks one set of questions in every language: its default-language version's (`in_words_of`).
A translation lends them its wording, and a chosen option is stored as the default-language option, so
reviewers and exports read every applicant's answers alike.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

FIELD_PREFIX = "q-"
MAX_SHORT_TEXT = 300
MAX_LONG_TEXT = 20_000  # characters: far above any word limit an editor sets, a guard against abuse


class InvalidAnswers(Exception):
    """The posted form does not fit the call's questions; its message can be shown to the applicant."""


@dataclass(frozen=True)
class Question:
    """One question of a call's form, as plain values read from its StreamField block."""

    id: str
    kind: str  # short_text, long_text, choice, file, consent
    label: str
    help_text: str = ""
    required: bool = True
    max_words: int | None = None
    options: tuple[str, ...] = ()  # what is stored
    option_labels: tuple[str, ...] = ()  # what the reader sees, option by option; empty: the options themselves
    multiple: bool = False
    kinds: tuple[str, ...] = ()
    max_mb: int = 5

    @property
    def field_name(self) -> str:
        return field_name(self.id)

    @property
    def is_file(self) -> bool:
        return self.kind == "file"

    @property
    def choices(self) -> list[tuple[str, str]]:
        """(stored value, shown label) of each option."""
        return list(zip(self.options, self.option_labels or self.options, strict=True))

    def shown(self, answer):
        """A stored choice answer as the reader sees it; other answers as they are."""
        if self.kind != "choice" or not self.option_labels:
            return answer
        labels = dict(self.choices)
        if isinstance(answer, list):
            return [labels.get(value, value) for value in answer]
        return labels.get(answer, answer)


@dataclass(frozen=True)
class Problem:
    """What keeps an application from being submitted: the form field and the message."""

    field: str
    message: str


def field_name(question_id: str) -> str:
    return f"{FIELD_PREFIX}{question_id}"


def questions_from_stream(stream: Iterable) -> list[Question]:
    """The questions of a CallPage.questions StreamField, in order."""
    questions = []
    for block in stream:
        value = block.value
        if block.block_type == "consent":
            questions.append(Question(id=block.id, kind="consent", label=value["text"], required=True))
            continue
        extra = {}
        if block.block_type == "long_text":
            extra["max_words"] = value.get("max_words") or None
        elif block.block_type == "choice":
            extra["options"] = tuple(str(option) for option in value["options"])
            extra["multiple"] = bool(value.get("multiple"))
        elif block.block_type == "file":
            extra["kinds"] = tuple(value.get("kinds") or ())
            extra["max_mb"] = value.get("max_mb") or 5
        questions.append(Question(id=block.id, kind=block.block_type, label=value["label"],
                                  help_text=value.get("help_text") or "", required=bool(value.get("required")),
                                  **extra))
    return questions


def in_words_of(questions: list[Question], translation: list[Question]) -> list[Question]:
    """The call's questions (`questions`, its default-language version's) in a translation's wording.

    A question the translation has under the same id and kind takes its label and help text, and its
    options' labels when it lists as many. What is asked, required and stored stays the default
    version's: a question the translation lacks is asked in the default wording, one only it has is not.
    """
    by_id = {question.id: question for question in translation}
    worded = []
    for question in questions:
        own = by_id.get(question.id)
        if own is None or own.kind != question.kind:
            worded.append(question)
            continue
        labels = own.options if question.options and len(own.options) == len(question.options) else ()
        worded.append(replace(question, label=own.label, help_text=own.help_text, option_labels=labels))
    return worded


def _foreign() -> InvalidAnswers:
    return InvalidAnswers(_("This form holds answers to questions this call does not ask. Reload the page: "
                            "the answers already saved are kept."))


def check_field_names(*, questions: list[Question], data: Mapping[str, list[str]], file_keys: Iterable[str]) -> None:
    """Refuses a form naming a question the call does not have, or a file where text belongs (and back).

    `data` holds the posted text fields, each name with all its values. A browser posts a file input left
    empty as a part without a filename, which Django reads as text: "" under a file question's name is "no
    new file", not an answer.
    """
    text_fields = {q.field_name for q in questions if not q.is_file}
    file_fields = {q.field_name for q in questions if q.is_file}
    posted = {key for key, values in data.items() if key.startswith(FIELD_PREFIX)
              and not (key in file_fields and all(value == "" for value in values))}
    uploaded = {key for key in file_keys if key.startswith(FIELD_PREFIX)}
    if posted - text_fields or uploaded - file_fields:
        raise _foreign()


def clean_answers(*, questions: list[Question], answers: dict[str, object]) -> dict[str, object]:
    """The answers worth storing, by question id: blanks dropped, unknown ids and options refused."""
    by_id = {question.id: question for question in questions}
    cleaned: dict[str, object] = {}
    for question_id, value in answers.items():
        question = by_id.get(question_id)
        if question is None or question.is_file:
            raise _foreign()
        value = _clean_one(question, value)
        if value not in (None, "", [], False):
            cleaned[question_id] = value
    return cleaned


def _clean_one(question: Question, value):
    if question.kind == "consent":
        return value is True
    if question.kind == "choice":
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        if not all(isinstance(v, str) and v in question.options for v in values) or len(set(values)) != len(values):
            raise _foreign()
        if question.multiple:
            return [option for option in question.options if option in values]  # in the editor's order
        if len(values) > 1:
            raise _foreign()
        return values[0] if values else None
    if value is None:
        return None
    if not isinstance(value, str):
        raise _foreign()
    limit = MAX_SHORT_TEXT if question.kind == "short_text" else MAX_LONG_TEXT
    if len(value) > limit:
        raise InvalidAnswers(_("An answer is too long: keep it under %(limit)d characters.") % {"limit": limit})
    return value.strip()


def word_count(text: str) -> int:
    return len(text.split())


def submission_problems(*, questions: list[Question], answers: dict[str, object],
                        files: set[str]) -> list[Problem]:
    """What must be answered or fixed before the application can be submitted.

    `files` holds the ids of the file questions that have a file.
    """
    problems = []
    for question in questions:
        answer = answers.get(question.id)
        if question.kind == "consent":
            if answer is not True:
                problems.append(Problem(question.field_name, _("Tick this box to submit your application.")))
        elif question.is_file:
            if question.required and question.id not in files:
                problems.append(Problem(question.field_name, _("Upload a file to answer this question.")))
        elif question.required and not answer:
            problems.append(Problem(question.field_name, _("Answer this question to submit your application.")))
        elif question.max_words and isinstance(answer, str) and word_count(answer) > question.max_words:
            problems.append(Problem(question.field_name, _(
                "Shorten this answer to %(limit)d words or fewer (it has %(count)d).")
                % {"limit": question.max_words, "count": word_count(answer)}))
    return problems
