"""Words on sessions kept in both languages (title_uk, title_en, ...); see MODELTRANSLATION_* in the settings."""

from modeltranslation.translator import TranslationOptions, register

from enrollments.models import SessionDay, TrainingSession


@register(TrainingSession)
class TrainingSessionTranslation(TranslationOptions):
    fields = ("title", "venue", "city")


@register(SessionDay)
class SessionDayTranslation(TranslationOptions):
    fields = ("topic",)
