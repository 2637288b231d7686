"""Choice lists for profiles: one source of truth for every form and filter."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Discipline(models.TextChoices):
    DESIGN = "design", _("Design")
    ARCHITECTURE = "architecture", _("Architecture and urbanism")
    VISUAL_ARTS = "visual_arts", _("Visual arts")
    PERFORMING_ARTS = "performing_arts", _("Performing arts")
    MUSIC = "music", _("Music and sound")
    FILM = "film", _("Film and video")
    PHOTOGRAPHY = "photography", _("Photography")
    WRITING = "writing", _("Writing and publishing")
    CRAFTS = "crafts", _("Crafts and making")
    FASHION = "fashion", _("Fashion and textiles")
    GAMES = "games", _("Games and interactive media")
    DIGITAL = "digital", _("Software and digital technology")
    HERITAGE = "heritage", _("Cultural heritage")
    SOCIAL = "social", _("Social innovation")
    BUSINESS = "business", _("Business and management")
    ENVIRONMENT = "environment", _("Environment and sustainability")
    EDUCATION = "education", _("Education and mediation")
    RESEARCH = "research", _("Research")


class SpokenLanguage(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")
    CA = "ca", _("Catalan")
    IT = "it", _("Italian")
    SR = "sr", _("Serbian")
    NL = "nl", _("Dutch")
    DE = "de", _("German")
    PT = "pt", _("Portuguese")
    AR = "ar", _("Arabic")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    UNDISCLOSED = "", _("Prefer not to say")
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    SELF_DESCRIBED = "other", _("In another way")


class ConsentKind(models.TextChoices):
    TERMS = "terms", _("Terms of use")
    PRIVACY = "privacy", _("Privacy notice")
    DEMOGRAPHICS = "demographics", _(
        "Use of my country, gender and discipline in anonymous statistics"
    )
