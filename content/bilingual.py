"""Words kept in both site languages on ordinary rows (a call's stages and rubric, a topic's name).

Pages have translations of their own; a row that every language shares keeps a Ukrainian and an English
field instead, and readers get their language's, or the Ukrainian one where the English is empty.
"""

from django.utils.translation import get_language


def in_reader_language(uk: str, en: str) -> str:
    """The English text for English readers when there is one; otherwise the Ukrainian."""
    return en if en and (get_language() or "").startswith("en") else uk


def fell_back_to_ukrainian(row, field: str) -> bool:
    """Whether an English reader of `row.<field>` gets the Ukrainian words (modeltranslation's fallback)."""
    if not (get_language() or "").startswith("en"):
        return False
    return not getattr(row, f"{field}_en", None) and bool(getattr(row, f"{field}_uk", None))
