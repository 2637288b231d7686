"""Content that hubs write, in several languages.

A model that offers this carries a ``translations`` JSONField shaped
``{"fr": {"title": "...", "summary": "..."}, "it": {...}}`` and lists the fields that may be
translated in ``TRANSLATABLE_FIELDS``. The original fields stay the reference text: whatever
is missing in a language falls back to them, so a half-translated call still reads whole.

Nothing here queries the database: the translations travel in the row itself, so a list of
calls costs the same number of queries in every language.
"""

from datetime import UTC, datetime
from functools import cache

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import format_lazy


def _base(code: str | None) -> str:
    """The language code as the site lists it (``fr-be`` → ``fr``; ``sr-latn`` stays)."""
    code = (code or settings.LANGUAGE_CODE).lower()
    codes = {c for c, _name in settings.LANGUAGES}
    if code in codes:
        return code
    short = code.split("-")[0]
    return short if short in codes else code


def localised(obj, field: str, language: str | None = None) -> str:
    """``obj.<field>`` in ``language`` (default: the active one), or the original text."""
    original = getattr(obj, field, "")
    translations = getattr(obj, "translations", None) or {}
    code = _base(language or translation.get_language())
    value = (translations.get(code) or {}).get(field)
    return value if isinstance(value, str) and value.strip() else original


class Localised:
    """A field to be shown in the recipient's language, resolved when a notification is
    written for that recipient (see :func:`resolve`)."""

    __slots__ = ("obj", "field")

    def __init__(self, obj, field: str):
        self.obj = obj
        self.field = field

    def resolve(self, language: str | None) -> str:
        return localised(self.obj, self.field, language)

    def __str__(self):
        return self.resolve(None)


class LocalisedDate:
    """A moment written into a message in the recipient's language and date style (a
    message's context is JSON, so it is resolved to text for each recipient).

    By default in UTC, the same for everyone: "24 novembre 2026 17:00 UTC". With
    ``local=True`` in the platform's time zone, named: "24 novembre 2026 18:00 CET" (for
    things that happen in a place, such as a training session). A ``date`` shows the day."""

    __slots__ = ("moment", "local")

    def __init__(self, moment, *, local: bool = False):
        self.moment = moment
        self.local = local

    def resolve(self, language: str | None) -> str:
        with translation.override(language or settings.LANGUAGE_CODE):
            if not isinstance(self.moment, datetime):
                return date_format(self.moment, "DATE_FORMAT")
            if self.local:
                moment = timezone.localtime(self.moment)
                return f"{date_format(moment, 'DATETIME_FORMAT')} {moment.tzname()}"
            return f"{date_format(self.moment.astimezone(UTC), 'DATETIME_FORMAT')} UTC"


