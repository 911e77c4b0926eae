"""The questions editors put on an open call's application form.

Each question is a StreamField block; its block id is the question's key in an application's answers
(a page translation keeps the ids, so an answer belongs to the same question in either language).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

# File kinds an editor may allow, with the content types and extensions the upload check accepts.
FILE_KINDS = {
    "pdf": (_("PDF"), ("application/pdf",), (".pdf",)),
    "docx": (_("Word document (.docx)"),
             ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",), (".docx",)),
    "image": (_("Photo or scan (JPEG, PNG)"), ("image/jpeg", "image/png"), (".jpg", ".jpeg", ".png")),
}
MAX_FILE_MB = 10


class _Question(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Question"), max_length=300)
    help_text = blocks.CharBlock(label=_("Help text"), required=False, max_length=500)
    required = blocks.BooleanBlock(label=_("Required"), required=False, default=True)


class ShortTextQuestion(_Question):
    class Meta:
        icon = "pilcrow"
        label = _("Short text")


class LongTextQuestion(_Question):
    max_words = blocks.IntegerBlock(label=_("Maximum words"), required=False, min_value=10)

    class Meta:
        icon = "doc-full"
        label = _("Long text")


class ChoiceQuestion(_Question):
    options = blocks.ListBlock(blocks.CharBlock(label=_("Option"), max_length=200), label=_("Options"), min_num=2)
    multiple = blocks.BooleanBlock(label=_("Several may be chosen"), required=False)

    class Meta:
        icon = "list-ul"
        label = _("Choice")


class FileQuestion(_Question):
    kinds = blocks.MultipleChoiceBlock(
        label=_("Accepted files"), choices=[(key, label) for key, (label, _types, _ext) in FILE_KINDS.items()],
        default=["pdf"])
    max_mb = blocks.IntegerBlock(label=_("Maximum size (MB)"), default=5, min_value=1, max_value=MAX_FILE_MB)

    class Meta:
        icon = "doc-full-inverse"
        label = _("File upload")


class ConsentQuestion(blocks.StructBlock):
    text = blocks.TextBlock(label=_("What the applicant agrees to"),
                            help_text=_("E.g. how their data is used and who sees it. Always required."))

    class Meta:
        icon = "tick-inverse"
        label = _("Consent")


class ApplicationQuestionsBlock(blocks.StreamBlock):
    short_text = ShortTextQuestion()
    long_text = LongTextQuestion()
    choice = ChoiceQuestion()
    file = FileQuestion()
    consent = ConsentQuestion()
