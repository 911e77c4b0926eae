"""The blocks a quiz is authored with: its questions, the answer scale and bands of a self-assessment.

Every question and every choice keeps the id Wagtail gives its block. Attempts record answers
against those ids, and translations copy them, so an answer counts the same in either language.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

PROMPT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


def _prompt():
    return blocks.RichTextBlock(label=_("Question"), features=PROMPT_FEATURES)


def _points():
    return blocks.IntegerBlock(label=_("Points"), min_value=1, max_value=100, default=1)


def _feedback(label):
    return blocks.TextBlock(label=label, required=False, max_length=1000)


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.CharBlock(label=_("Feedback for this answer"), required=False, max_length=500)

    class Meta:
        icon = "radio-full"
        label = _("Choice")


class QuestionBlock(blocks.StructBlock):
    """A graded question. Each subclass spells out its fields (from the `_prompt`, `_points` and
    `_feedback` factories) so the admin shows them in reading order: prompt, answers, points, feedback.
    """

    def _invalid(self, message):
        raise StructBlockValidationError(non_block_errors=ValidationError(message))


class SingleChoiceBlock(QuestionBlock):
    prompt = _prompt()
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Choices"), min_num=2)
    points = _points()
    feedback_correct = _feedback(_("Feedback when correct"))
    feedback_incorrect = _feedback(_("Feedback when incorrect"))

    class Meta:
        icon = "radio-full"
        label = _("Single choice")

    def clean(self, value):
        value = super().clean(value)
        if sum(1 for choice in value["choices"] if choice["correct"]) != 1:
            self._invalid(_("Mark exactly one choice as correct."))
        return value


class MultipleChoiceBlock(QuestionBlock):
    prompt = _prompt()
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Choices"), min_num=2)
    points = _points()
    feedback_correct = _feedback(_("Feedback when fully correct"))
    feedback_incorrect = _feedback(_("Feedback otherwise"))

    class Meta:
        icon = "tick"
        label = _("Multiple choice")
        help_text = _(
            "Partial credit: each correct choice ticked adds its share of the points, each wrong one takes "
            "a share away; a question never scores below zero."
        )

    def clean(self, value):
        value = super().clean(value)
        if not any(choice["correct"] for choice in value["choices"]):
            self._invalid(_("Mark at least one choice as correct."))
        return value


class TrueFalseBlock(QuestionBlock):
    prompt = _prompt()
    answer = blocks.ChoiceBlock(label=_("Correct answer"), choices=[("true", _("True")), ("false", _("False"))])
    points = _points()
    feedback_correct = _feedback(_("Feedback when correct"))
    feedback_incorrect = _feedback(_("Feedback when incorrect"))

    class Meta:
        icon = "tick-inverse"
        label = _("True or false")


class ShortTextBlock(QuestionBlock):
    prompt = _prompt()
    accepted_answers = blocks.ListBlock(
        blocks.CharBlock(label=_("Accepted answer"), max_length=200), label=_("Accepted answers"), min_num=1,
        help_text=_("Compared ignoring case, extra spaces and the form of the apostrophe."),
    )
    points = _points()
    feedback_correct = _feedback(_("Feedback when correct"))
    feedback_incorrect = _feedback(_("Feedback when incorrect"))

    class Meta:
        icon = "pilcrow"
        label = _("Short text answer")


class NumericBlock(QuestionBlock):
    prompt = _prompt()
    answer = blocks.DecimalBlock(label=_("Correct number"), max_digits=12, decimal_places=4)
    tolerance = blocks.DecimalBlock(
        label=_("Tolerance"), max_digits=12, decimal_places=4, min_value=0, default=0,
        help_text=_("Answers this far from the correct number, either way, also count."),
    )
    points = _points()
    feedback_correct = _feedback(_("Feedback when correct"))
    feedback_incorrect = _feedback(_("Feedback when incorrect"))

    class Meta:
        icon = "order"
        label = _("Numeric answer")


class StatementBlock(blocks.StructBlock):
    """A self-assessment statement, answered on the quiz's answer scale."""

    prompt = blocks.CharBlock(label=_("Statement"), max_length=500)
    reverse_scored = blocks.BooleanBlock(
        label=_("Reverse scored"), required=False,
        help_text=_("Tick for statements where agreeing means less strain, so the scale counts the other way."),
    )

    class Meta:
        icon = "list-ul"
        label = _("Self-assessment statement")


class QuestionStreamBlock(blocks.StreamBlock):
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    true_false = TrueFalseBlock()
    short_text = ShortTextBlock()
    numeric = NumericBlock()
    statement = StatementBlock()


GRADED_QUESTION_TYPES = frozenset({"single_choice", "multiple_choice", "true_false", "short_text", "numeric"})
SELF_ASSESSMENT_QUESTION_TYPES = frozenset({"statement"})


class ScaleOptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Answer"), max_length=100)
    score = blocks.IntegerBlock(label=_("Score"), min_value=0, max_value=100)

    class Meta:
        icon = "order"
        label = _("Answer on the scale")


class BandBlock(blocks.StructBlock):
    min_score = blocks.IntegerBlock(label=_("From score"), min_value=0)
    max_score = blocks.IntegerBlock(label=_("To score"), min_value=0)
    label = blocks.CharBlock(label=_("Result"), max_length=120)
    advice = blocks.RichTextBlock(label=_("Advice"), features=PROMPT_FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("Band")

    def clean(self, value):
        value = super().clean(value)
        if value["max_score"] < value["min_score"]:
            raise StructBlockValidationError(
                non_block_errors=ValidationError(_("A band must end at or above the score it starts from.")))
        return value