def resolve(value, language: str | None):
    """Resolve :class:`Localised` and :class:`LocalisedDate` values (also inside dicts and
    lists) for ``language``."""
    if isinstance(value, Localised | LocalisedDate):
        return value.resolve(language)
    if isinstance(value, dict):
        return {k: resolve(v, language) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [resolve(v, language) for v in value]
    return value


# --- console forms -------------------------------------------------------------------------

def translation_languages(exclude: str | None = None) -> list[tuple[str, str]]:
    """The site's languages except the one the original text is written in."""
    return [(code, name) for code, name in settings.LANGUAGES if code != exclude]


def field_name(code: str, field: str) -> str:
    return f"tr_{code.replace('-', '_')}_{field}"


class TranslationsFormMixin:
    """Adds one optional input per language and translatable field to a ModelForm.

    Each input copies the original field (same type, length limit and validators, but never
    required), so a translation is validated like the text it translates. The values are
    saved into ``instance.translations`` (and given as ``cleaned_data["translations"]``);
    empty inputs drop the language's entry. A plain Form gives the current translations as
    ``initial["translations"]``.
    Templates render the groups from :meth:`translation_groups` (a disclosure per language).
    """

    translatable_fields: tuple[str, ...] = ()
    original_language = settings.LANGUAGE_CODE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A plain Form (no instance) passes ``translations=`` in its initial data instead.
        instance = getattr(self, "instance", None)
        existing = (getattr(instance, "translations", None)
                    or self.initial.get("translations") or {})
        self._translation_names = []
        for code, name in translation_languages(self.original_language):
            for field in self.translatable_fields:
                original = self.fields[field]
                copy = original.__class__(
                    required=False,
                    max_length=getattr(original, "max_length", None),
                    validators=[v for v in original.validators
                                if v.__class__.__name__ not in ("MaxLengthValidator",
                                                                "ProhibitNullCharactersValidator")],
                    label=format_lazy("{} ({})", original.label, name),
                    widget=original.widget.__class__(attrs=dict(original.widget.attrs)),
                )
                copy.widget.attrs["lang"] = code
                key = field_name(code, field)
                copy.initial = (existing.get(code) or {}).get(field, "")
                self.fields[key] = copy
                self._translation_names.append((code, name, field, key))

    def translation_groups(self):
        """``[(code, language name, [bound fields], has content)]`` for the template."""
        groups = {}
        for code, name, _field, key in self._translation_names:
            group = groups.setdefault(code, {"code": code, "name": name, "fields": [],
                                             "filled": False, "errors": False})
            bound = self[key]
            group["fields"].append(bound)
            if bound.value():
                group["filled"] = True
            if bound.errors:
                group["errors"] = True
        return list(groups.values())

    def visible_original_fields(self):
        names = {key for *_rest, key in self._translation_names}
        return [bf for bf in self.visible_fields() if bf.name not in names]

    def clean(self):
        data = super().clean()
        translations = {}
        for code, _name, field, key in self._translation_names:
            value = (data.pop(key, None) or "").strip()
            if value:
                translations.setdefault(code, {})[field] = value
        # ``cleaned_data["translations"]`` too: views that hand the cleaned data to a service
        # pass the translations along with the original fields.
        self.cleaned_translations = data["translations"] = translations
        return data

    def save(self, commit=True):
        self.instance.translations = getattr(self, "cleaned_translations", {})
        return super().save(commit=commit)


@cache
def translations_only_form(model):
    """A ModelForm class with only the per-language inputs of ``model``'s
    ``TRANSLATABLE_FIELDS`` (validated like the originals, which it does not change): the
    page that fills in a text the checklist shows as missing. Built once per model."""
    from django import forms

    model_class, field_names = model, list(model.TRANSLATABLE_FIELDS)

    class TranslationsOnlyForm(TranslationsFormMixin, forms.ModelForm):
        translatable_fields = model.TRANSLATABLE_FIELDS

        class Meta:
            model = model_class
            fields = field_names

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in self.translatable_fields:  # the inputs were copied from these
                del self.fields[field]

    return TranslationsOnlyForm


# --- the staff's checklist -----------------------------------------------------------------

def missing_languages(obj, original_language: str | None = None) -> list[str]:
    """The languages (codes) in which at least one of ``obj``'s written texts has no
    translation. An empty original needs none."""
    written = [f for f in obj.TRANSLATABLE_FIELDS if (getattr(obj, f, "") or "").strip()]
    translations = getattr(obj, "translations", None) or {}
    return [code for code, _name in translation_languages(original_language or
                                                          settings.LANGUAGE_CODE)
            if written and any(not (translations.get(code) or {}).get(f, "").strip()
                               for f in written)]


def translation_checklist(items) -> dict:
    """``items``: ``[(group label, object, url to translate it)]``. Gives the rows (each with
    the languages it lacks, as ``[(code, name, missing)]``) and, per language, how many texts
    lack it: ``{"languages", "rows", "missing": {code: n}, "total", "complete"}``."""
    languages = translation_languages(settings.LANGUAGE_CODE)
    rows, missing = [], {code: 0 for code, _name in languages}
    for group, obj, url in items:
        lacking = set(missing_languages(obj))
        for code in lacking:
            missing[code] += 1
        rows.append({"group": group, "object": obj, "url": url, "lacking": bool(lacking),
                     "languages": [(code, name, code in lacking) for code, name in languages]})
    return {"languages": [(code, name, missing[code]) for code, name in languages],
            "rows": rows, "missing": missing, "total": len(rows),
            "complete": not any(missing.values())}
