"""The application form: the declared details, then one field per question of the call.

Every field is optional here, so a draft can be saved half done; what submitting needs is checked by
the services (answers.submission_problems), whose problems are put back on the fields.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from content.call_blocks import FILE_KINDS
from content.choices import Oblast, Profession
from enrollments.calls.answers import (
    MAX_LONG_TEXT,
    MAX_SHORT_TEXT,
    InvalidAnswers,
    Problem,
    Question,
    check_field_names,
)
from enrollments.calls.models import ApplicationFile
from enrollments.calls.services import Declaration
from enrollments.calls.uploads import CheckedUpload, UploadRejected, accepted_extensions, check_upload, size_limit_mb

DECLARED_FIELDS = ("full_name", "community", "oblast", "profession")


class QuestionFileField(forms.FileField):
    """A file question: the upload is checked by its bytes and comes back as a CheckedUpload."""

    def __init__(self, *, question: Question, **kwargs):
        self.question = question
        extensions = ",".join(accepted_extensions(question.kinds))
        super().__init__(widget=forms.FileInput(attrs={"accept": extensions}), **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        try:
            return check_upload(upload=upload, kinds=self.question.kinds, max_mb=self.question.max_mb)
        except UploadRejected as rejected:
            raise ValidationError(str(rejected), code="upload") from rejected


@dataclass(frozen=True)
class QuestionField:
    """One question on the form: its field, and for a file question the file already uploaded and the limits."""

    question: Question
    field: forms.BoundField
    file: ApplicationFile | None

    @property
    def max_mb(self) -> int:
        return size_limit_mb(self.question.max_mb)

    @property
    def kinds(self) -> str:
        return ", ".join(str(FILE_KINDS[kind][0]) for kind in self.question.kinds if kind in FILE_KINDS)


def _field_for(question: Question) -> forms.Field:
    common = {"label": question.label, "help_text": question.help_text, "required": False}
    if question.kind == "short_text":
        return forms.CharField(max_length=MAX_SHORT_TEXT, **common)
    if question.kind == "long_text":
        return forms.CharField(max_length=MAX_LONG_TEXT, widget=forms.Textarea(attrs={"rows": 8}), **common)
    if question.kind == "choice":
        choices = question.choices
        if question.multiple:
            return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == "consent":
        return forms.BooleanField(label=question.label, required=False)
    return QuestionFileField(question=question, **common)


class ApplicationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    community = forms.CharField(label=_("Community (hromada) where you work"), max_length=200, required=False)
    oblast = forms.ChoiceField(label=_("Oblast"), choices=[("", _("Choose…")), *Oblast.choices], required=False)
    profession = forms.ChoiceField(label=_("Profession"), choices=[("", _("Choose…")), *Profession.choices],
                                   required=False)

    def __init__(self, *args, questions: list[Question], files_on_record: dict[str, ApplicationFile] | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.files_on_record = files_on_record or {}
        for question in questions:
            self.fields[question.field_name] = _field_for(question)

    def clean(self):
        cleaned = super().clean()
        try:
            check_field_names(questions=self.questions, data=dict(self.data.lists()), file_keys=self.files.keys())
        except InvalidAnswers as invalid:
            raise ValidationError(str(invalid), code="foreign") from invalid
        return cleaned

    @property
    def about_you(self):
        return [self[name] for name in DECLARED_FIELDS]

    @property
    def question_fields(self) -> list["QuestionField"]:
        return [QuestionField(question=q, field=self[q.field_name], file=self.files_on_record.get(q.id))
                for q in self.questions]

    @property
    def only_file_errors(self) -> bool:
        """True when the form is fine apart from uploads that were refused (the rest can still be saved)."""
        file_fields = {q.field_name for q in self.questions if q.is_file}
        return bool(self.errors) and set(self.errors) <= file_fields

    def declaration(self) -> Declaration:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return Declaration(**{name: data.get(name) or "" for name in DECLARED_FIELDS})

    def answers(self) -> dict[str, object]:
        """The posted answers to every question but files, by question id (blanks included, to clear them)."""
        return {q.id: self.cleaned_data.get(q.field_name) for q in self.questions
                if not q.is_file and q.field_name in self.cleaned_data}

    def uploads(self) -> dict[str, CheckedUpload]:
        """The uploads that passed the checks, by question id."""
        return {q.id: self.cleaned_data[q.field_name] for q in self.questions
                if q.is_file and self.cleaned_data.get(q.field_name)}

    def add_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add_error(problem.field if problem.field in self.fields else None, problem.message)


def initial_for(*, declaration: Declaration, answers: dict, questions: list[Question]) -> dict:
    """The form's starting values: the declared details and the saved answers."""
    initial = {name: getattr(declaration, name) for name in DECLARED_FIELDS}
    for question in questions:
        if question.id in answers and not question.is_file:
            initial[question.field_name] = answers[question.id]
    return initial
