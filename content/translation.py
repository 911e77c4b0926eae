"""Words on ordinary rows kept in both languages (communities_uk, communities_en, ...); see MODELTRANSLATION_*."""

from modeltranslation.translator import TranslationOptions, register

from content.models import Call, SiteSettings


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("communities",)


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("organisation_name",)
