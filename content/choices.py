"""Shared vocabularies: professions and the reporting dimensions donors ask for."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Profession(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Case manager")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    REHABILITATION_SPECIALIST = "rehabilitation_specialist", _("Rehabilitation specialist")
    SPEECH_THERAPIST = "speech_therapist", _("Speech therapist")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    TEACHER = "teacher", _("Teacher")
    OTHER = "other", pgettext_lazy("profession", "Other")


class Oblast(models.TextChoices):
    VINNYTSIA = "vinnytsia", _("Vinnytsia oblast")
    VOLYN = "volyn", _("Volyn oblast")
    DNIPROPETROVSK = "dnipropetrovsk", _("Dnipropetrovsk oblast")
    DONETSK = "donetsk", _("Donetsk oblast")
    ZHYTOMYR = "zhytomyr", _("Zhytomyr oblast")
    ZAKARPATTIA = "zakarpattia", _("Zakarpattia oblast")
    ZAPORIZHZHIA = "zaporizhzhia", _("Zaporizhzhia oblast")
    IVANO_FRANKIVSK = "ivano_frankivsk", _("Ivano-Frankivsk oblast")
    KYIV_OBLAST = "kyiv_oblast", _("Kyiv oblast")
    KIROVOHRAD = "kirovohrad", _("Kirovohrad oblast")
    LUHANSK = "luhansk", _("Luhansk oblast")
    LVIV = "lviv", _("Lviv oblast")
    MYKOLAIV = "mykolaiv", _("Mykolaiv oblast")
    ODESA = "odesa", _("Odesa oblast")
    POLTAVA = "poltava", _("Poltava oblast")
    RIVNE = "rivne", _("Rivne oblast")
    SUMY = "sumy", _("Sumy oblast")
    TERNOPIL = "ternopil", _("Ternopil oblast")
    KHARKIV = "kharkiv", _("Kharkiv oblast")
    KHERSON = "kherson", _("Kherson oblast")
    KHMELNYTSKYI = "khmelnytskyi", _("Khmelnytskyi oblast")
    CHERKASY = "cherkasy", _("Cherkasy oblast")
    CHERNIVTSI = "chernivtsi", _("Chernivtsi oblast")
    CHERNIHIV = "chernihiv", _("Chernihiv oblast")
    KYIV_CITY = "kyiv_city", _("Kyiv city")
    CRIMEA = "crimea", _("Autonomous Republic of Crimea")
    SEVASTOPOL = "sevastopol", _("Sevastopol city")
    ABROAD = "abroad", _("Outside Ukraine")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class AgeBand(models.TextChoices):
    UNDER_25 = "18_24", _("18–24")
    FROM_25 = "25_34", _("25–34")
    FROM_35 = "35_44", _("35–44")
    FROM_45 = "45_54", _("45–54")
    FROM_55 = "55_64", _("55–64")
    OVER_65 = "65_plus", _("65 or older")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class DisplacementStatus(models.TextChoices):
    HOST = "host", _("Not displaced (host community)")
    IDP = "idp", _("Internally displaced person")
    RETURNEE = "returnee", _("Returnee")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class DisabilityStatus(models.TextChoices):
    NO = "no", _("No")
    YES = "yes", _("Yes")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")
